package worker_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/worker"
)

func TestConsumer_TenThousandEachOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue("ten-thousand", nil)
	const n = 10000
	h.sendAll(url, n, nil)

	var mu sync.Mutex
	seen := make(map[string]int, n)
	all := make(chan struct{})
	c := worker.NewConsumer(h.client, url, worker.Options{Concurrency: 8, WaitTime: time.Second})
	stop := run(h.ctx, c, func(ctx context.Context, m *worker.Message) error {
		mu.Lock()
		defer mu.Unlock()
		seen[m.Body]++
		if len(seen) == n {
			close(all)
		}
		return nil
	})
	select {
	case <-all:
	case <-h.ctx.Done():
		t.Fatalf("handled %d of %d messages", len(seen), n)
	}
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	for body, times := range seen {
		if times != 1 {
			t.Errorf("%s handled %d times", body, times)
		}
	}
	if visible, inFlight := h.counts(url); visible != 0 || inFlight != 0 {
		t.Errorf("after the run: %d visible, %d in flight, want the queue empty", visible, inFlight)
	}
}

// beatCounter passes calls through to the server and reports each
// ChangeMessageVisibilityBatch and DeleteMessageBatch once it has returned.
type beatCounter struct {
	worker.Client
	beats   chan int32
	deletes chan int
}

func (b beatCounter) DeleteMessageBatch(ctx context.Context, in *sqs.DeleteMessageBatchInput,
	optFns ...func(*sqs.Options)) (*sqs.DeleteMessageBatchOutput, error) {
	out, err := b.Client.DeleteMessageBatch(ctx, in, optFns...)
	b.deletes <- len(in.Entries)
	return out, err
}

func (b beatCounter) ChangeMessageVisibilityBatch(ctx context.Context, in *sqs.ChangeMessageVisibilityBatchInput,
	optFns ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityBatchOutput, error) {
	out, err := b.Client.ChangeMessageVisibilityBatch(ctx, in, optFns...)
	b.beats <- in.Entries[0].VisibilityTimeout
	return out, err
}

func TestConsumer_HeartbeatKeepsASlowHandlersMessage(t *testing.T) {
	t.Parallel()
	h := newFakeHarness(t)
	url := h.createQueue("slow", nil)
	h.sendAll(url, 1, nil)

	started, finish := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	client := beatCounter{Client: h.client, beats: make(chan int32, 16), deletes: make(chan int, 1)}
	c := worker.NewConsumer(client, url, worker.Options{VisibilityTimeout: 3 * time.Second,
		HeartbeatInterval: time.Second, WaitTime: time.Second, Clock: h.workerClock})
	stop := run(h.ctx, c, func(ctx context.Context, m *worker.Message) error {
		if calls.Add(1) == 1 {
			close(started)
		}
		<-finish
		return nil
	})
	<-started
	// Nine seconds, three times the visibility timeout, one heartbeat a second.
	for range 9 {
		if err := h.workerClock.AwaitTimers(h.ctx, 1); err != nil {
			t.Fatal(err)
		}
		h.step(time.Second)
		if got := <-client.beats; got != 3 {
			t.Fatalf("heartbeat set visibility %d s, want 3", got)
		}
		out, err := h.client.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url)})
		if err != nil || len(out.Messages) != 0 {
			t.Fatalf("another consumer received %d messages (err %v) while the handler ran", len(out.Messages), err)
		}
	}
	close(finish)
	<-client.deletes
	if err := h.stop(stop); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("handler called %d times, want 1", n)
	}
	if visible, inFlight := h.counts(url); visible+inFlight != 0 {
		t.Errorf("message not deleted: %d visible, %d in flight", visible, inFlight)
	}
}

func TestConsumer_BackoffThenDeadLetterQueue(t *testing.T) {
	t.Parallel()
	h := newFakeHarness(t)
	dlq := h.createQueue("backoff-dlq", nil)
	url := h.createQueue("backoff", map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"` + h.queueARN(dlq) + `","maxReceiveCount":"3"}`})
	h.sendAll(url, 1, nil)

	events := make(chan worker.Event, 16)
	c := worker.NewConsumer(h.client, url, worker.Options{WaitTime: time.Second, HeartbeatInterval: -1,
		Backoff: worker.ExponentialBackoff{Base: 10 * time.Second, Max: time.Minute}.Delay,
		Clock:   h.workerClock, OnEvent: func(e worker.Event) { events <- e }})
	stop := run(h.ctx, c, func(ctx context.Context, m *worker.Message) error { return errors.New("boom") })
	for i, want := range []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second} {
		e := nextEvent(t, h.ctx, events, worker.Failed)
		if e.Delay != want || e.Message.ReceiveCount != i+1 {
			t.Fatalf("failure %d: delay %s at receive %d, want %s at receive %d", i+1, e.Delay, e.Message.ReceiveCount, want, i+1)
		}
		h.step(want)
	}
	moved := receiveWithin(t, h, dlq)
	if err := h.stop(stop); err != nil {
		t.Fatal(err)
	}
	if moved != "body-0" {
		t.Errorf("dead-letter queue holds %q, want body-0", moved)
	}
}

// receiveWithin waits for a message on url, stepping the fake clocks a
// second at a time (the consumer's own receives may meanwhile move it).
func receiveWithin(t *testing.T, h *fakeHarness, url string) string {
	t.Helper()
	for range 60 {
		out, err := h.client.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) > 0 {
			return aws.ToString(out.Messages[0].Body)
		}
		h.step(time.Second)
	}
	t.Fatal("no message arrived")
	return ""
}

func nextEvent(t *testing.T, ctx context.Context, events <-chan worker.Event, kind worker.EventKind) worker.Event {
	t.Helper()
	for {
		select {
		case e := <-events:
			if e.Kind == kind {
				return e
			}
		case <-ctx.Done():
			t.Fatalf("no %s event", kind)
		}
	}
}

func TestConsumer_GiveUpLeavesItToTheDLQ(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	dlq := h.createQueue("giveup-dlq", nil)
	url := h.createQueue("giveup", map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"` + h.queueARN(dlq) + `","maxReceiveCount":"2"}`})
	h.sendAll(url, 1, nil)
	var calls atomic.Int32
	c := worker.NewConsumer(h.client, url, worker.Options{WaitTime: time.Second})
	stop := run(h.ctx, c, func(ctx context.Context, m *worker.Message) error {
		calls.Add(1)
		return worker.GiveUp(errors.New("malformed"))
	})
	out, err := h.client.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(dlq), WaitTimeSeconds: 20})
	if err != nil || len(out.Messages) != 1 {
		t.Fatalf("dead-letter queue: %d messages, err %v", len(out.Messages), err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("handler called %d times, want 1: a given-up message is not handled again", n)
	}
}

func TestConsumer_FIFOOrderPerGroupAtConcurrency8(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue("ordered.fifo", map[string]string{"FifoQueue": "true"})
	const groups, perGroup = 10, 50
	p := worker.NewProducer(h.client, url, worker.ProducerOptions{})
	var senders sync.WaitGroup
	for g := range groups {
		senders.Go(func() { // each group in order, the groups side by side
			for i := range perGroup {
				if _, err := p.Send(h.ctx, &worker.Outgoing{Body: strconv.Itoa(i), GroupID: "g" + strconv.Itoa(g),
					DeduplicationID: strconv.Itoa(g*perGroup + i)}); err != nil {
					t.Errorf("Send: %v", err)
					return
				}
			}
		})
	}
	senders.Wait()
	p.Close()

	var mu sync.Mutex
	got := make(map[string][]string)
	running := make(map[string]bool)
	var now, peak, total int
	all, both := make(chan struct{}), make(chan struct{})
	var arrived atomic.Int32
	c := worker.NewConsumer(h.client, url, worker.Options{Concurrency: 8, WaitTime: time.Second})
	stop := run(h.ctx, c, func(ctx context.Context, m *worker.Message) error {
		mu.Lock()
		if running[m.GroupID] {
			t.Errorf("two handlers at once in group %s", m.GroupID)
		}
		running[m.GroupID] = true
		now++
		peak = max(peak, now)
		mu.Unlock()
		if k := arrived.Add(1); m.Body == "0" && k <= 2 { // the first two groups meet: they run in parallel
			if k == 2 {
				close(both)
			}
			select {
			case <-both:
			case <-ctx.Done():
				t.Error("no second group ran alongside the first")
			}
		}
		mu.Lock()
		defer mu.Unlock()
		running[m.GroupID] = false
		now--
		got[m.GroupID] = append(got[m.GroupID], m.Body)
		if total++; total == groups*perGroup {
			close(all)
		}
		return nil
	})
	select {
	case <-all:
	case <-h.ctx.Done():
		t.Fatalf("handled %d of %d", total, groups*perGroup)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for g, bodies := range got {
		for i, b := range bodies {
			if b != strconv.Itoa(i) {
				t.Fatalf("group %s handled out of order: %v", g, bodies)
			}
		}
	}
	if peak < 2 {
		t.Errorf("at most %d handler ran at once: groups were not handled in parallel", peak)
	}
}

func TestConsumer_ShutdownMidLoadLosesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue("shutdown", nil)
	const n = 2000
	h.sendAll(url, n, nil)
	var handled atomic.Int32
	halfway := make(chan struct{})
	c := worker.NewConsumer(h.client, url, worker.Options{Concurrency: 4, Prefetch: 40, WaitTime: time.Second})
	stop := run(h.ctx, c, func(ctx context.Context, m *worker.Message) error {
		if handled.Add(1) == 200 {
			close(halfway)
		}
		return nil
	})
	<-halfway
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	visible, inFlight := h.counts(url)
	if inFlight != 0 {
		t.Errorf("%d messages left invisible after shutdown", inFlight)
	}
	if got := int(handled.Load()) + visible; got != n {
		t.Errorf("handled %d + visible %d = %d, want %d", handled.Load(), visible, got, n)
	}
}

func TestConsumer_BatchHandlerPartialFailure(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue("partial", nil)
	h.sendAll(url, 20, nil)
	var mu sync.Mutex
	tries := make(map[string]int)
	done := make(chan struct{})
	c := worker.NewConsumer(h.client, url, worker.Options{WaitTime: time.Second,
		Backoff: func(int) time.Duration { return 0 }})
	ctx, cancel := context.WithCancel(h.ctx)
	result := make(chan error, 1)
	go func() {
		result <- c.RunBatch(ctx, func(ctx context.Context, msgs []*worker.Message) error {
			mu.Lock()
			defer mu.Unlock()
			failed := make(map[string]error)
			for _, m := range msgs {
				tries[m.Body]++
				if n, _ := strconv.Atoi(strings.TrimPrefix(m.Body, "body-")); n%2 == 1 && tries[m.Body] == 1 {
					failed[m.ID] = errors.New("odd, first time")
				}
			}
			if sum(tries) == 30 {
				close(done)
			}
			if len(failed) > 0 {
				return &worker.BatchError{Failed: failed}
			}
			return nil
		})
	}()
	<-done
	cancel()
	if err := <-result; err != nil {
		t.Fatal(err)
	}
	for body, n := range tries {
		odd := strings.HasSuffix(body, "1") || strings.HasSuffix(body, "3") || strings.HasSuffix(body, "5") ||
			strings.HasSuffix(body, "7") || strings.HasSuffix(body, "9")
		if want := map[bool]int{true: 2, false: 1}[odd]; n != want {
			t.Errorf("%s handled %d times, want %d", body, n, want)
		}
	}
	if visible, inFlight := h.counts(url); visible+inFlight != 0 {
		t.Errorf("queue not empty: %d visible, %d in flight", visible, inFlight)
	}
}

func sum(m map[string]int) int {
	total := 0
	for _, n := range m {
		total += n
	}
	return total
}

func TestConsumer_MissingQueueStopsRun(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue("soon-gone", nil)
	if _, err := h.client.DeleteQueue(h.ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(url)}); err != nil {
		t.Fatal(err)
	}
	err := worker.NewConsumer(h.client, url, worker.Options{}).Run(h.ctx, func(context.Context, *worker.Message) error { return nil })
	if _, gone := errors.AsType[*types.QueueDoesNotExist](err); !gone {
		t.Errorf("Run on a deleted queue = %v, want QueueDoesNotExist", err)
	}
}
