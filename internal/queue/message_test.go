package queue

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/store/pebblestore"
)

func TestService_SendReceive(t *testing.T) {
	t.Parallel()

	t.Run("VisibilityTimeout", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", nil)
		sent := b.send(t, r, SendMessageEntry{Body: "hello", Attributes: map[string]MessageAttribute{"a": {DataType: "String", StringValue: "v"}}})
		if sent.MD5OfMessageBody != "5d41402abc4b2a76b9719d911017c592" || sent.MD5OfMessageAttributes != "a18cbb58171ebf4ce88d9fb787f9210b" {
			t.Errorf("send result = %+v", sent)
		}
		msgs := b.receive(t, &ReceiveMessageParams{Queue: r})
		if len(msgs) != 1 || msgs[0].ID != sent.MessageID || msgs[0].SenderID != testAccount || msgs[0].ReceiveCount != 1 {
			t.Fatalf("first receive = %+v", msgs)
		}
		b.clk.Advance(29 * time.Second)
		if msgs := b.receive(t, &ReceiveMessageParams{Queue: r}); len(msgs) != 0 {
			t.Fatalf("received %d messages while in flight", len(msgs))
		}
		b.clk.Advance(time.Second)
		msgs = b.receive(t, &ReceiveMessageParams{Queue: r, VisibilityTimeout: intPtr(0)})
		if len(msgs) != 1 || msgs[0].ReceiveCount != 2 {
			t.Fatalf("second receive = %+v", msgs)
		}
		if err := b.svc.DeleteMessage(b.ctx, r, msgs[0].ReceiptHandle); err != nil {
			t.Fatal(err)
		}
		wantAttributes(t, b.attributes(t, r, "All"), map[string]string{
			"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0",
		})
	})

	t.Run("Delay", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", map[string]string{"DelaySeconds": "10"})
		b.send(t, r, SendMessageEntry{Body: "queue delay"})
		b.send(t, r, SendMessageEntry{Body: "no delay", DelaySeconds: intPtr(0)})
		b.send(t, r, SendMessageEntry{Body: "own delay", DelaySeconds: intPtr(20)})
		wantAttributes(t, b.attributes(t, r, "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessages"),
			map[string]string{"ApproximateNumberOfMessagesDelayed": "2", "ApproximateNumberOfMessages": "1"})
		if got := bodies(b.receive(t, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(10)})); !slices.Equal(got, []string{"no delay"}) {
			t.Errorf("at 0 s got %v", got)
		}
		b.clk.Advance(10 * time.Second)
		if got := bodies(b.receive(t, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(10)})); !slices.Equal(got, []string{"queue delay"}) {
			t.Errorf("at 10 s got %v", got)
		}
		b.clk.Advance(10 * time.Second)
		if got := bodies(b.receive(t, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(10)})); !slices.Equal(got, []string{"own delay"}) {
			t.Errorf("at 20 s got %v", got)
		}
	})

	t.Run("Retention", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", map[string]string{"MessageRetentionPeriod": "60"})
		b.send(t, r, SendMessageEntry{Body: "old"})
		b.clk.Advance(30 * time.Second)
		b.send(t, r, SendMessageEntry{Body: "young"})
		b.clk.Advance(31 * time.Second)
		wantAttributes(t, b.attributes(t, r, "ApproximateNumberOfMessages"), map[string]string{"ApproximateNumberOfMessages": "1"})
		if got := bodies(b.receive(t, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(10)})); !slices.Equal(got, []string{"young"}) {
			t.Errorf("received %v", got)
		}
	})

	t.Run("ParameterErrors", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", nil)
		_, err := b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(11)})
		wantError(t, err, ErrInvalidParameterValue, "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.")
		_, err = b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(0)})
		wantError(t, err, ErrInvalidParameterValue, "Value 0 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.")
		_, err = b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: r, WaitTimeSeconds: intPtr(21)})
		wantError(t, err, ErrInvalidParameterValue, "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.")
		_, err = b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: r, VisibilityTimeout: intPtr(43201)})
		wantError(t, err, ErrInvalidParameterValue, "Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.")
		_, err = b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: ref("absent")})
		wantError(t, err, ErrQueueDoesNotExist, "The specified queue does not exist.")
		_, err = b.svc.SendMessage(b.ctx, &SendMessageParams{Queue: ref("absent"), Entry: SendMessageEntry{Body: "x"}})
		wantError(t, err, ErrQueueDoesNotExist, "The specified queue does not exist.")
	})

	t.Run("MaximumMessageSize", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", map[string]string{"MaximumMessageSize": "1024"})
		b.send(t, r, SendMessageEntry{Body: strings.Repeat("x", 1024)})
		_, err := b.svc.SendMessage(b.ctx, &SendMessageParams{Queue: r, Entry: SendMessageEntry{Body: strings.Repeat("x", 1025)}})
		wantError(t, err, ErrInvalidParameterValue, "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.")
	})
}

func TestService_FIFO(t *testing.T) {
	t.Parallel()

	t.Run("DeduplicationWindow", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
		first := b.send(t, r, SendMessageEntry{Body: "same", GroupID: "g"})
		again := b.send(t, r, SendMessageEntry{Body: "same", GroupID: "g"})
		if again.MessageID != first.MessageID || first.SequenceNumber == "" {
			t.Errorf("duplicate send = %+v, first %+v", again, first)
		}
		wantAttributes(t, b.attributes(t, r, "ApproximateNumberOfMessages"), map[string]string{"ApproximateNumberOfMessages": "1"})
		b.clk.Advance(5 * time.Minute)
		later := b.send(t, r, SendMessageEntry{Body: "same", GroupID: "g"})
		if later.MessageID == first.MessageID {
			t.Error("send after the 5-minute window was deduplicated")
		}
	})

	t.Run("GroupOrder", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q.fifo", map[string]string{"FifoQueue": "true"})
		for i, body := range []string{"g1-a", "g1-b", "g2-a"} {
			b.send(t, r, SendMessageEntry{Body: body, GroupID: body[:2], DedupID: string(rune('a' + i))})
		}
		first := b.receive(t, &ReceiveMessageParams{Queue: r})
		if got := bodies(first); !slices.Equal(got, []string{"g1-a"}) {
			t.Fatalf("first = %v", got)
		}
		if got := bodies(b.receive(t, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(10)})); !slices.Equal(got, []string{"g2-a"}) {
			t.Errorf("while g1 is in flight got %v", got)
		}
		if err := b.svc.DeleteMessage(b.ctx, r, first[0].ReceiptHandle); err != nil {
			t.Fatal(err)
		}
		if got := bodies(b.receive(t, &ReceiveMessageParams{Queue: r})); !slices.Equal(got, []string{"g1-b"}) {
			t.Errorf("after delete got %v", got)
		}
	})

	t.Run("ReceiveRequestAttemptId", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
		b.send(t, r, SendMessageEntry{Body: "a", GroupID: "g1"})
		b.send(t, r, SendMessageEntry{Body: "b", GroupID: "g2"})
		p := &ReceiveMessageParams{Queue: r, ReceiveRequestAttemptID: "attempt-1"}
		one := b.receive(t, p)
		two := b.receive(t, p)
		if len(one) != 1 || len(two) != 1 || one[0].ReceiptHandle != two[0].ReceiptHandle {
			t.Errorf("retry got %v then %v", one, two)
		}
	})

	t.Run("ExpiredHandle", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true", "VisibilityTimeout": "10"})
		b.send(t, r, SendMessageEntry{Body: "a", GroupID: "g"})
		old := b.receive(t, &ReceiveMessageParams{Queue: r})[0].ReceiptHandle
		b.clk.Advance(10 * time.Second)
		b.receive(t, &ReceiveMessageParams{Queue: r})
		wantError(t, b.svc.DeleteMessage(b.ctx, r, old), ErrInvalidParameterValue,
			"Value "+old+" for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.")
	})
}

func TestService_SendMessageBatch(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", nil)
	res, err := b.svc.SendMessageBatch(b.ctx, &SendMessageBatchParams{Queue: r, Entries: []SendMessageEntry{
		{ID: "ok1", Body: "one"},
		{ID: "bad", Body: "\x01"},
		{ID: "ok2", Body: "two"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Result == nil || res[2].Result == nil || res[1].Err == nil || res[1].ID != "bad" {
		t.Fatalf("results = %+v", res)
	}
	wantError(t, res[1].Err, ErrInvalidMessageContents, "Invalid binary character '#x1' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].")
	wantAttributes(t, b.attributes(t, r, "ApproximateNumberOfMessages"), map[string]string{"ApproximateNumberOfMessages": "2"})

	big := strings.Repeat("x", 600000)
	_, err = b.svc.SendMessageBatch(b.ctx, &SendMessageBatchParams{Queue: r, Entries: []SendMessageEntry{{ID: "a", Body: big}, {ID: "b", Body: big}}})
	wantError(t, err, ErrBatchRequestTooLong, "Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.")
	_, err = b.svc.SendMessageBatch(b.ctx, &SendMessageBatchParams{Queue: r})
	wantError(t, err, ErrEmptyBatchRequest, "There should be at least one SendMessageBatchRequestEntry in the request.")
}

func TestService_ChangeMessageVisibility(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", nil)
	b.send(t, r, SendMessageEntry{Body: "a"})
	h := b.receive(t, &ReceiveMessageParams{Queue: r})[0].ReceiptHandle

	wantError(t, b.svc.ChangeMessageVisibility(b.ctx, r, h, 43201), ErrInvalidParameterValue,
		"Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.")
	wantError(t, b.svc.ChangeMessageVisibility(b.ctx, r, "garbage", 10), ErrReceiptHandleIsInvalid,
		`The input receipt handle "garbage" is not a valid receipt handle.`)
	if err := b.svc.ChangeMessageVisibility(b.ctx, r, h, 100); err != nil {
		t.Fatal(err)
	}
	b.clk.Advance(99 * time.Second)
	if msgs := b.receive(t, &ReceiveMessageParams{Queue: r}); len(msgs) != 0 {
		t.Fatal("visible before the changed timeout")
	}
	errs, err := b.svc.ChangeMessageVisibilityBatch(b.ctx, r, []BatchEntry{
		{ID: "a", ReceiptHandle: h, VisibilityTimeout: 0},
		{ID: "b", ReceiptHandle: h, VisibilityTimeout: -1},
	})
	if err != nil || errs[0] != nil {
		t.Fatalf("batch = %v, %v", errs, err)
	}
	wantError(t, errs[1], ErrInvalidParameterValue, "Value -1 for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.")
	msgs := b.receive(t, &ReceiveMessageParams{Queue: r})
	if len(msgs) != 1 {
		t.Fatal("not visible after a change to 0")
	}
	if err := b.svc.DeleteMessage(b.ctx, r, msgs[0].ReceiptHandle); err != nil {
		t.Fatal(err)
	}
	wantError(t, b.svc.ChangeMessageVisibility(b.ctx, r, msgs[0].ReceiptHandle, 10), ErrInvalidParameterValue,
		"Value "+msgs[0].ReceiptHandle+" for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.")

	errs, err = b.svc.DeleteMessageBatch(b.ctx, r, []BatchEntry{{ID: "x", ReceiptHandle: "garbage"}})
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, errs[0], ErrReceiptHandleIsInvalid, `The input receipt handle "garbage" is not a valid receipt handle.`)
}

func TestService_Redrive(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	dlq := b.create(t, "dlq", nil)
	src := b.create(t, "src", map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"` + b.svc.QueueArn(dlq) + `","maxReceiveCount":"2"}`,
	})
	sent := b.send(t, src, SendMessageEntry{Body: "poison"})
	zero := intPtr(0)
	for i := 1; i <= 2; i++ {
		msgs := b.receive(t, &ReceiveMessageParams{Queue: src, VisibilityTimeout: zero})
		if len(msgs) != 1 || msgs[0].ReceiveCount != i {
			t.Fatalf("receive %d = %+v", i, msgs)
		}
	}
	if msgs := b.receive(t, &ReceiveMessageParams{Queue: src}); len(msgs) != 0 {
		t.Fatalf("third receive returned %d messages instead of dead-lettering", len(msgs))
	}
	msgs := b.receive(t, &ReceiveMessageParams{Queue: dlq})
	if len(msgs) != 1 || msgs[0].ID != sent.MessageID || msgs[0].DeadLetterSource != src {
		t.Fatalf("dead-letter queue got %+v", msgs)
	}
}

func TestService_LongPoll(t *testing.T) {
	t.Parallel()

	type result struct {
		msgs []*Message
		err  error
	}
	// await returns the poll's result, failing the test rather than
	// hanging when a wake-up is lost.
	await := func(t *testing.T, ch <-chan result) result {
		t.Helper()
		select {
		case res := <-ch:
			return res
		case <-time.After(10 * time.Second):
			t.Fatal("long poll did not return")
			return result{}
		}
	}
	start := func(b *testBundle, ctx context.Context, r QueueRef, wait int) <-chan result {
		ch := make(chan result, 1)
		go func() {
			msgs, err := b.svc.ReceiveMessage(ctx, &ReceiveMessageParams{Queue: r, WaitTimeSeconds: intPtr(wait)})
			ch <- result{msgs, err}
		}()
		return ch
	}

	t.Run("WokenBySend", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", nil)
		done := start(b, b.ctx, r, 20)
		b.waitTimers(t, 2)
		b.send(t, r, SendMessageEntry{Body: "wake"})
		if res := await(t, done); res.err != nil || !slices.Equal(bodies(res.msgs), []string{"wake"}) {
			t.Errorf("long poll = %v, %v", bodies(res.msgs), res.err)
		}
	})

	t.Run("WokenByDelayEnding", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", nil)
		b.send(t, r, SendMessageEntry{Body: "later", DelaySeconds: intPtr(5)})
		done := start(b, b.ctx, r, 20)
		b.waitTimers(t, 2)
		b.clk.Advance(5 * time.Second)
		if res := await(t, done); res.err != nil || !slices.Equal(bodies(res.msgs), []string{"later"}) {
			t.Errorf("long poll = %v, %v", bodies(res.msgs), res.err)
		}
	})

	t.Run("QueueDefaultWaitAndDeadline", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", map[string]string{"ReceiveMessageWaitTimeSeconds": "3"})
		done := make(chan result, 1)
		go func() {
			msgs, err := b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: r})
			done <- result{msgs, err}
		}()
		b.waitTimers(t, 2)
		b.clk.Advance(3 * time.Second)
		if res := await(t, done); res.err != nil || len(res.msgs) != 0 {
			t.Errorf("long poll = %v, %v", res.msgs, res.err)
		}
	})

	t.Run("EndedByClose", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", nil)
		done := start(b, b.ctx, r, 20)
		b.waitTimers(t, 2)
		b.svc.Close()
		if res := await(t, done); res.err != nil || len(res.msgs) != 0 {
			t.Errorf("long poll after Close = %v, %v", res.msgs, res.err)
		}
	})

	t.Run("EndedByContext", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", nil)
		ctx, cancel := context.WithCancel(b.ctx)
		done := start(b, ctx, r, 20)
		b.waitTimers(t, 2)
		cancel()
		if res := await(t, done); res.err != context.Canceled {
			t.Errorf("long poll after cancel = %v, %v", res.msgs, res.err)
		}
	})

	t.Run("WaiterLimit", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{MaxWaiters: 1})
		r := b.create(t, "q", nil)
		first := start(b, b.ctx, r, 20)
		b.waitTimers(t, 2)
		msgs, err := b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: r, WaitTimeSeconds: intPtr(20)})
		if err != nil || len(msgs) != 0 {
			t.Errorf("second poll = %v, %v", msgs, err)
		}
		b.send(t, r, SendMessageEntry{Body: "x"})
		if res := await(t, first); len(res.msgs) != 1 {
			t.Errorf("first poll = %v, %v", res.msgs, res.err)
		}
	})
}

func TestService_RetentionSweeper(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{SweepInterval: time.Minute})
	r := b.create(t, "q", map[string]string{"MessageRetentionPeriod": "60"})
	b.send(t, r, SendMessageEntry{Body: "old"})
	b.clk.Advance(61 * time.Second)
	b.waitTimers(t, 1) // the sweeper swept and waits again
	stats, err := b.st.QueueStats(b.ctx, r, b.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Visible+stats.InFlight+stats.Delayed != 0 {
		t.Errorf("after the sweep the store holds %+v", stats)
	}
}

// TestService_RetentionSweeperAfterRestart checks that the sweeper of a
// new Service reaches a queue of an account that no request to it has named.
func TestService_RetentionSweeperAfterRestart(t *testing.T) {
	t.Parallel()
	quiet := slog.New(slog.DiscardHandler)
	fs, clk := vfs.NewMem(), clocktest.New(testStart)
	open := func() store.Store {
		st, err := pebblestore.Open("", pebblestore.Options{FS: fs, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	opts := Options{Logger: quiet, SweepInterval: time.Minute}
	idle := QueueRef{Account: "222222222222", Name: "idle"}

	st := open()
	before := New(st, clk, opts)
	ctx := t.Context()
	if err := before.CreateQueue(ctx, &CreateQueueParams{Queue: idle, Attributes: map[string]string{"MessageRetentionPeriod": "60"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := before.SendMessage(ctx, &SendMessageParams{Queue: idle, Entry: SendMessageEntry{Body: "old"}}); err != nil {
		t.Fatal(err)
	}
	before.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st = open()
	t.Cleanup(func() { _ = st.Close() })
	after := New(st, clk, opts)
	t.Cleanup(after.Close)
	b := &testBundle{svc: after, st: st, clk: clk, ctx: ctx}
	b.waitTimers(t, 1) // the new sweeper is waiting
	if stats, err := st.QueueStats(ctx, idle, clk.Now()); err != nil || stats.Visible != 1 {
		t.Fatalf("after the restart the store holds %+v, %v; want the message", stats, err)
	}
	clk.Advance(61 * time.Second)
	b.waitTimers(t, 1) // the sweeper swept and waits again
	stats, err := st.QueueStats(ctx, idle, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Visible+stats.InFlight+stats.Delayed != 0 {
		t.Errorf("after the sweep the store holds %+v", stats)
	}
}

func TestService_AttributeChangesApplyToMessages(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", nil)
	b.send(t, r, SendMessageEntry{Body: strings.Repeat("x", 2000)}) // fills the cache
	if err := b.svc.SetQueueAttributes(b.ctx, r, map[string]string{"MaximumMessageSize": "1024", "DelaySeconds": "30"}); err != nil {
		t.Fatal(err)
	}
	_, err := b.svc.SendMessage(b.ctx, &SendMessageParams{Queue: r, Entry: SendMessageEntry{Body: strings.Repeat("x", 2000)}})
	wantError(t, err, ErrInvalidParameterValue, "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.")
	b.send(t, r, SendMessageEntry{Body: "delayed"})
	b.receive(t, &ReceiveMessageParams{Queue: r})
	wantAttributes(t, b.attributes(t, r, "All"), map[string]string{
		"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "1", "ApproximateNumberOfMessagesDelayed": "1",
	})
}

func TestService_SystemAttributes(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", nil)
	res, err := b.svc.SendMessage(b.ctx, &SendMessageParams{Queue: r, SenderID: "AKIDEXAMPLE", Entry: SendMessageEntry{
		Body:             "traced",
		GroupID:          "tenant-7",
		SystemAttributes: map[string]MessageAttribute{"AWSTraceHeader": {DataType: "String", StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.MD5OfMessageSystemAttributes == "" || res.MD5OfMessageAttributes != "" || res.SequenceNumber != "" {
		t.Errorf("send result = %+v", res)
	}
	m := b.receive(t, &ReceiveMessageParams{Queue: r})[0]
	if m.TraceHeader != "Root=1-5759e988-bd862e3fe1be46a994272793" || m.SenderID != "AKIDEXAMPLE" || m.GroupID != "tenant-7" ||
		!m.SentAt.Equal(testStart) || !m.FirstReceivedAt.Equal(testStart) {
		t.Errorf("received %+v", m)
	}
}
