package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/admin"
	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/internal/servertest"
)

// checkVerbExample parses an example of a command with subcommands with
// the flags of its subcommand.
func checkVerbExample(t *testing.T, e example) {
	t.Helper()
	if len(e.args) < 2 {
		t.Fatalf("%q: name a subcommand of %s", e.line(), e.args[0])
	}
	var run func(context.Context, []string, IO) error
	for _, v := range commandVerbs()[e.args[0]] {
		if v.name == e.args[1] {
			run = v.run
		}
	}
	if run == nil {
		t.Fatalf("%q: %s has no subcommand %q", e.line(), e.args[0], e.args[1])
	}
	var fs *flag.FlagSet
	_ = run(context.Background(), []string{"-h"}, IO{Out: io.Discard, Err: io.Discard, onFlagSet: func(f *flag.FlagSet) { fs = f }})
	fs.SetOutput(io.Discard)
	pos, err := parseInterleaved(fs, e.args[2:])
	if err != nil || len(pos) > 1 {
		t.Fatalf("%q: %v, arguments %q; want its flags and at most one argument", e.line(), err, pos)
	}
}

// runAdminCLI runs sluice with args and returns its exit code, stdout and
// stderr.
func runAdminCLI(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(t.Context(), args, IO{Out: &out, Err: &errOut, LookupEnv: env(vars)})
	return code, out.String(), errOut.String()
}

// mustAdminCLI runs sluice and fails the test unless it exits 0.
func mustAdminCLI(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := runAdminCLI(t, nil, args...)
	if code != exitOK {
		t.Fatalf("sluice %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func TestQueueCommands(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	ctx := t.Context()
	client := srv.SQS(t)
	if _, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders")}); err != nil {
		t.Fatal(err)
	}
	ep := []string{"--endpoint", srv.URL}
	out := mustAdminCLI(t, append([]string{"queue", "send", "orders", "--body", "line one\nline two", "--repeat", "3", "--attr", "kind=Number:7"}, ep...)...)
	if !strings.Contains(out, "sent 3 message(s)") {
		t.Fatalf("send printed %q", out)
	}
	var list admin.QueueList
	decode(t, mustAdminCLI(t, append([]string{"queue", "ls", "-o", "json"}, ep...)...), &list)
	if len(list.Queues) != 1 || list.Queues[0].Visible != 3 {
		t.Fatalf("ls = %+v, want orders with 3 visible", list.Queues)
	}
	table := mustAdminCLI(t, append([]string{"queue", "peek", "orders", "--max", "2"}, ep...)...)
	if lines := strings.Split(strings.TrimSpace(table), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "MESSAGE ID") ||
		!strings.Contains(lines[1], `line one\nline two`) || !strings.Contains(lines[1], "visible") {
		t.Fatalf("peek table:\n%s", table)
	}
	got, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(list.Queues[0].URL), MaxNumberOfMessages: 10,
		MessageSystemAttributeNames: []sqstypesName{"ApproximateReceiveCount"}, MessageAttributeNames: []string{"All"}})
	if err != nil || len(got.Messages) != 3 || got.Messages[0].Attributes["ApproximateReceiveCount"] != "1" ||
		*got.Messages[0].MessageAttributes["kind"].StringValue != "7" {
		t.Fatalf("SDK receive after peek = %+v, %v; want 3 messages received for the first time, with kind=7", got, err)
	}
	mustAdminCLI(t, append([]string{"queue", "purge", "000000000000/orders"}, ep...)...)
	decode(t, mustAdminCLI(t, append([]string{"queue", "ls", "-o", "json"}, ep...)...), &list)
	if q := list.Queues[0]; q.Visible+q.InFlight != 0 {
		t.Fatalf("after purge: %+v", q)
	}
	if code, _, errOut := runAdminCLI(t, nil, append([]string{"queue", "peek", "nope"}, ep...)...); code != exitError ||
		!strings.Contains(errOut, "does not exist") {
		t.Fatalf("peek of a missing queue: exit %d, %q", code, errOut)
	}
	if code, _, _ := runAdminCLI(t, nil, append([]string{"queue", "peek"}, ep...)...); code != exitUsage {
		t.Fatalf("peek without a queue: exit %d, want %d", code, exitUsage)
	}
	if code, _, errOut := runAdminCLI(t, nil, append([]string{"queue", "ls", "-o", "yaml"}, ep...)...); code != exitError || !strings.Contains(errOut, "table or json") {
		t.Fatalf("-o yaml: exit %d, %q", code, errOut)
	}
	if code, _, _ := runAdminCLI(t, nil, "queue", "frobnicate"); code != exitUsage {
		t.Fatalf("an unknown subcommand: exit %d, want %d", code, exitUsage)
	}
}

func TestQueueRedriveWaits(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	ctx := t.Context()
	client := srv.SQS(t)
	if _, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("src-dlq")}); err != nil {
		t.Fatal(err)
	}
	src, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("src"), Attributes: map[string]string{
		"VisibilityTimeout": "0",
		"RedrivePolicy":     `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:src-dlq","maxReceiveCount":1}`}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: src.QueueUrl, MessageBody: aws.String("poison")}); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second receive dead-letters it
		if _, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: src.QueueUrl}); err != nil {
			t.Fatal(err)
		}
	}
	out := mustAdminCLI(t, "queue", "redrive", "src-dlq", "--wait", "--endpoint", srv.URL)
	if !strings.Contains(out, "COMPLETED: moved 1 of 1") {
		t.Fatalf("redrive printed %q", out)
	}
	var peek admin.Peek
	decode(t, mustAdminCLI(t, "queue", "peek", "src", "-o", "json", "--endpoint", srv.URL), &peek)
	if len(peek.Messages) != 1 || peek.Messages[0].Body != "poison" {
		t.Fatalf("src after the redrive: %+v", peek.Messages)
	}
}

func TestStreamCommands(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	ctx := t.Context()
	ks := srv.Kinesis(t)
	if _, err := ks.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		if _, err := ks.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("clicks"), PartitionKey: aws.String(k), Data: []byte("data " + k)}); err != nil {
			t.Fatal(err)
		}
	}
	var list admin.StreamList
	decode(t, mustAdminCLI(t, "stream", "ls", "-o", "json", "--endpoint", srv.URL), &list)
	if len(list.Streams) != 1 || list.Streams[0].OpenShards != 2 {
		t.Fatalf("stream ls = %+v", list.Streams)
	}
	out := mustAdminCLI(t, "stream", "tail", "clicks", "-o", "json", "--endpoint", srv.URL)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("tail printed %d lines, want 5:\n%s", len(lines), out)
	}
	var rec struct {
		Shard string `json:"shard"`
		Data  string `json:"data"`
	}
	decode(t, lines[0], &rec)
	if !strings.HasPrefix(rec.Shard, "shardId-") || !strings.HasPrefix(rec.Data, "data ") {
		t.Fatalf("tail line = %s", lines[0])
	}
	limited := mustAdminCLI(t, "stream", "tail", "clicks", "--limit", "1", "--endpoint", srv.URL)
	if n := len(strings.Split(strings.TrimSpace(limited), "\n")); n != 2 {
		t.Fatalf("tail --limit 1 printed %d lines, want one a shard:\n%s", n, limited)
	}
}

func TestAdminCommandsSignIn(t *testing.T) {
	t.Parallel()
	alice := server.Credential{AccessKey: "AKIDALICE", Secret: "alice-secret", Account: "111111111111"}
	bob := server.Credential{AccessKey: "AKIDBOB", Secret: "bob-secret", Account: "222222222222"}
	srv := servertest.Start(t, servertest.WithCredentials(alice, bob))
	ctx := t.Context()
	for _, c := range []server.Credential{alice, bob} {
		client := sqs.NewFromConfig(srv.AWSConfigAs(c.AccessKey, c.Secret))
		if _, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("q-" + c.Account)}); err != nil {
			t.Fatal(err)
		}
	}
	var list admin.QueueList
	decode(t, mustAdminCLI(t, "queue", "ls", "-o", "json", "--endpoint", srv.URL, "--credential", "AKIDALICE:alice-secret:111111111111"), &list)
	if len(list.Queues) != 1 || list.Queues[0].Name != "q-111111111111" {
		t.Fatalf("alice's ls = %+v", list.Queues)
	}
	vars := map[string]string{"SLUICE_CREDENTIALS": "AKIDALICE:alice-secret:111111111111,AKIDBOB:bob-secret:222222222222"}
	code, out, errOut := runAdminCLI(t, vars, "queue", "ls", "-o", "json", "--endpoint", srv.URL, "--access-key", "AKIDBOB")
	if code != exitOK || !strings.Contains(out, "q-222222222222") || strings.Contains(out, "q-111111111111") {
		t.Fatalf("bob's ls: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runAdminCLI(t, nil, "queue", "peek", "222222222222/q-222222222222", "--endpoint", srv.URL,
		"--credential", "AKIDALICE:alice-secret:111111111111"); code != exitError || !strings.Contains(errOut, "does not exist") {
		t.Fatalf("alice peeking bob's queue: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runAdminCLI(t, nil, "queue", "ls", "--endpoint", srv.URL, "--credential", "AKIDALICE:wrong:111111111111"); code != exitError ||
		!strings.Contains(errOut, "wrong") {
		t.Fatalf("a wrong secret: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runAdminCLI(t, nil, "queue", "ls", "--endpoint", srv.URL); code != exitError || !strings.Contains(errOut, "sign in") {
		t.Fatalf("no credential: exit %d, %q", code, errOut)
	}
}

// sqstypesName is the SDK's system attribute name type.
type sqstypesName = sqstypes.MessageSystemAttributeName

func decode(t *testing.T, text string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(text), v); err != nil {
		t.Fatalf("not the JSON expected: %v\n%s", err, text)
	}
}
