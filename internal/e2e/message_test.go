package e2e

import (
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
)

// epoch is where fake clocks start.
var epoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// newFakeClockHarness starts a server whose time moves only when the test
// advances clk.
func newFakeClockHarness(t *testing.T) (*harness, *clocktest.Fake) {
	t.Helper()
	clk := clocktest.New(epoch)
	return newHarness(t, servertest.WithClock(clk)), clk
}

// attributesMD5 computes MD5OfMessageAttributes the way SQS documents it,
// independently of the server: names sorted; per attribute the
// length-prefixed name and data type, a transport byte (1 string, 2
// binary) and the length-prefixed value.
func attributesMD5(attrs map[string]types.MessageAttributeValue) string {
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	h := md5.New()
	field := func(b []byte) {
		binary.Write(h, binary.BigEndian, uint32(len(b)))
		h.Write(b)
	}
	for _, name := range names {
		a := attrs[name]
		field([]byte(name))
		field([]byte(aws.ToString(a.DataType)))
		if a.BinaryValue != nil {
			h.Write([]byte{2})
			field(a.BinaryValue)
		} else {
			h.Write([]byte{1})
			field([]byte(aws.ToString(a.StringValue)))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestAttributesMD5KnownVector(t *testing.T) {
	t.Parallel()
	got := attributesMD5(map[string]types.MessageAttributeValue{
		"a": {DataType: aws.String("String"), StringValue: aws.String("v")},
	})
	if want := "a18cbb58171ebf4ce88d9fb787f9210b"; got != want {
		t.Errorf("attributesMD5 = %s, want %s", got, want)
	}
}

func TestJSON_SendReceiveDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ""), nil)

	out, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("hello ☃")})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if sum := md5.Sum([]byte("hello ☃")); aws.ToString(out.MD5OfMessageBody) != hex.EncodeToString(sum[:]) {
		t.Errorf("MD5OfMessageBody = %q, want %x", aws.ToString(out.MD5OfMessageBody), sum)
	}
	if out.MD5OfMessageAttributes != nil {
		t.Errorf("MD5OfMessageAttributes = %q for a message without attributes", *out.MD5OfMessageAttributes)
	}

	msgs := h.receive(t, url, 10, 30)
	if len(msgs) != 1 {
		t.Fatalf("received %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if aws.ToString(m.Body) != "hello ☃" || aws.ToString(m.MessageId) != aws.ToString(out.MessageId) {
		t.Errorf("received %q id %s, want %q id %s", aws.ToString(m.Body), aws.ToString(m.MessageId), "hello ☃", aws.ToString(out.MessageId))
	}
	if m.Attributes["ApproximateReceiveCount"] != "1" || m.Attributes["SenderId"] == "" {
		t.Errorf("system attributes = %v, want ApproximateReceiveCount 1 and a SenderId", m.Attributes)
	}
	if _, err := strconv.ParseInt(m.Attributes["SentTimestamp"], 10, 64); err != nil {
		t.Errorf("SentTimestamp = %q, want epoch milliseconds", m.Attributes["SentTimestamp"])
	}

	if again := h.receive(t, url, 10, 30); len(again) != 0 {
		t.Errorf("message in flight was received again: %v", bodies(again))
	}
	if _, err := h.sqs.DeleteMessage(h.ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Fatalf("DeleteMessage: %v", err)
	}
	attrs := h.attributes(t, url, types.QueueAttributeNameApproximateNumberOfMessages,
		types.QueueAttributeNameApproximateNumberOfMessagesNotVisible)
	if attrs["ApproximateNumberOfMessages"] != "0" || attrs["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Errorf("counts after delete = %v, want zeros", attrs)
	}
}

func TestJSON_MessageAttributesMD5(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ""), nil)
	attrs := map[string]types.MessageAttributeValue{
		"customer":      {DataType: aws.String("String"), StringValue: aws.String("ACME ☃")},
		"amount":        {DataType: aws.String("Number"), StringValue: aws.String("12.50")},
		"thumbnail":     {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2, 0xfe, 0xff}},
		"order.version": {DataType: aws.String("Number.int"), StringValue: aws.String("3")},
	}
	want := attributesMD5(attrs)

	out, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{
		QueueUrl: aws.String(url), MessageBody: aws.String("order"), MessageAttributes: attrs,
		MessageSystemAttributes: map[string]types.MessageSystemAttributeValue{
			"AWSTraceHeader": {DataType: aws.String("String"), StringValue: aws.String("Root=1-5759e988-bd862e3fe1be46a994272793")},
		},
	})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if got := aws.ToString(out.MD5OfMessageAttributes); got != want {
		t.Errorf("SendMessage MD5OfMessageAttributes = %s, want %s", got, want)
	}
	if aws.ToString(out.MD5OfMessageSystemAttributes) == "" {
		t.Errorf("SendMessage with AWSTraceHeader returned no MD5OfMessageSystemAttributes")
	}

	msgs := h.receive(t, url, 1, 30)
	if len(msgs) != 1 {
		t.Fatalf("received %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if got := aws.ToString(m.MD5OfMessageAttributes); got != want {
		t.Errorf("ReceiveMessage MD5OfMessageAttributes = %s, want %s", got, want)
	}
	if got := attributesMD5(m.MessageAttributes); got != want {
		t.Errorf("received attributes %v hash to %s, want %s", m.MessageAttributes, got, want)
	}
	if got := m.MessageAttributes["thumbnail"].BinaryValue; !slices.Equal(got, []byte{0, 1, 2, 0xfe, 0xff}) {
		t.Errorf("binary attribute = %v", got)
	}
	if m.Attributes["AWSTraceHeader"] != "Root=1-5759e988-bd862e3fe1be46a994272793" {
		t.Errorf("AWSTraceHeader = %q", m.Attributes["AWSTraceHeader"])
	}

	t.Run("FilterByPrefix", func(t *testing.T) {
		id := h.send(t, url, "second")
		out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(url), MessageAttributeNames: []string{"order.*", "customer"}})
		if err != nil {
			t.Fatalf("ReceiveMessage: %v", err)
		}
		if len(out.Messages) != 1 || aws.ToString(out.Messages[0].MessageId) != id {
			t.Fatalf("received %v, want message %s", bodies(out.Messages), id)
		}
		if n := len(out.Messages[0].MessageAttributes); n != 0 {
			t.Errorf("message without attributes came with %d", n)
		}
	})
}

func TestJSON_Batches(t *testing.T) {
	t.Parallel()
	h, clk := newFakeClockHarness(t)
	url := h.createQueue(t, queueName(t, ""), nil)

	sent, err := h.sqs.SendMessageBatch(h.ctx, &sqs.SendMessageBatchInput{
		QueueUrl: aws.String(url),
		Entries: []types.SendMessageBatchRequestEntry{
			{Id: aws.String("a"), MessageBody: aws.String("first")},
			{Id: aws.String("b"), MessageBody: aws.String("bad \x01 body")},
			{Id: aws.String("c"), MessageBody: aws.String("third"), DelaySeconds: 0},
		},
	})
	if err != nil {
		t.Fatalf("SendMessageBatch: %v", err)
	}
	if len(sent.Successful) != 2 || len(sent.Failed) != 1 {
		t.Fatalf("SendMessageBatch: %d successful, %d failed; want 2 and 1", len(sent.Successful), len(sent.Failed))
	}
	if f := sent.Failed[0]; aws.ToString(f.Id) != "b" || aws.ToString(f.Code) != "InvalidMessageContents" || !f.SenderFault {
		t.Errorf("failed entry = {Id %s Code %s SenderFault %v}, want {b InvalidMessageContents true}",
			aws.ToString(f.Id), aws.ToString(f.Code), f.SenderFault)
	}

	msgs := h.receive(t, url, 10, 30)
	if got := bodies(msgs); len(got) != 2 || !slices.Contains(got, "first") || !slices.Contains(got, "third") {
		t.Fatalf("received %v, want first and third", got)
	}

	t.Run("ChangeMessageVisibilityBatch", func(t *testing.T) {
		out, err := h.sqs.ChangeMessageVisibilityBatch(h.ctx, &sqs.ChangeMessageVisibilityBatchInput{
			QueueUrl: aws.String(url),
			Entries: []types.ChangeMessageVisibilityBatchRequestEntry{
				{Id: aws.String("x"), ReceiptHandle: msgs[0].ReceiptHandle, VisibilityTimeout: 0},
				{Id: aws.String("y"), ReceiptHandle: msgs[1].ReceiptHandle, VisibilityTimeout: 0},
				{Id: aws.String("z"), ReceiptHandle: aws.String("garbage"), VisibilityTimeout: 0},
			},
		})
		if err != nil {
			t.Fatalf("ChangeMessageVisibilityBatch: %v", err)
		}
		if len(out.Successful) != 2 || len(out.Failed) != 1 || aws.ToString(out.Failed[0].Code) != "ReceiptHandleIsInvalid" {
			t.Fatalf("ChangeMessageVisibilityBatch: successful %d, failed %+v", len(out.Successful), out.Failed)
		}
		clk.Advance(time.Second)
		msgs = h.receive(t, url, 10, 30)
		if len(msgs) != 2 || msgs[0].Attributes["ApproximateReceiveCount"] != "2" {
			t.Fatalf("after making them visible, received %d messages (%v)", len(msgs), msgs)
		}
	})

	t.Run("DeleteMessageBatch", func(t *testing.T) {
		out, err := h.sqs.DeleteMessageBatch(h.ctx, &sqs.DeleteMessageBatchInput{
			QueueUrl: aws.String(url),
			Entries: []types.DeleteMessageBatchRequestEntry{
				{Id: aws.String("x"), ReceiptHandle: msgs[0].ReceiptHandle},
				{Id: aws.String("y"), ReceiptHandle: msgs[1].ReceiptHandle},
				{Id: aws.String("z"), ReceiptHandle: aws.String("garbage")},
			},
		})
		if err != nil {
			t.Fatalf("DeleteMessageBatch: %v", err)
		}
		if len(out.Successful) != 2 || len(out.Failed) != 1 || aws.ToString(out.Failed[0].Id) != "z" ||
			aws.ToString(out.Failed[0].Code) != "ReceiptHandleIsInvalid" {
			t.Fatalf("DeleteMessageBatch: successful %d, failed %+v", len(out.Successful), out.Failed)
		}
		clk.Advance(time.Hour)
		if left := h.receive(t, url, 10, 30); len(left) != 0 {
			t.Errorf("deleted messages came back: %v", bodies(left))
		}
	})
}

func TestJSON_ChangeMessageVisibility(t *testing.T) {
	t.Parallel()
	h, clk := newFakeClockHarness(t)
	url := h.createQueue(t, queueName(t, ""), map[string]string{"VisibilityTimeout": "30"})
	h.send(t, url, "work")

	first := h.receive(t, url, 1, 0)
	if len(first) != 1 {
		t.Fatalf("received %d messages, want 1", len(first))
	}
	// VisibilityTimeout 0 on the receive means the queue's 30 s: still hidden.
	clk.Advance(29 * time.Second)
	if got := h.receive(t, url, 1, 0); len(got) != 0 {
		t.Fatalf("message visible 29 s into a 30 s timeout")
	}
	if _, err := h.sqs.ChangeMessageVisibility(h.ctx, &sqs.ChangeMessageVisibilityInput{
		QueueUrl: aws.String(url), ReceiptHandle: first[0].ReceiptHandle, VisibilityTimeout: 120}); err != nil {
		t.Fatalf("ChangeMessageVisibility: %v", err)
	}
	clk.Advance(60 * time.Second)
	if got := h.receive(t, url, 1, 0); len(got) != 0 {
		t.Fatalf("message visible before its extended timeout ended")
	}
	clk.Advance(61 * time.Second)
	second := h.receive(t, url, 1, 10)
	if len(second) != 1 || second[0].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("after the timeout: received %v, want the message with receive count 2", second)
	}
	if aws.ToString(second[0].ReceiptHandle) == aws.ToString(first[0].ReceiptHandle) {
		t.Errorf("second receive reused the receipt handle")
	}
}

func TestJSON_DelayedMessage(t *testing.T) {
	t.Parallel()
	h, clk := newFakeClockHarness(t)
	url := h.createQueue(t, queueName(t, ""), nil)
	if _, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{
		QueueUrl: aws.String(url), MessageBody: aws.String("later"), DelaySeconds: 10}); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if n := h.attributes(t, url, types.QueueAttributeNameApproximateNumberOfMessagesDelayed)["ApproximateNumberOfMessagesDelayed"]; n != "1" {
		t.Errorf("ApproximateNumberOfMessagesDelayed = %q, want 1", n)
	}
	if got := h.receive(t, url, 1, 30); len(got) != 0 {
		t.Fatalf("delayed message received at once")
	}
	clk.Advance(10 * time.Second)
	if got := h.receive(t, url, 1, 30); len(got) != 1 {
		t.Fatalf("delayed message not received after its delay")
	}
}

func TestJSON_LongPoll(t *testing.T) {
	t.Parallel()
	h, clk := newFakeClockHarness(t)

	type polled struct {
		msgs []types.Message
		err  error
	}
	// longPoll starts a 20 s receive and returns once it is waiting.
	longPoll := func(t *testing.T, url string) <-chan polled {
		before := clk.Timers()
		got := make(chan polled, 1)
		go func() {
			out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 20})
			if err != nil {
				got <- polled{err: err}
				return
			}
			got <- polled{msgs: out.Messages}
		}()
		waitCtx, cancelWait := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancelWait()
		if err := clk.AwaitTimers(waitCtx, before+1); err != nil {
			t.Fatal("the long poll never started waiting")
		}
		return got
	}

	t.Run("WokenBySend", func(t *testing.T) {
		url := h.createQueue(t, queueName(t, ""), nil)
		got := longPoll(t, url)
		h.send(t, url, "wake up")
		select {
		case r := <-got:
			if r.err != nil || len(r.msgs) != 1 || aws.ToString(r.msgs[0].Body) != "wake up" {
				t.Errorf("long poll returned %v, %v; want the message sent while it waited", bodies(r.msgs), r.err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("long poll not woken by a send (the fake clock never passed its 20 s)")
		}
	})

	t.Run("TimesOutEmpty", func(t *testing.T) {
		url := h.createQueue(t, queueName(t, ""), nil)
		got := longPoll(t, url)
		clk.Advance(20 * time.Second)
		select {
		case r := <-got:
			if r.err != nil || len(r.msgs) != 0 {
				t.Errorf("long poll on an empty queue returned %v, %v; want nothing", bodies(r.msgs), r.err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("long poll did not end when its wait time passed")
		}
	})
}

// waitFor waits, up to 10 s of real time, for cond to hold. It is for
// conditions only observable from outside, such as a request having started
// to wait inside the server.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestJSON_FIFO(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ".fifo"), map[string]string{"FifoQueue": "true"})

	send := func(group, dedup, body string) *sqs.SendMessageOutput {
		t.Helper()
		out, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body),
			MessageGroupId: aws.String(group), MessageDeduplicationId: aws.String(dedup)})
		if err != nil {
			t.Fatalf("SendMessage %s: %v", body, err)
		}
		return out
	}
	var seqs []*big.Int
	var ids []string
	for i := range 5 {
		out := send("a", "a"+strconv.Itoa(i), "a"+strconv.Itoa(i))
		seq, ok := new(big.Int).SetString(aws.ToString(out.SequenceNumber), 10)
		if !ok {
			t.Fatalf("SequenceNumber = %q, want a decimal number", aws.ToString(out.SequenceNumber))
		}
		seqs = append(seqs, seq)
		ids = append(ids, aws.ToString(out.MessageId))
	}
	send("b", "b0", "b0")
	for i := 1; i < len(seqs); i++ {
		if seqs[i].Cmp(seqs[i-1]) <= 0 {
			t.Errorf("sequence numbers not increasing: %v", seqs)
		}
	}
	if dup := send("a", "a4", "a4 again"); aws.ToString(dup.MessageId) != ids[4] {
		t.Errorf("duplicate send got message id %s, want the first send's %s", aws.ToString(dup.MessageId), ids[4])
	}

	// byGroup collects received bodies per group, checking each group's
	// messages come in the order they were sent.
	byGroup := map[string][]string{}
	collect := func(msgs []types.Message) map[string]bool {
		groups := map[string]bool{}
		for _, m := range msgs {
			g := m.Attributes["MessageGroupId"]
			groups[g] = true
			byGroup[g] = append(byGroup[g], aws.ToString(m.Body))
		}
		return groups
	}
	deleteAll := func(msgs []types.Message) {
		for _, m := range msgs {
			if _, err := h.sqs.DeleteMessage(h.ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatalf("DeleteMessage: %v", err)
			}
		}
	}

	first := h.receive(t, url, 2, 30)
	inFlight := collect(first)
	second := h.receive(t, url, 10, 30)
	for g := range collect(second) {
		if inFlight[g] {
			t.Errorf("group %s served while a message of it was in flight: first %v, then %v", g, bodies(first), bodies(second))
		}
	}
	deleteAll(first)
	deleteAll(second)
	for range 10 {
		msgs := h.receive(t, url, 10, 30)
		if len(msgs) == 0 {
			break
		}
		collect(msgs)
		deleteAll(msgs)
	}
	if want := []string{"a0", "a1", "a2", "a3", "a4"}; !slices.Equal(byGroup["a"], want) {
		t.Errorf("group a delivered %v, want %v exactly once each, in order", byGroup["a"], want)
	}
	if want := []string{"b0"}; !slices.Equal(byGroup["b"], want) {
		t.Errorf("group b delivered %v, want %v", byGroup["b"], want)
	}
}

func TestJSON_FIFOContentBasedDeduplication(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ".fifo"), map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	var ids []string
	for range 2 {
		out, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url),
			MessageBody: aws.String("same body"), MessageGroupId: aws.String("g")})
		if err != nil {
			t.Fatalf("SendMessage: %v", err)
		}
		ids = append(ids, aws.ToString(out.MessageId))
	}
	if ids[0] != ids[1] {
		t.Errorf("duplicate send got a new message id: %v", ids)
	}
	if msgs := h.receive(t, url, 10, 30); len(msgs) != 1 {
		t.Errorf("received %d messages, want 1 after a deduplicated send", len(msgs))
	}
}

func TestJSON_Errors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ""), nil)
	missing := h.srv.URL + "/" + account + "/no-such-queue"

	t.Run("QueueDoesNotExist", func(t *testing.T) {
		_, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(missing), MessageBody: aws.String("x")})
		var notExist *types.QueueDoesNotExist
		if !errors.As(err, &notExist) {
			t.Fatalf("SendMessage to a missing queue: %v, want *types.QueueDoesNotExist", err)
		}
		wantAPIError(t, err, "AWS.SimpleQueueService.NonExistentQueue")
		if notExist.ErrorMessage() != "The specified queue does not exist." {
			t.Errorf("message = %q", notExist.ErrorMessage())
		}
		_, err = h.sqs.GetQueueUrl(h.ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("no-such-queue")})
		if !errors.As(err, &notExist) {
			t.Errorf("GetQueueUrl of a missing queue: %v, want *types.QueueDoesNotExist", err)
		}
	})

	t.Run("TooManyEntriesInBatchRequest", func(t *testing.T) {
		var entries []types.SendMessageBatchRequestEntry
		for i := range 11 {
			entries = append(entries, types.SendMessageBatchRequestEntry{Id: aws.String("e" + strconv.Itoa(i)), MessageBody: aws.String("x")})
		}
		_, err := h.sqs.SendMessageBatch(h.ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
		var tooMany *types.TooManyEntriesInBatchRequest
		if !errors.As(err, &tooMany) {
			t.Fatalf("SendMessageBatch of 11: %v, want *types.TooManyEntriesInBatchRequest", err)
		}
		wantAPIError(t, err, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest")
	})

	t.Run("EmptyBatchRequest", func(t *testing.T) {
		_, err := h.sqs.DeleteMessageBatch(h.ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(url), Entries: []types.DeleteMessageBatchRequestEntry{}})
		var empty *types.EmptyBatchRequest
		if !errors.As(err, &empty) {
			t.Fatalf("DeleteMessageBatch of 0: %v, want *types.EmptyBatchRequest", err)
		}
	})

	t.Run("BatchEntryIdsNotDistinct", func(t *testing.T) {
		_, err := h.sqs.SendMessageBatch(h.ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: []types.SendMessageBatchRequestEntry{
			{Id: aws.String("same"), MessageBody: aws.String("x")}, {Id: aws.String("same"), MessageBody: aws.String("y")}}})
		var notDistinct *types.BatchEntryIdsNotDistinct
		if !errors.As(err, &notDistinct) {
			t.Fatalf("SendMessageBatch with repeated ids: %v, want *types.BatchEntryIdsNotDistinct", err)
		}
		if msgs := h.receive(t, url, 10, 30); len(msgs) != 0 {
			t.Errorf("a rejected batch stored messages: %v", bodies(msgs))
		}
	})

	t.Run("InvalidParameterValue", func(t *testing.T) {
		_, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 11})
		apiErr := wantAPIError(t, err, "InvalidParameterValue")
		if want := "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."; apiErr.ErrorMessage() != want {
			t.Errorf("message = %q, want %q", apiErr.ErrorMessage(), want)
		}
	})

	t.Run("ReceiptHandleIsInvalid", func(t *testing.T) {
		_, err := h.sqs.DeleteMessage(h.ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: aws.String("garbage")})
		var invalid *types.ReceiptHandleIsInvalid
		if !errors.As(err, &invalid) {
			t.Fatalf("DeleteMessage with garbage handle: %v, want *types.ReceiptHandleIsInvalid", err)
		}
	})

	t.Run("QueueNameExists", func(t *testing.T) {
		name := queueName(t, "")
		h.createQueue(t, name, map[string]string{"DelaySeconds": "1"})
		_, err := h.sqs.CreateQueue(h.ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: map[string]string{"DelaySeconds": "2"}})
		var exists *types.QueueNameExists
		if !errors.As(err, &exists) {
			t.Fatalf("CreateQueue with other attributes: %v, want *types.QueueNameExists", err)
		}
		wantAPIError(t, err, "QueueAlreadyExists")
	})
}
