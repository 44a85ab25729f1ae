package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/internal/servertest"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

const (
	logKey    = "AKIALOGTEST000000001"
	logSecret = "s3cr3t-never-in-the-logs"
	logBody   = "message-body-never-in-the-logs"
	logData   = "record-data-never-in-the-logs"
)

// serveAndLog runs a signed SendMessage and PutRecord against a server
// logging JSON at level, and returns the log.
func serveAndLog(t *testing.T, level slog.Level) (string, string, string) {
	t.Helper()
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: level}))
	srv := servertest.Start(t, servertest.WithLogger(logger),
		servertest.WithCredentials(server.Credential{AccessKey: logKey, Secret: logSecret, Account: "123456789012"}))
	cfg := srv.AWSConfigAs(logKey, logSecret)
	ctx := context.Background()
	client := sqs.NewFromConfig(cfg, func(o *sqs.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	queueName := "logged-" + strings.ToLower(level.String())
	q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(queueName)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(logBody)}); err != nil {
		t.Fatal(err)
	}
	kin := kinesis.NewFromConfig(cfg, func(o *kinesis.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	streamName := "logged-stream-" + strings.ToLower(level.String())
	if _, err := kin.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(streamName), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := kin.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(streamName),
		PartitionKey: aws.String("k"), Data: []byte(logData)}); err != nil {
		t.Fatal(err)
	}
	srv.Stop(t)
	return logs.String(), queueName, streamName
}

func assertNoSecrets(t *testing.T, logs string) {
	t.Helper()
	for _, secret := range []string{logSecret, logBody, logData, "Signature="} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q:\n%s", secret, logs)
		}
	}
}

func TestRequestLog_InfoLogsNoRequestsBodiesOrSecrets(t *testing.T) {
	t.Parallel()
	logs, _, _ := serveAndLog(t, slog.LevelInfo)
	if logs == "" {
		t.Fatal("nothing logged at info level: the test would prove nothing")
	}
	if strings.Contains(logs, `"msg":"request"`) {
		t.Errorf("request lines at info level:\n%s", logs)
	}
	assertNoSecrets(t, logs)
}

func TestRequestLog_DebugLogsOneLinePerRequest(t *testing.T) {
	t.Parallel()
	logs, queueName, streamName := serveAndLog(t, slog.LevelDebug)
	for _, want := range []string{
		`"msg":"request","api":"sqs","action":"SendMessage","queue":"` + queueName + `","account":"123456789012"`,
		`"msg":"request","api":"kinesis","action":"PutRecord","stream":"` + streamName + `","account":"123456789012"`,
	} {
		line := lineWith(logs, want)
		if line == "" {
			t.Errorf("no line with %s in:\n%s", want, logs)
			continue
		}
		for _, field := range []string{`"status":200`, `"duration_s":`, `"request_id":`} {
			if !strings.Contains(line, field) {
				t.Errorf("request line lacks %s: %s", field, line)
			}
		}
	}
	assertNoSecrets(t, logs)
}

func lineWith(logs, substr string) string {
	for line := range strings.Lines(logs) {
		if strings.Contains(line, substr) {
			return line
		}
	}
	return ""
}
