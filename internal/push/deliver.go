package push

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sluicemq/sluice/internal/queue"
)

// Backoff of failed deliveries: 1 s after the first failure, doubling, at
// most maxBackoff.
const (
	baseBackoff = time.Second
	maxBackoff  = 10 * time.Minute
	// visibilityMargin keeps a message invisible a little past its
	// request's timeout, so a slow answer is not raced by a redelivery.
	visibilityMargin = 5 * time.Second
	// receiveWait is the long poll of each delivery slot.
	receiveWait = 20
)

// deliverer runs one queue's deliveries: Concurrency slots, each receiving
// one message at a time and POSTing it.
type deliverer struct {
	d      *Dispatcher
	ref    queue.QueueRef
	cfg    Config
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// pausedUntil (unix nanoseconds on the dispatcher's clock) holds every
	// slot back after a 429 or 503.
	pausedUntil atomic.Int64
}

// start starts a queue's deliveries.
func (d *Dispatcher) start(parent context.Context, ref queue.QueueRef, cfg Config) *deliverer {
	ctx, cancel := context.WithCancel(parent)
	del := &deliverer{d: d, ref: ref, cfg: cfg, cancel: cancel}
	for range cfg.Concurrency {
		del.wg.Go(func() { del.slot(ctx) })
	}
	return del
}

// stop ends the deliveries and waits for them. A request cut short leaves
// its message to reappear after its visibility timeout.
func (del *deliverer) stop() {
	del.cancel()
	del.wg.Wait()
}

// slot delivers messages one at a time until ctx ends.
func (del *deliverer) slot(ctx context.Context) {
	clk := del.d.opts.Clock
	max, wait := 1, receiveWait
	visibility := int((del.cfg.Timeout + visibilityMargin) / time.Second)
	for ctx.Err() == nil {
		if !del.waitPause(ctx) {
			return
		}
		msgs, err := del.d.queues.ReceiveMessage(ctx, &queue.ReceiveMessageParams{Queue: del.ref,
			MaxNumberOfMessages: &max, WaitTimeSeconds: &wait, VisibilityTimeout: &visibility})
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, queue.ErrQueueDoesNotExist) {
				del.d.opts.Logger.Warn("push: receive failed", "queue", del.ref.Name, "err", err)
			}
			tick, stop := clk.After(time.Second)
			select {
			case <-tick:
			case <-ctx.Done():
				stop()
			}
			continue
		}
		for _, m := range msgs {
			del.deliver(ctx, m)
		}
	}
}

// waitPause waits out a pause set by a 429 or 503; false when ctx ends.
func (del *deliverer) waitPause(ctx context.Context) bool {
	clk := del.d.opts.Clock
	for {
		d := time.Duration(del.pausedUntil.Load() - clk.Now().UnixNano())
		if d <= 0 {
			return true
		}
		tick, stop := clk.After(d)
		select {
		case <-tick:
		case <-ctx.Done():
			stop()
			return false
		}
	}
}

// deliver POSTs one message and settles it by the answer.
func (del *deliverer) deliver(ctx context.Context, m *queue.Message) {
	status, retryAfter, err := del.post(ctx, m)
	if ctx.Err() != nil {
		return // stopping: the message reappears after its visibility timeout
	}
	if err == nil && status/100 == 2 {
		if err := del.d.queues.DeleteMessage(ctx, del.ref, m.ReceiptHandle); err != nil && ctx.Err() == nil {
			del.d.opts.Logger.Warn("push: delete after delivery failed", "queue", del.ref.Name, "message_id", m.ID, "err", err)
		}
		return
	}
	delay := backoff(m.ReceiveCount)
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		pause := delay
		if retryAfter > 0 {
			pause = retryAfter
		}
		del.pausedUntil.Store(del.d.opts.Clock.Now().Add(pause).UnixNano())
	}
	del.d.opts.Logger.Debug("push: delivery failed", "queue", del.ref.Name, "message_id", m.ID,
		"status", status, "err", err, "retry_in_s", delay.Seconds())
	if err := del.d.queues.ChangeMessageVisibility(ctx, del.ref, m.ReceiptHandle, int(delay/time.Second)); err != nil && ctx.Err() == nil {
		del.d.opts.Logger.Warn("push: cannot delay a failed message", "queue", del.ref.Name, "message_id", m.ID, "err", err)
	}
}

// post sends one message and returns the answer's status and Retry-After.
func (del *deliverer) post(ctx context.Context, m *queue.Message) (int, time.Duration, error) {
	body, err := json.Marshal(payloadOf(del.ref, m))
	if err != nil {
		return 0, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, del.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, del.cfg.Endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "sluice-push")
	req.Header.Set("X-Sluice-Queue", del.ref.Name)
	req.Header.Set("X-Sluice-Message-Id", m.ID)
	if del.cfg.Secret != "" {
		req.Header.Set(SignatureHeader, Sign(del.cfg.Secret, body))
	}
	resp, err := del.d.opts.Client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	retryAfter := time.Duration(0)
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		retryAfter = time.Duration(s) * time.Second
	}
	return resp.StatusCode, retryAfter, nil
}

// backoff is how long a message stays invisible after its receiveCount-th
// failed delivery.
func backoff(receiveCount int) time.Duration {
	d := baseBackoff
	for i := 1; i < receiveCount && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}
