package sqsapi

import (
	"crypto/md5"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// receiveOne receives exactly one message without waiting.
func (b *testBundle) receiveOne(t *testing.T, in *ReceiveMessageInput) Message {
	t.Helper()
	in.WaitTimeSeconds = ptr(0)
	out := must(b.api.ReceiveMessage(b.ctx, in))(t)
	if len(out.Messages) != 1 {
		t.Fatalf("received %d messages, want 1", len(out.Messages))
	}
	return out.Messages[0]
}

func TestSendReceiveDelete(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	sent := must(b.api.SendMessage(b.ctx, &SendMessageInput{QueueURL: url, MessageBody: "hello"}))(t)
	if sent.MessageID == "" || sent.MD5OfMessageBody != md5Hex("hello") {
		t.Errorf("SendMessage = %+v", sent)
	}
	if sent.MD5OfMessageAttributes != "" || sent.SequenceNumber != "" {
		t.Errorf("SendMessage without attributes on a standard queue = %+v", sent)
	}
	m := b.receiveOne(t, &ReceiveMessageInput{QueueURL: url})
	if m.MessageID != sent.MessageID || m.Body != "hello" || m.MD5OfBody != md5Hex("hello") || m.ReceiptHandle == "" {
		t.Errorf("received %+v", m)
	}
	if m.Attributes != nil || m.MessageAttributes != nil || m.MD5OfMessageAttributes != "" {
		t.Errorf("attributes nobody asked for: %+v", m)
	}
	must(b.api.DeleteMessage(b.ctx, &DeleteMessageInput{QueueURL: url, ReceiptHandle: m.ReceiptHandle}))(t)
	b.clock.Advance(time.Hour)
	out := must(b.api.ReceiveMessage(b.ctx, &ReceiveMessageInput{QueueURL: url, WaitTimeSeconds: ptr(0)}))(t)
	if out.Messages != nil {
		t.Errorf("deleted message came back: %+v", out.Messages)
	}
}

func TestSendMessageMissingBody(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	_, err := b.api.SendMessage(b.ctx, &SendMessageInput{QueueURL: url})
	awsErr := b.wantError(t, err, "MissingRequiredParameterException")
	if awsErr.QueryCode != "MissingParameter" || awsErr.Message != "The request must contain the parameter MessageBody." {
		t.Errorf("error %+v", awsErr)
	}
}

func TestReceiveSystemAttributes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	must(b.api.SendMessage(b.ctx, &SendMessageInput{
		QueueURL:    url,
		MessageBody: "x",
		MessageSystemAttributes: map[string]MessageAttributeValue{
			"AWSTraceHeader": {DataType: "String", StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793"},
		},
	}))(t)
	sentAt := strconv.FormatInt(testStart.UnixMilli(), 10)
	b.clock.Advance(1500 * time.Millisecond)
	firstReceive := strconv.FormatInt(b.clock.Now().UnixMilli(), 10)

	m := b.receiveOne(t, &ReceiveMessageInput{QueueURL: url, AttributeNames: []string{"All"}})
	want := map[string]string{
		"SenderId":                         testAccount,
		"SentTimestamp":                    sentAt,
		"ApproximateReceiveCount":          "1",
		"ApproximateFirstReceiveTimestamp": firstReceive,
		"AWSTraceHeader":                   "Root=1-5759e988-bd862e3fe1be46a994272793",
	}
	if !maps.Equal(m.Attributes, want) {
		t.Errorf("All attributes = %v\nwant %v", m.Attributes, want)
	}

	// Make it visible again; ask by the newer parameter, for some names.
	must(b.api.ChangeMessageVisibility(b.ctx, &ChangeMessageVisibilityInput{QueueURL: url, ReceiptHandle: m.ReceiptHandle}))(t)
	m = b.receiveOne(t, &ReceiveMessageInput{
		QueueURL:                    url,
		AttributeNames:              []string{"SentTimestamp"},
		MessageSystemAttributeNames: []string{"ApproximateReceiveCount", "SequenceNumber"},
	})
	want = map[string]string{"SentTimestamp": sentAt, "ApproximateReceiveCount": "2"}
	if !maps.Equal(m.Attributes, want) {
		t.Errorf("selected attributes = %v, want %v", m.Attributes, want)
	}
}

func TestReceiveMessageAttributes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	attrs := map[string]MessageAttributeValue{
		"bar.one": {DataType: "String", StringValue: "1"},
		"bar.two": {DataType: "Number", StringValue: "2"},
		"foo":     {DataType: "Binary", BinaryValue: []byte{0, 1, 2}},
	}
	sent := must(b.api.SendMessage(b.ctx, &SendMessageInput{QueueURL: url, MessageBody: "x", MessageAttributes: attrs}))(t)
	if sent.MD5OfMessageAttributes != md5OfAttributes(toQueueAttributes(attrs)) {
		t.Errorf("MD5OfMessageAttributes = %s", sent.MD5OfMessageAttributes)
	}
	tests := []struct {
		names []string
		want  []string
	}{
		{nil, nil},
		{[]string{"All"}, []string{"bar.one", "bar.two", "foo"}},
		{[]string{".*"}, []string{"bar.one", "bar.two", "foo"}},
		{[]string{"bar.*"}, []string{"bar.one", "bar.two"}},
		{[]string{"foo", "nope"}, []string{"foo"}},
	}
	for _, tt := range tests {
		m := b.receiveOne(t, &ReceiveMessageInput{QueueURL: url, MessageAttributeNames: tt.names, VisibilityTimeout: ptr(0)})
		got := slices.Sorted(maps.Keys(m.MessageAttributes))
		if !slices.Equal(got, tt.want) {
			t.Errorf("names %q: attributes %q, want %q", tt.names, got, tt.want)
			continue
		}
		if len(tt.want) == 0 {
			if m.MessageAttributes != nil || m.MD5OfMessageAttributes != "" {
				t.Errorf("names %q: %#v, md5 %q; want both empty", tt.names, m.MessageAttributes, m.MD5OfMessageAttributes)
			}
			continue
		}
		subset := map[string]MessageAttributeValue{}
		for _, name := range tt.want {
			subset[name] = attrs[name]
			if !messageAttributeEqual(m.MessageAttributes[name], attrs[name]) {
				t.Errorf("attribute %s = %+v, sent %+v", name, m.MessageAttributes[name], attrs[name])
			}
		}
		if m.MD5OfMessageAttributes != md5OfAttributes(toQueueAttributes(subset)) {
			t.Errorf("names %q: MD5OfMessageAttributes is not the digest of the returned attributes", tt.names)
		}
	}
}

func messageAttributeEqual(a, b MessageAttributeValue) bool {
	return a.DataType == b.DataType && a.StringValue == b.StringValue && slices.Equal(a.BinaryValue, b.BinaryValue)
}

func TestFIFOAttributes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q.fifo", map[string]string{"FifoQueue": "true"})
	sent := must(b.api.SendMessage(b.ctx, &SendMessageInput{
		QueueURL: url, MessageBody: "x", MessageGroupID: "g1", MessageDeduplicationID: "d1",
	}))(t)
	if sent.SequenceNumber == "" {
		t.Errorf("FIFO send without SequenceNumber: %+v", sent)
	}
	m := b.receiveOne(t, &ReceiveMessageInput{QueueURL: url, MessageSystemAttributeNames: []string{"All"}})
	for name, want := range map[string]string{
		"SequenceNumber": sent.SequenceNumber, "MessageGroupId": "g1", "MessageDeduplicationId": "d1",
	} {
		if m.Attributes[name] != want {
			t.Errorf("%s = %q, want %q", name, m.Attributes[name], want)
		}
	}
}

func TestMessageGroupOnStandardQueue(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	must(b.api.SendMessage(b.ctx, &SendMessageInput{QueueURL: url, MessageBody: "x", MessageGroupID: "tenant-1"}))(t)
	m := b.receiveOne(t, &ReceiveMessageInput{QueueURL: url, AttributeNames: []string{"All"}})
	if m.Attributes["MessageGroupId"] != "tenant-1" {
		t.Errorf("MessageGroupId = %q", m.Attributes["MessageGroupId"])
	}
	for _, name := range []string{"SequenceNumber", "MessageDeduplicationId"} {
		if _, ok := m.Attributes[name]; ok {
			t.Errorf("standard queue message has %s", name)
		}
	}
}

func TestDeadLetterQueueSourceArn(t *testing.T) {
	t.Parallel()
	b := setup(t)
	dlq := b.createQueue(t, "dlq", nil)
	policy := `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"1"}`
	src := b.createQueue(t, "src", map[string]string{"RedrivePolicy": policy})
	must(b.api.SendMessage(b.ctx, &SendMessageInput{QueueURL: src, MessageBody: "poison"}))(t)
	b.receiveOne(t, &ReceiveMessageInput{QueueURL: src, VisibilityTimeout: ptr(0)})
	// The second receive moves the message to the dead-letter queue.
	must(b.api.ReceiveMessage(b.ctx, &ReceiveMessageInput{QueueURL: src, WaitTimeSeconds: ptr(0)}))(t)
	m := b.receiveOne(t, &ReceiveMessageInput{QueueURL: dlq, AttributeNames: []string{"DeadLetterQueueSourceArn"}})
	if got := m.Attributes["DeadLetterQueueSourceArn"]; got != "arn:aws:sqs:us-east-1:000000000000:src" {
		t.Errorf("DeadLetterQueueSourceArn = %q", got)
	}
}

func TestSendMessageBatch(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	out := must(b.api.SendMessageBatch(b.ctx, &SendMessageBatchInput{QueueURL: url, Entries: []SendMessageBatchRequestEntry{
		{ID: "ok", MessageBody: "one"},
		{ID: "nobody"},
		{ID: "badchars", MessageBody: "\x01"},
		{ID: "ok2", MessageBody: "two", MessageAttributes: map[string]MessageAttributeValue{"a": {DataType: "String", StringValue: "v"}}},
	}}))(t)
	var ok []string
	for _, s := range out.Successful {
		ok = append(ok, s.ID)
		if s.MessageID == "" || s.MD5OfMessageBody == "" {
			t.Errorf("entry %s: %+v", s.ID, s)
		}
		if s.ID == "ok2" && s.MD5OfMessageAttributes != "a18cbb58171ebf4ce88d9fb787f9210b" {
			t.Errorf("entry ok2 MD5OfMessageAttributes = %q", s.MD5OfMessageAttributes)
		}
	}
	slices.Sort(ok)
	if !slices.Equal(ok, []string{"ok", "ok2"}) {
		t.Errorf("successful %q", ok)
	}
	failed := map[string]BatchResultErrorEntry{}
	for _, f := range out.Failed {
		failed[f.ID] = f
		if !f.SenderFault || f.Message == "" {
			t.Errorf("failed entry %+v", f)
		}
	}
	if failed["nobody"].Code != "MissingParameter" || failed["badchars"].Code != "InvalidMessageContents" || len(failed) != 2 {
		t.Errorf("failed = %+v", out.Failed)
	}
	got := must(b.api.ReceiveMessage(b.ctx, &ReceiveMessageInput{QueueURL: url, MaxNumberOfMessages: ptr(10), WaitTimeSeconds: ptr(0)}))(t)
	if len(got.Messages) != 2 {
		t.Errorf("received %d messages, want the 2 sent", len(got.Messages))
	}
}

func TestBatchRequestErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	twenty := make([]SendMessageBatchRequestEntry, 20)
	for i := range twenty {
		twenty[i] = SendMessageBatchRequestEntry{ID: "e" + strconv.Itoa(i), MessageBody: "x"}
	}
	_, err := b.api.SendMessageBatch(b.ctx, &SendMessageBatchInput{QueueURL: url, Entries: twenty})
	awsErr := b.wantError(t, err, "TooManyEntriesInBatchRequest")
	if awsErr.Message != "Maximum number of entries per request are 10. You have sent 20." ||
		awsErr.QueryCode != "AWS.SimpleQueueService.TooManyEntriesInBatchRequest" {
		t.Errorf("error %+v", awsErr)
	}
	_, err = b.api.DeleteMessageBatch(b.ctx, &DeleteMessageBatchInput{QueueURL: url})
	awsErr = b.wantError(t, err, "EmptyBatchRequest")
	if awsErr.Message != "There should be at least one DeleteMessageBatchRequestEntry in the request." {
		t.Errorf("message %q", awsErr.Message)
	}
	_, err = b.api.ChangeMessageVisibilityBatch(b.ctx, &ChangeMessageVisibilityBatchInput{QueueURL: url,
		Entries: []ChangeMessageVisibilityBatchRequestEntry{{ID: "a", ReceiptHandle: "h"}, {ID: "a", ReceiptHandle: "h"}}})
	b.wantError(t, err, "BatchEntryIdsNotDistinct")
	_, err = b.api.SendMessageBatch(b.ctx, &SendMessageBatchInput{QueueURL: url,
		Entries: []SendMessageBatchRequestEntry{{ID: "not ok", MessageBody: "x"}}})
	b.wantError(t, err, "InvalidBatchEntryId")
	// Nothing of the refused batches was sent.
	got := must(b.api.ReceiveMessage(b.ctx, &ReceiveMessageInput{QueueURL: url, WaitTimeSeconds: ptr(0)}))(t)
	if got.Messages != nil {
		t.Errorf("refused batch sent %d messages", len(got.Messages))
	}
}

func TestDeleteAndChangeVisibilityBatch(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	for _, body := range []string{"a", "b"} {
		must(b.api.SendMessage(b.ctx, &SendMessageInput{QueueURL: url, MessageBody: body}))(t)
	}
	got := must(b.api.ReceiveMessage(b.ctx, &ReceiveMessageInput{QueueURL: url, MaxNumberOfMessages: ptr(10), WaitTimeSeconds: ptr(0)}))(t)
	if len(got.Messages) != 2 {
		t.Fatalf("received %d messages", len(got.Messages))
	}
	first, second := got.Messages[0], got.Messages[1]

	vis := must(b.api.ChangeMessageVisibilityBatch(b.ctx, &ChangeMessageVisibilityBatchInput{QueueURL: url,
		Entries: []ChangeMessageVisibilityBatchRequestEntry{
			{ID: "good", ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 0},
			{ID: "bad", ReceiptHandle: "garbage", VisibilityTimeout: 10},
			{ID: "none"},
		}}))(t)
	checkBatchOutcome(t, ids(vis.Successful, func(e ChangeMessageVisibilityBatchResultEntry) string { return e.ID }),
		vis.Failed, []string{"good"}, map[string]string{"bad": "ReceiptHandleIsInvalid", "none": "MissingParameter"})

	del := must(b.api.DeleteMessageBatch(b.ctx, &DeleteMessageBatchInput{QueueURL: url,
		Entries: []DeleteMessageBatchRequestEntry{
			{ID: "good", ReceiptHandle: first.ReceiptHandle},
			{ID: "bad", ReceiptHandle: "garbage"},
		}}))(t)
	checkBatchOutcome(t, ids(del.Successful, func(e DeleteMessageBatchResultEntry) string { return e.ID }),
		del.Failed, []string{"good"}, map[string]string{"bad": "ReceiptHandleIsInvalid"})

	// The message made visible again is the only one left.
	m := b.receiveOne(t, &ReceiveMessageInput{QueueURL: url, MaxNumberOfMessages: ptr(10)})
	if m.Body != second.Body {
		t.Errorf("left %q, want %q", m.Body, second.Body)
	}
}

func ids[E any](entries []E, id func(E) string) []string {
	var out []string
	for _, e := range entries {
		out = append(out, id(e))
	}
	return out
}

func checkBatchOutcome(t *testing.T, succeeded []string, failed []BatchResultErrorEntry, wantOK []string, wantFailed map[string]string) {
	t.Helper()
	if !slices.Equal(succeeded, wantOK) {
		t.Errorf("successful %q, want %q", succeeded, wantOK)
	}
	got := map[string]string{}
	for _, f := range failed {
		got[f.ID] = f.Code
		if !f.SenderFault {
			t.Errorf("entry %s: SenderFault false", f.ID)
		}
	}
	if !maps.Equal(got, wantFailed) {
		t.Errorf("failed %v, want %v", got, wantFailed)
	}
}

func TestMessageMoveTasks(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.createQueue(t, "dlq", nil)
	policy := `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"1"}`
	b.createQueue(t, "src", map[string]string{"RedrivePolicy": policy})
	arn := "arn:aws:sqs:us-east-1:000000000000:dlq"

	list := must(b.api.ListMessageMoveTasks(b.ctx, &ListMessageMoveTasksInput{SourceARN: arn}))(t)
	if list.Results != nil {
		t.Errorf("tasks before any started: %+v", list.Results)
	}
	start := must(b.api.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskInput{SourceARN: arn}))(t)
	if start.TaskHandle == "" {
		t.Fatal("no task handle")
	}
	list = must(b.api.ListMessageMoveTasks(b.ctx, &ListMessageMoveTasksInput{SourceARN: arn}))(t)
	if len(list.Results) != 1 || list.Results[0].SourceARN != arn || list.Results[0].Status == "" {
		t.Errorf("tasks = %+v", list.Results)
	}
	_, err := b.api.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskInput{
		SourceARN: arn, DestinationARN: "arn:aws:sqs:us-east-1:" + otherAccount + ":x",
	})
	awsErr := b.wantError(t, err, "ResourceNotFoundException")
	if !strings.Contains(awsErr.Message, "DestinationArn") {
		t.Errorf("message %q", awsErr.Message)
	}
	_, err = b.api.CancelMessageMoveTask(b.ctx, &CancelMessageMoveTaskInput{TaskHandle: "no-such-task"})
	if err == nil {
		t.Error("cancelling an unknown task succeeded")
	}
}
