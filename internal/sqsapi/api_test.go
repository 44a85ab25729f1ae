package sqsapi

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/store/pebblestore"
)

const (
	testAccount  = "000000000000"
	otherAccount = "111111111111"
)

var testStart = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// testBundle is an API over a real queue service on an in-memory
// pebblestore, and a request context for the test account.
type testBundle struct {
	api   *API
	clock *clocktest.Fake
	ctx   context.Context
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	st, err := pebblestore.Open("", pebblestore.Options{FS: vfs.NewMem()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	clk := clocktest.New(testStart)
	svc := queue.New(st, clk, queue.Options{})
	t.Cleanup(svc.Close)
	return &testBundle{
		api:   New(svc, Options{}),
		clock: clk,
		ctx:   requestContext(testAccount, "/"),
	}
}

func requestContext(account, path string) context.Context {
	return awsproto.WithRequest(context.Background(), &awsproto.Request{
		ID: "req", Host: "localhost:4566", Scheme: "http", Path: path, Account: account, Region: "us-east-1",
	})
}

// createQueue creates a queue and returns its URL.
func (b *testBundle) createQueue(t *testing.T, name string, attrs map[string]string) string {
	t.Helper()
	out, err := b.api.CreateQueue(b.ctx, &CreateQueueInput{QueueName: name, Attributes: attrs})
	if err != nil {
		t.Fatalf("CreateQueue(%s): %v", name, err)
	}
	return out.QueueURL
}

// wantError checks that err is the AWS error of the given JSON type once
// it has gone through the error table, and returns it.
func (b *testBundle) wantError(t *testing.T, err error, typ string) *awsproto.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", typ)
	}
	awsErr := b.api.Error(err)
	if awsErr.Type != typ {
		t.Fatalf("error %v (%s), want %s", err, awsErr.Type, typ)
	}
	return awsErr
}

// must returns a check of a handler's result: fatal on error, else the
// output. Use as must(b.api.X(ctx, in))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func ptr[T any](v T) *T { return &v }

// TestZeroInputs calls every action with an empty input: each must answer
// with an AWS error of the sender (or, for ListQueues, succeed), never
// panic or fail as the server's fault.
func TestZeroInputs(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, op := range b.api.Operations() {
		t.Run(op.Name, func(t *testing.T) {
			_, err := op.Call(b.ctx, op.NewInput())
			if op.Name == "ListQueues" {
				if err != nil {
					t.Fatalf("ListQueues: %v", err)
				}
				return
			}
			awsErr := b.wantError(t, err, "MissingRequiredParameterException")
			if awsErr.Status != 400 || awsErr.Fault != awsproto.Sender {
				t.Errorf("error %+v, want 400 Sender", awsErr)
			}
		})
	}
}

func TestOtherAccountsQueuesAreInvisible(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "private", nil)
	other := requestContext(otherAccount, "/")

	_, err := b.api.SendMessage(other, &SendMessageInput{QueueURL: url, MessageBody: "x"})
	b.wantError(t, err, "QueueDoesNotExist")
	_, err = b.api.GetQueueUrl(other, &GetQueueUrlInput{QueueName: "private"})
	b.wantError(t, err, "QueueDoesNotExist")
	_, err = b.api.GetQueueUrl(other, &GetQueueUrlInput{QueueName: "private", QueueOwnerAWSAccountID: testAccount})
	b.wantError(t, err, "QueueDoesNotExist")
	list := must(b.api.ListQueues(other, &ListQueuesInput{}))(t)
	if list.QueueURLs != nil {
		t.Errorf("other account lists %q", list.QueueURLs)
	}
	arn := "arn:aws:sqs:us-east-1:" + testAccount + ":private"
	_, err = b.api.ListMessageMoveTasks(other, &ListMessageMoveTasksInput{SourceARN: arn})
	awsErr := b.wantError(t, err, "ResourceNotFoundException")
	if awsErr.Status != 404 {
		t.Errorf("status %d, want 404", awsErr.Status)
	}
}

func TestQueryRequestToQueuePath(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.createQueue(t, "by-path", nil)
	ctx := requestContext(testAccount, "/"+testAccount+"/by-path")
	must(b.api.SendMessage(ctx, &SendMessageInput{MessageBody: "hello"}))(t)
	out := must(b.api.ReceiveMessage(ctx, &ReceiveMessageInput{WaitTimeSeconds: ptr(0)}))(t)
	if len(out.Messages) != 1 || out.Messages[0].Body != "hello" {
		t.Fatalf("received %+v", out.Messages)
	}
}

func TestErrorsOfHandlersAreSenderErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	_, err := b.api.ReceiveMessage(b.ctx, &ReceiveMessageInput{QueueURL: url, MaxNumberOfMessages: ptr(11)})
	awsErr := b.wantError(t, err, "InvalidParameterValueException")
	if awsErr.QueryCode != "InvalidParameterValue" || awsErr.Fault != awsproto.Sender {
		t.Errorf("error %+v", awsErr)
	}
	_, err = b.api.DeleteMessage(b.ctx, &DeleteMessageInput{QueueURL: url, ReceiptHandle: "garbage"})
	b.wantError(t, err, "ReceiptHandleIsInvalid")
	var domainErr *queue.Error
	if !errors.As(err, &domainErr) {
		t.Errorf("DeleteMessage error %T, want a queue domain error", err)
	}
}
