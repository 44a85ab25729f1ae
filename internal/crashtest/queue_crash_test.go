package crashtest

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// ledger records what the server acknowledged and what clients saw.
type ledger struct {
	mu          sync.Mutex
	sent        map[string]bool // acknowledged sends
	attempted   map[string]bool // every send attempted, acknowledged or not
	deleting    map[string]bool // deletes attempted, acknowledged or not
	deleted     map[string]bool // acknowledged deletes
	resurrected []string        // received after their delete was acknowledged
	acks        chan struct{}   // one token per acknowledged send
}

func newLedger() *ledger {
	return &ledger{sent: map[string]bool{}, attempted: map[string]bool{}, deleted: map[string]bool{},
		deleting: map[string]bool{},
		acks:     make(chan struct{}, 1<<20)}
}

func (l *ledger) attempt(body string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.attempted[body] = true
}

func (l *ledger) ackSend(body string) {
	l.mu.Lock()
	l.sent[body] = true
	l.mu.Unlock()
	l.acks <- struct{}{}
}

// received notes a delivered body and reports whether it may be deleted.
func (l *ledger) received(body string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.deleted[body] {
		l.resurrected = append(l.resurrected, body)
	}
}

// attemptDelete notes deletes about to be sent: if the server applies one
// and dies before answering, the message is gone without an acknowledgement.
func (l *ledger) attemptDelete(bodies []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, b := range bodies {
		l.deleting[b] = true
	}
}

func (l *ledger) ackDelete(bodies []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, b := range bodies {
		l.deleted[b] = true
	}
}

// waitAcks blocks until n more sends are acknowledged or the test times out.
func (l *ledger) waitAcks(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for range n {
		select {
		case <-l.acks:
		case <-timeout:
			t.Fatalf("fewer than %d sends acknowledged within 60s", n)
		}
	}
}

// TestQueueSurvivesSIGKILL runs concurrent senders and a receiver-deleter
// while the server is SIGKILLed and restarted five times, then drains the
// queue and checks that no acknowledged send is missing and no acknowledged
// delete came back.
func TestQueueSurvivesSIGKILL(t *testing.T) {
	srv := newServer(t)
	srv.start()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := srv.client()
	url := createQueue(t, ctx, c, "crash", map[string]string{"VisibilityTimeout": "1"})

	l := newLedger()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() { sendLoop(ctx, c, url, w, l) })
	}
	wg.Go(func() { receiveDeleteLoop(ctx, c, url, l) })

	for range 5 {
		l.waitAcks(t, 300)
		srv.kill()
		srv.start()
	}
	l.waitAcks(t, 300)
	cancel()
	wg.Wait()

	drained := drain(t, c, url, l)
	check(t, l, drained)
}

func sendLoop(ctx context.Context, c *sqs.Client, url string, worker int, l *ledger) {
	for n := 0; ctx.Err() == nil; n++ {
		body := fmt.Sprintf("w%d-%d", worker, n)
		l.attempt(body)
		if n%2 == 0 {
			_, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: &body})
			if err == nil {
				l.ackSend(body)
			}
			continue
		}
		// Odd numbers go in a batch of one, so both paths are checked.
		out, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: &url,
			Entries: []types.SendMessageBatchRequestEntry{{Id: aws.String("e"), MessageBody: &body}}})
		if err == nil && len(out.Successful) == 1 {
			l.ackSend(body)
		}
	}
}

func receiveDeleteLoop(ctx context.Context, c *sqs.Client, url string, l *ledger) {
	for ctx.Err() == nil {
		res, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
		if err != nil || len(res.Messages) == 0 {
			continue
		}
		entries := make([]types.DeleteMessageBatchRequestEntry, len(res.Messages))
		bodies := make([]string, len(res.Messages))
		for i, m := range res.Messages {
			l.received(aws.ToString(m.Body))
			bodies[i] = aws.ToString(m.Body)
			entries[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle}
		}
		l.attemptDelete(bodies)
		del, err := c.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: &url, Entries: entries})
		if err != nil {
			continue
		}
		ok := make([]string, 0, len(del.Successful))
		for _, s := range del.Successful {
			i, _ := strconv.Atoi(aws.ToString(s.Id))
			ok = append(ok, bodies[i])
		}
		l.ackDelete(ok)
	}
}

// drain receives and deletes until the server reports the queue empty and
// returns every body it received.
func drain(t *testing.T, c *sqs.Client, url string, l *ledger) map[string]bool {
	t.Helper()
	ctx := context.Background()
	got := map[string]bool{}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		res, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 2})
		if err != nil {
			t.Fatalf("drain receive: %v", err)
		}
		for _, m := range res.Messages {
			l.received(aws.ToString(m.Body))
			got[aws.ToString(m.Body)] = true
			if _, err := c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatalf("drain delete: %v", err)
			}
		}
		if len(res.Messages) == 0 && queueEmpty(t, c, url) {
			return got
		}
	}
	t.Fatal("queue not empty after 2 minutes of draining")
	return nil
}

func queueEmpty(t *testing.T, c *sqs.Client, url string) bool {
	t.Helper()
	out, err := c.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: &url,
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll}})
	if err != nil {
		t.Fatalf("get queue attributes: %v", err)
	}
	for _, k := range []string{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"} {
		if out.Attributes[k] != "0" {
			return false
		}
	}
	return true
}

func check(t *testing.T, l *ledger, drained map[string]bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var lost, unexpected []string
	for b := range l.sent {
		if !l.deleting[b] && !drained[b] {
			lost = append(lost, b)
		}
	}
	for b := range drained {
		if !l.attempted[b] {
			unexpected = append(unexpected, b)
		}
	}
	t.Logf("acknowledged sends %d, acknowledged deletes %d, drained after the crashes %d",
		len(l.sent), len(l.deleted), len(drained))
	if len(lost) > 0 {
		t.Errorf("%d acknowledged sends lost, e.g. %q", len(lost), lost[:min(5, len(lost))])
	}
	if len(l.resurrected) > 0 {
		t.Errorf("%d acknowledged deletes came back, e.g. %q", len(l.resurrected), l.resurrected[:min(5, len(l.resurrected))])
	}
	if len(unexpected) > 0 {
		t.Errorf("%d messages that were never sent, e.g. %q", len(unexpected), unexpected[:min(5, len(unexpected))])
	}
	if len(l.sent) < 1800 {
		t.Errorf("only %d acknowledged sends: the test did not exercise the crashes", len(l.sent))
	}
}
