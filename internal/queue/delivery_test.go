package queue

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingObserver counts the limit reports of a Service.
type countingObserver struct {
	noObserver
	underLimit, throttled atomic.Int64
}

func (o *countingObserver) ReceivedUnderLimit(_ QueueRef, n int) { o.underLimit.Add(int64(n)) }
func (o *countingObserver) Throttled(QueueRef)                   { o.throttled.Add(1) }

// fill sends n messages to r.
func (b *testBundle) fill(t *testing.T, r QueueRef, n int) {
	t.Helper()
	for i := range n {
		b.send(t, r, SendMessageEntry{Body: fmt.Sprint("m", i)})
	}
}

// take makes one short-poll receive of up to 10 messages and returns how
// many it got.
func (b *testBundle) take(t *testing.T, r QueueRef) int {
	t.Helper()
	return len(b.receive(t, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(10)}))
}

// wantTake checks that a short-poll receive of 10 gets want messages.
func (b *testBundle) wantTake(t *testing.T, r QueueRef, want int, when string) {
	t.Helper()
	if got := b.take(t, r); got != want {
		t.Fatalf("%s: received %d messages, want %d", when, got, want)
	}
}

// pollResult is what a long poll started by startPoll returned.
type pollResult struct {
	msgs []*Message
	err  error
}

// startPoll starts a long poll of up to 10 messages waiting wait seconds.
func (b *testBundle) startPoll(r QueueRef, wait int) <-chan pollResult {
	ch := make(chan pollResult, 1)
	go func() {
		msgs, err := b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{
			Queue: r, MaxNumberOfMessages: intPtr(10), WaitTimeSeconds: intPtr(wait)})
		ch <- pollResult{msgs, err}
	}()
	return ch
}

// awaitPoll returns the result of a long poll, failing after 10 s of real
// time (a poll that never answers).
func awaitPoll(t *testing.T, ch <-chan pollResult) pollResult {
	t.Helper()
	select {
	case res := <-ch:
		if res.err != nil {
			t.Fatalf("long poll: %v", res.err)
		}
		return res
	case <-time.After(10 * time.Second):
		t.Fatal("long poll did not return")
		return pollResult{}
	}
}

// stillWaiting checks that a long poll has not answered.
func stillWaiting(t *testing.T, ch <-chan pollResult, when string) {
	t.Helper()
	select {
	case res := <-ch:
		t.Fatalf("%s: long poll answered %d messages, %v; want it still waiting", when, len(res.msgs), res.err)
	default:
	}
}

func TestDeliveryRate_BurstThenFlat(t *testing.T) {
	t.Parallel()
	obs := &countingObserver{}
	b := setup(t, Options{Observer: obs})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "10", "SluiceDeliveryBurst": "10"})
	b.fill(t, r, 40)
	b.wantTake(t, r, 10, "at once")
	b.wantTake(t, r, 0, "with the burst spent")
	for i := range 5 {
		b.clk.Advance(99 * time.Millisecond)
		b.wantTake(t, r, 0, fmt.Sprintf("99 ms into token %d", i+1))
		b.clk.Advance(time.Millisecond)
		b.wantTake(t, r, 1, fmt.Sprintf("100 ms into token %d", i+1))
	}
	b.clk.Advance(350 * time.Millisecond)
	b.wantTake(t, r, 3, "350 ms later")
	b.clk.Advance(time.Hour)
	b.wantTake(t, r, 10, "an hour later (the bucket holds 10)")
	b.wantTake(t, r, 0, "right after")
	if got := obs.underLimit.Load(); got != 28 {
		t.Errorf("messages reported received under a limit = %d, want 28", got)
	}
	if got := obs.throttled.Load(); got != 13 {
		t.Errorf("throttled receives = %d, want 13 (each receive that got fewer than 10 of those waiting)", got)
	}
}

func TestDeliveryRate_DefaultBurst(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "2.5"})
	b.fill(t, r, 10)
	b.wantTake(t, r, 3, "at once (burst ceil(2.5))")
	b.clk.Advance(400 * time.Millisecond)
	b.wantTake(t, r, 1, "400 ms later")
	if got := b.attributes(t, r, "SluiceDeliveryBurst")["SluiceDeliveryBurst"]; got != "3" {
		t.Errorf("SluiceDeliveryBurst by name = %q, want the default 3", got)
	}
}

func TestDeliveryRate_TokensOnlyForDelivered(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "1", "SluiceDeliveryBurst": "10"})
	b.fill(t, r, 3)
	b.wantTake(t, r, 3, "three waiting")
	b.wantTake(t, r, 0, "none waiting")
	b.fill(t, r, 10)
	b.wantTake(t, r, 7, "seven tokens left")
}

func TestDeliveryRate_ConcurrentReceivesShareTheBucket(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "5", "SluiceDeliveryBurst": "37"})
	b.fill(t, r, 100)
	var total atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				msgs, err := b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(10)})
				if err != nil {
					t.Error(err)
					return
				}
				if len(msgs) == 0 {
					return
				}
				total.Add(int64(len(msgs)))
			}
		})
	}
	wg.Wait()
	if got := total.Load(); got != 37 {
		t.Errorf("8 concurrent receivers got %d messages at one instant, want the burst of 37", got)
	}
}

func TestDeliveryRate_Paused(t *testing.T) {
	t.Parallel()
	obs := &countingObserver{}
	b := setup(t, Options{Observer: obs})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "0"})
	b.fill(t, r, 5)
	b.wantTake(t, r, 0, "paused")
	b.clk.Advance(time.Hour)
	b.wantTake(t, r, 0, "paused an hour later")
	poll := b.startPoll(r, 5)
	b.waitTimers(t, 2)
	b.clk.Advance(5 * time.Second)
	if res := awaitPoll(t, poll); len(res.msgs) != 0 {
		t.Fatalf("long poll of a paused queue got %d messages", len(res.msgs))
	}
	if got := obs.throttled.Load(); got != 3 {
		t.Errorf("throttled receives = %d, want 3", got)
	}

	poll = b.startPoll(r, 20)
	b.waitTimers(t, 2)
	if err := b.svc.SetQueueAttributes(b.ctx, r, map[string]string{"SluiceDeliveryRate": "1"}); err != nil {
		t.Fatal(err)
	}
	if res := awaitPoll(t, poll); len(res.msgs) != 1 {
		t.Fatalf("long poll after resuming at 1/s got %d messages, want 1 (the burst)", len(res.msgs))
	}
}

func TestDeliveryRate_LongPollWokenByToken(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "1"})
	b.fill(t, r, 5)
	b.wantTake(t, r, 1, "the burst")
	poll := b.startPoll(r, 20)
	b.waitTimers(t, 2)
	b.clk.Advance(999 * time.Millisecond)
	if n := b.clk.Timers(); n != 2 {
		t.Fatalf("%d timers after 999 ms, want the sweeper's and the poll's", n)
	}
	stillWaiting(t, poll, "999 ms later")
	b.clk.Advance(time.Millisecond)
	if res := awaitPoll(t, poll); len(res.msgs) != 1 {
		t.Fatalf("long poll woken by the next token got %d messages, want 1", len(res.msgs))
	}
}

func TestDeliveryRate_LongPollEndsWithoutToken(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "0.1"})
	b.fill(t, r, 5)
	b.wantTake(t, r, 1, "the burst")
	poll := b.startPoll(r, 2)
	b.waitTimers(t, 2)
	b.clk.Advance(2 * time.Second)
	if res := awaitPoll(t, poll); len(res.msgs) != 0 {
		t.Fatalf("long poll of 2 s with the next token 10 s away got %d messages", len(res.msgs))
	}
	b.clk.Advance(8 * time.Second)
	b.wantTake(t, r, 1, "10 s after the burst")
}

func TestDeliveryRate_ShortPollDoesNotWait(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "0.5"})
	b.fill(t, r, 3)
	b.wantTake(t, r, 1, "the burst")
	msgs, err := b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: r, WaitTimeSeconds: intPtr(0)})
	if err != nil || len(msgs) != 0 {
		t.Fatalf("short poll without a token = %d messages, %v; want none at once", len(msgs), err)
	}
	b.clk.Advance(2 * time.Second)
	b.wantTake(t, r, 1, "2 s later at 0.5/s")
}

func TestDeliveryRate_AttributeChanges(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "10"})
	b.fill(t, r, 100)
	b.wantTake(t, r, 10, "the burst")
	set := func(attrs map[string]string) {
		t.Helper()
		if err := b.svc.SetQueueAttributes(b.ctx, r, attrs); err != nil {
			t.Fatalf("SetQueueAttributes(%v): %v", attrs, err)
		}
	}
	set(map[string]string{"SluiceDeliveryRate": "100", "SluiceDeliveryBurst": "5"})
	b.clk.Advance(30 * time.Millisecond)
	b.wantTake(t, r, 3, "30 ms at 100/s")
	b.clk.Advance(time.Second)
	b.wantTake(t, r, 5, "a second later, burst 5")
	set(map[string]string{"SluiceDeliveryRate": ""})
	b.wantTake(t, r, 10, "rate removed")
	b.wantTake(t, r, 10, "rate removed, again")
	set(map[string]string{"SluiceDeliveryRate": "1", "SluiceDeliveryBurst": ""})
	b.wantTake(t, r, 1, "back to 1/s, default burst 1")
	b.wantTake(t, r, 0, "back to 1/s, burst spent")
}

func TestDeliveryRate_DeletedQueueStartsAfresh(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	attrs := map[string]string{"SluiceDeliveryRate": "0.001", "SluiceDeliveryBurst": "2"}
	r := b.create(t, "q", attrs)
	b.fill(t, r, 5)
	b.wantTake(t, r, 2, "the burst")
	if err := b.svc.DeleteQueue(b.ctx, r); err != nil {
		t.Fatal(err)
	}
	b.clk.Advance(time.Minute)
	r = b.create(t, "q", attrs)
	b.fill(t, r, 5)
	b.wantTake(t, r, 2, "the new queue's burst")
}

func TestMaxInFlight(t *testing.T) {
	t.Parallel()
	obs := &countingObserver{}
	b := setup(t, Options{Observer: obs})
	r := b.create(t, "q", map[string]string{"SluiceMaxInFlight": "3"})
	b.fill(t, r, 10)
	got := b.receive(t, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: intPtr(10)})
	if len(got) != 3 {
		t.Fatalf("received %d messages under a cap of 3", len(got))
	}
	b.wantTake(t, r, 0, "at the cap")
	if n := obs.throttled.Load(); n != 2 {
		t.Errorf("throttled receives = %d, want 2", n)
	}

	poll := b.startPoll(r, 20)
	b.waitTimers(t, 2)
	if err := b.svc.DeleteMessage(b.ctx, r, got[0].ReceiptHandle); err != nil {
		t.Fatal(err)
	}
	if res := awaitPoll(t, poll); len(res.msgs) != 1 {
		t.Fatalf("long poll woken by a delete got %d messages, want 1", len(res.msgs))
	}
	poll = b.startPoll(r, 20)
	b.waitTimers(t, 2)
	b.clk.Advance(30 * time.Second) // the visibility timeout of the first receive
	if res := awaitPoll(t, poll); len(res.msgs) != 3 {
		t.Fatalf("long poll woken by visibility deadlines got %d messages, want 3", len(res.msgs))
	}
	if err := b.svc.SetQueueAttributes(b.ctx, r, map[string]string{"SluiceMaxInFlight": "5"}); err != nil {
		t.Fatal(err)
	}
	b.wantTake(t, r, 2, "cap raised to 5, 3 in flight")
}

func TestMaxInFlight_WithRate(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "1", "SluiceDeliveryBurst": "10", "SluiceMaxInFlight": "4"})
	b.fill(t, r, 20)
	b.wantTake(t, r, 4, "under the cap")
	// The cap held back six tokens; they stay in the bucket.
	if err := b.svc.SetQueueAttributes(b.ctx, r, map[string]string{"SluiceMaxInFlight": ""}); err != nil {
		t.Fatal(err)
	}
	b.wantTake(t, r, 6, "cap removed, the tokens left")
}

func TestMaxInFlight_FIFO(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q.fifo", map[string]string{"FifoQueue": "true", "SluiceMaxInFlight": "2", "ContentBasedDeduplication": "true"})
	for i := range 5 {
		b.send(t, r, SendMessageEntry{Body: fmt.Sprint("m", i), GroupID: fmt.Sprint("g", i)})
	}
	b.wantTake(t, r, 2, "FIFO under the cap")
	b.wantTake(t, r, 0, "FIFO at the cap")
}

func TestDeliveryRate_OneTokenWakesOnePoll(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "2"})
	b.fill(t, r, 10)
	b.wantTake(t, r, 2, "the burst")
	results := make(chan pollResult, 3)
	for range 3 {
		go func() {
			msgs, err := b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{
				Queue: r, MaxNumberOfMessages: intPtr(10), WaitTimeSeconds: intPtr(20)})
			results <- pollResult{msgs, err}
		}()
	}
	b.waitTimers(t, 4)
	b.clk.Advance(500 * time.Millisecond)
	if res := awaitPoll(t, results); len(res.msgs) != 1 {
		t.Fatalf("the poll that got the token got %d messages, want 1", len(res.msgs))
	}
	b.waitTimers(t, 3) // the other two wait for the next token
	stillWaiting(t, results, "one token later")
	for left := 2; left > 0; left-- {
		b.waitTimers(t, 1+left)
		b.clk.Advance(500 * time.Millisecond)
		if res := awaitPoll(t, results); len(res.msgs) != 1 {
			t.Fatalf("a poll got %d messages of the next token, want 1", len(res.msgs))
		}
	}
}
