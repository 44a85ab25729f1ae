package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// consumeWait is the long poll of the consume mode.
const consumeWait = 2

// perSecond counts messages by wall-clock second, so the series of
// several processes on one machine can be added up.
type perSecond struct {
	mu     sync.Mutex
	counts map[int64]int
}

func (p *perSecond) add(t time.Time, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.counts == nil {
		p.counts = make(map[int64]int)
	}
	p.counts[t.Unix()] += n
}

// print writes one "second UNIX LABEL N" line per second, in order.
func (p *perSecond) print(out io.Writer, label string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, sec := range slices.Sorted(maps.Keys(p.counts)) {
		fmt.Fprintf(out, "second %d %s %d\n", sec, label, p.counts[sec])
	}
}

// runBurst sends o.messages messages in batches of 10 spread evenly over
// o.duration from o.clients clients, and prints the messages sent each
// second.
func runBurst(ctx context.Context, o options, out io.Writer) error {
	c := newClient(o.endpoint, o.clients)
	url, err := ensureQueue(ctx, c, o.queue, o.attributes)
	if err != nil {
		return err
	}
	batches := (o.messages + 9) / 10
	interval := o.duration / time.Duration(batches)
	var next atomic.Int64
	var sent perSecond
	var failed atomic.Value
	start := time.Now()
	var wg sync.WaitGroup
	for range o.clients {
		wg.Go(func() {
			entries := batchEntries(10, o.size)
			for i := next.Add(1) - 1; i < int64(batches); i = next.Add(1) - 1 {
				time.Sleep(time.Until(start.Add(time.Duration(i) * interval)))
				if err := sendBatch(ctx, c, url, entries); err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				sent.add(time.Now(), len(entries))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	sent.print(out, "sent")
	if err, ok := failed.Load().(error); ok {
		return fmt.Errorf("burst: %w", err)
	}
	fmt.Fprintf(out, "sent %d messages in %.2fs\n", batches*10, elapsed.Seconds())
	return nil
}

// runConsume receives and deletes with o.clients long-polling clients, as
// workers do, and prints the messages received each second. It stops
// o.idle after the last message received, or after o.duration.
func runConsume(ctx context.Context, o options, out io.Writer) error {
	c := newClient(o.endpoint, o.clients)
	url, err := ensureQueue(ctx, c, o.queue, o.attributes)
	if err != nil {
		return err
	}
	start := time.Now()
	deadline := start.Add(o.duration)
	var last atomic.Int64 // unix nanoseconds of the last message, 0 before
	var received perSecond
	var total atomic.Int64
	var failed atomic.Value
	idle := func(now time.Time) bool {
		l := last.Load()
		return l != 0 && now.Sub(time.Unix(0, l)) > o.idle
	}
	var wg sync.WaitGroup
	for range o.clients {
		wg.Go(func() {
			for now := time.Now(); now.Before(deadline) && !idle(now); now = time.Now() {
				n, err := receiveDeleteWaiting(ctx, c, url)
				if err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				if n > 0 {
					at := time.Now()
					received.add(at, n)
					total.Add(int64(n))
					last.Store(at.UnixNano())
				}
			}
		})
	}
	wg.Wait()
	received.print(out, "delivered")
	if err, ok := failed.Load().(error); ok {
		return fmt.Errorf("consume: %w", err)
	}
	fmt.Fprintf(out, "received %d messages in %.2fs\n", total.Load(), time.Since(start).Seconds())
	return nil
}

// receiveDeleteWaiting is one long-polled ReceiveMessage of up to 10
// messages and the DeleteMessageBatch of those it got.
func receiveDeleteWaiting(ctx context.Context, c *sqs.Client, url string) (int, error) {
	res, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: consumeWait})
	if err != nil || len(res.Messages) == 0 {
		return 0, err
	}
	entries := make([]types.DeleteMessageBatchRequestEntry, len(res.Messages))
	for i, m := range res.Messages {
		entries[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle}
	}
	del, err := c.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: &url, Entries: entries})
	if err != nil {
		return 0, err
	}
	if len(del.Failed) > 0 {
		return 0, fmt.Errorf("%d deletes failed: %s", len(del.Failed), aws.ToString(del.Failed[0].Message))
	}
	return len(res.Messages), nil
}
