package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

func TestJSON_MessageSizeLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ""), nil)

	const max = 1 << 20 // 1 MiB, the default MaximumMessageSize
	if _, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url),
		MessageBody: aws.String(strings.Repeat("a", max))}); err != nil {
		t.Fatalf("SendMessage of exactly 1 MiB: %v", err)
	}
	_, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url),
		MessageBody: aws.String(strings.Repeat("a", max+1))})
	wantAPIError(t, err, "InvalidParameterValue")

	msgs := h.receive(t, url, 10, 30)
	if len(msgs) != 1 || len(aws.ToString(msgs[0].Body)) != max {
		t.Fatalf("received %d messages, want the 1 MiB one alone", len(msgs))
	}
}

func TestJSON_MessageGroupOnStandardQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ""), nil)
	out, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url),
		MessageBody: aws.String("tenant work"), MessageGroupId: aws.String("tenant-7")})
	if err != nil {
		t.Fatalf("SendMessage with MessageGroupId to a standard queue: %v", err)
	}
	if out.SequenceNumber != nil {
		t.Errorf("standard queue returned SequenceNumber %q", *out.SequenceNumber)
	}
	msgs := h.receive(t, url, 1, 30)
	if len(msgs) != 1 || msgs[0].Attributes["MessageGroupId"] != "tenant-7" {
		t.Fatalf("received %v, want the message with MessageGroupId tenant-7", msgs)
	}
}

func TestJSON_FIFOReceiveRequestAttemptID(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ".fifo"), map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	for _, body := range []string{"one", "two"} {
		if _, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url),
			MessageBody: aws.String(body), MessageGroupId: aws.String("g")}); err != nil {
			t.Fatalf("SendMessage: %v", err)
		}
	}
	receive := func() *sqs.ReceiveMessageOutput {
		t.Helper()
		out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url),
			MaxNumberOfMessages: 10, ReceiveRequestAttemptId: aws.String("attempt-1")})
		if err != nil {
			t.Fatalf("ReceiveMessage: %v", err)
		}
		return out
	}
	first, retry := receive(), receive()
	if got := bodies(first.Messages); !slices.Equal(got, []string{"one", "two"}) {
		t.Fatalf("first receive = %v, want [one two]", got)
	}
	if !slices.Equal(bodies(retry.Messages), bodies(first.Messages)) {
		t.Fatalf("retry with the same attempt id = %v, want %v", bodies(retry.Messages), bodies(first.Messages))
	}
	for i := range first.Messages {
		if aws.ToString(retry.Messages[i].ReceiptHandle) != aws.ToString(first.Messages[i].ReceiptHandle) {
			t.Errorf("retry returned a new receipt handle for %s", aws.ToString(first.Messages[i].Body))
		}
	}
}
