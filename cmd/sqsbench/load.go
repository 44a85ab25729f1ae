package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/loadgen"
)

// runSend drives SendMessage or SendMessageBatch for a fixed duration.
func runSend(ctx context.Context, o options, out io.Writer) error {
	c := newClient(o.endpoint, o.clients)
	url, err := ensureQueue(ctx, c, o.queue, o.attributes)
	if err != nil {
		return err
	}
	var rec loadgen.Recorder
	deadline := time.Now().Add(o.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for range o.clients {
		wg.Go(func() {
			b := body(o.size)
			entries := batchEntries(o.batch, o.size)
			for time.Now().Before(deadline) {
				t0 := time.Now()
				var err error
				if o.mode == "send" {
					_, err = c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: &b})
				} else {
					err = sendBatch(ctx, c, url, entries)
				}
				rec.Add(time.Since(t0), err)
			}
		})
	}
	wg.Wait()
	per := 1
	if o.mode == "sendbatch" {
		per = o.batch
	}
	report(out, &rec, fmt.Sprintf("%s c=%d size=%d", o.mode, o.clients, o.size), time.Since(start), per)
	return nil
}

func sendBatch(ctx context.Context, c *sqs.Client, url string, entries []types.SendMessageBatchRequestEntry) error {
	res, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: &url, Entries: entries})
	if err != nil {
		return err
	}
	if len(res.Failed) > 0 {
		return fmt.Errorf("%d entries failed: %s", len(res.Failed), aws.ToString(res.Failed[0].Message))
	}
	return nil
}

// prefill sends n messages with batches from many clients.
func prefill(ctx context.Context, c *sqs.Client, url string, n, size, clients int) error {
	var left atomic.Int64
	left.Store(int64((n + 9) / 10))
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for range clients {
		wg.Go(func() {
			entries := batchEntries(10, size)
			for left.Add(-1) >= 0 {
				if err := sendBatch(ctx, c, url, entries); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return fmt.Errorf("prefill: %w", err)
	}
	return nil
}

// runReceiveDelete prefills the queue, then drains it with ReceiveMessage(10)
// and DeleteMessageBatch, timing each receive+delete pair.
func runReceiveDelete(ctx context.Context, o options, out io.Writer) error {
	c := newClient(o.endpoint, o.clients)
	url, err := ensureQueue(ctx, c, o.queue, o.attributes)
	if err != nil {
		return err
	}
	if err := prefill(ctx, c, url, o.prefill, o.size, o.clients); err != nil {
		return err
	}
	var rec loadgen.Recorder
	var drained atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range o.clients {
		wg.Go(func() {
			for drained.Load() < int64(o.prefill) {
				t0 := time.Now()
				n, err := receiveDelete(ctx, c, url)
				if err == nil && n == 0 {
					continue
				}
				drained.Add(int64(n))
				rec.Add(time.Since(t0), err)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	report(out, &rec, fmt.Sprintf("recvdel c=%d size=%d prefill=%d", o.clients, o.size, o.prefill), elapsed, 0)
	fmt.Fprintf(out, "drained %d messages in %.1fs = %.0f msgs/s\n", drained.Load(), elapsed.Seconds(),
		float64(drained.Load())/elapsed.Seconds())
	return nil
}

func receiveDelete(ctx context.Context, c *sqs.Client, url string) (int, error) {
	res, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
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
