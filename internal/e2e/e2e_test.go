// Package e2e tests sluice from the outside, through the clients users run:
// aws-sdk-go-v2 (AWS JSON 1.0), aws-sdk-go v1 (query protocol), raw HTTP
// and the AWS CLI, each against an in-process server.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	"github.com/sluicemq/sluice/internal/servertest"
)

// account is the account sluice uses when no credentials are configured.
const account = "000000000000"

// testTimeout bounds every call a test makes; long polls wait at most 20 s.
const testTimeout = 60 * time.Second

var queueSeq atomic.Int64

// queueName returns a queue name unique within the test binary, built from
// the test's name so a failing request is easy to trace.
func queueName(t testing.TB, suffix string) string {
	base := strings.NewReplacer("/", "-", "_", "-").Replace(t.Name())
	if len(base) > 50 {
		base = base[len(base)-50:]
	}
	return fmt.Sprintf("%s-%d%s", strings.Trim(base, "-"), queueSeq.Add(1), suffix)
}

// testContext returns a context bounded by testTimeout.
func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// harness is a server plus a JSON-protocol client aimed at it.
type harness struct {
	srv *servertest.Server
	sqs *sqs.Client
	ctx context.Context
}

func newHarness(t *testing.T, opts ...servertest.Option) *harness {
	t.Helper()
	srv := servertest.Start(t, opts...)
	return &harness{srv: srv, sqs: srv.SQS(t), ctx: testContext(t)}
}

// createQueue creates a queue and returns its URL.
func (h *harness) createQueue(t *testing.T, name string, attrs map[string]string) string {
	t.Helper()
	out, err := h.sqs.CreateQueue(h.ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("CreateQueue %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl)
}

// queueArn returns the QueueArn attribute of a queue.
func (h *harness) queueArn(t *testing.T, url string) string {
	t.Helper()
	return h.attributes(t, url, types.QueueAttributeNameQueueArn)[string(types.QueueAttributeNameQueueArn)]
}

// attributes returns the named attributes of a queue.
func (h *harness) attributes(t *testing.T, url string, names ...types.QueueAttributeName) map[string]string {
	t.Helper()
	out, err := h.sqs.GetQueueAttributes(h.ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: names})
	if err != nil {
		t.Fatalf("GetQueueAttributes %v: %v", names, err)
	}
	return out.Attributes
}

// send sends one message body and returns the message id.
func (h *harness) send(t *testing.T, url, body string) string {
	t.Helper()
	out, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	return aws.ToString(out.MessageId)
}

// receive makes one short-poll receive of up to max messages.
func (h *harness) receive(t *testing.T, url string, max int32, visibility int32) []types.Message {
	t.Helper()
	out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{
		QueueUrl:                    aws.String(url),
		MaxNumberOfMessages:         max,
		VisibilityTimeout:           visibility,
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		MessageAttributeNames:       []string{"All"},
	})
	if err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	return out.Messages
}

// bodies returns the bodies of messages, in order.
func bodies(msgs []types.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = aws.ToString(m.Body)
	}
	return out
}

// wantAPIError checks that err is an API error with the given code, as
// ErrorCode() reports it (the query-compatible code), and returns it.
func wantAPIError(t *testing.T, err error, code string) smithy.APIError {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want an API error with code %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Errorf("ErrorCode() = %q, want %q (message %q)", apiErr.ErrorCode(), code, apiErr.ErrorMessage())
	}
	return apiErr
}
