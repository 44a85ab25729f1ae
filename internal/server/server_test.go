package server_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/internal/servertest"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServer_ServeHealthzShutdown(t *testing.T) {
	t.Parallel()
	srv, err := server.New(server.Config{Memory: true})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if srv.Addr() != nil || srv.URL() != "" {
		t.Errorf("Addr before serving = %v, want nil", srv.Addr())
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()

	if code, body := get(t, "http://"+l.Addr().String()+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("healthz = %d %q, want 200 \"ok\\n\"", code, body)
	}
	if srv.Addr() == nil || srv.Addr().String() != l.Addr().String() {
		t.Errorf("Addr = %v, want %v", srv.Addr(), l.Addr())
	}
	if err := srv.Serve(l); err == nil {
		t.Errorf("second Serve succeeded, want an error")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve returned %v after Shutdown, want nil", err)
	}
	select {
	case <-srv.Done():
	default:
		t.Errorf("Done not closed after Shutdown")
	}
	if err := srv.Shutdown(ctx); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
}

func TestServer_NewWithoutDataDir(t *testing.T) {
	t.Parallel()
	if _, err := server.New(server.Config{}); err == nil {
		t.Fatal("New with neither a data dir nor memory mode succeeded")
	}
}

func TestServer_ShutdownWithoutServing(t *testing.T) {
	t.Parallel()
	srv, err := server.New(server.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

func TestServer_ShutdownAnswersLongPolls(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv, err := server.New(server.Config{Memory: true, Listen: "127.0.0.1:0", Clock: clk})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := srv.Start(ctx); err != nil {
		t.Fatalf("Start: %v", err)
	}
	client := sqs.New(sqs.Options{Region: servertest.Region, BaseEndpoint: aws.String(srv.URL()),
		Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1})
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("idle")})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}

	before := clk.Timers()
	type result struct {
		msgs int
		err  error
	}
	polled := make(chan result, 1)
	go func() {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: out.QueueUrl, WaitTimeSeconds: 20})
		r := result{err: err}
		if out != nil {
			r.msgs = len(out.Messages)
		}
		polled <- r
	}()
	// The fake clock never reaches the poll's 20 s: only shutdown can
	// answer it. A new timer on the clock means the poll is waiting.
	waitCtx, cancelWait := context.WithTimeout(ctx, 10*time.Second)
	defer cancelWait()
	if err := clk.AwaitTimers(waitCtx, before+1); err != nil {
		t.Fatal("long poll never started waiting")
	}

	shutdownCtx, cancelShutdown := context.WithTimeout(ctx, 10*time.Second)
	defer cancelShutdown()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		t.Fatalf("Shutdown with a long poll waiting: %v", err)
	}
	r := <-polled
	if r.err != nil || r.msgs != 0 {
		t.Errorf("long poll at shutdown = %d messages, error %v; want an empty answer", r.msgs, r.err)
	}
}

func TestServer_DataSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	first := servertest.Start(t, servertest.WithDataDir(dir))
	c := first.SQS(t)
	created, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("durable")})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}
	if _, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: created.QueueUrl, MessageBody: aws.String("kept")}); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	first.Stop(t)

	second := servertest.Start(t, servertest.WithDataDir(dir))
	c = second.SQS(t)
	url, err := c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("durable")})
	if err != nil {
		t.Fatalf("GetQueueUrl after restart: %v", err)
	}
	got, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url.QueueUrl})
	if err != nil {
		t.Fatalf("ReceiveMessage after restart: %v", err)
	}
	if len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "kept" {
		t.Errorf("after restart received %v, want the message sent before", got.Messages)
	}
}
