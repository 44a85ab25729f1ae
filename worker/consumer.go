package worker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"golang.org/x/time/rate"
)

// Handler handles one message. Returning nil deletes it; an error retries
// it after the backoff, or as RetryAfter or GiveUp say.
type Handler func(ctx context.Context, m *Message) error

// BatchHandler handles up to BatchSize messages at once. Returning nil
// deletes them all; a *BatchError fails only the messages it names; any
// other error fails them all.
type BatchHandler func(ctx context.Context, msgs []*Message) error

// Consumer receives a queue's messages and runs a handler on them. Its
// zero value is not usable: call NewConsumer.
type Consumer struct {
	client   Client
	queueURL string
	opts     Options
	limiter  *rate.Limiter // nil without a rate limit
	givenUp  *idSet
}

// NewConsumer returns a consumer of the queue at queueURL.
func NewConsumer(client Client, queueURL string, opts Options) *Consumer {
	opts = opts.withDefaults()
	c := &Consumer{client: client, queueURL: queueURL, opts: opts, givenUp: newIDSet(10000)}
	if opts.Rate > 0 {
		c.limiter = rate.NewLimiter(rate.Limit(opts.Rate), opts.Burst)
	}
	return c
}

// Run handles messages one at a time per handler slot until ctx ends, then
// shuts down gracefully (see Options.ShutdownTimeout) and returns nil. It
// returns early with an error only when the queue does not exist; other
// failures are retried (and reported as events).
func (c *Consumer) Run(ctx context.Context, h Handler) error {
	return c.run(ctx, 1, func(ctx context.Context, msgs []*Message) error { return h(ctx, msgs[0]) })
}

// RunBatch is Run with a handler of batches of up to BatchSize messages.
func (c *Consumer) RunBatch(ctx context.Context, h BatchHandler) error {
	return c.run(ctx, c.opts.BatchSize, h)
}

// run is one Run: pollers fill the buffer, handler slots empty it.
func (c *Consumer) run(ctx context.Context, perCall int, h BatchHandler) error {
	if c.queueURL == "" {
		return errors.New("worker: no queue URL")
	}
	ctx, stopRun := context.WithCancelCause(ctx)
	defer stopRun(nil)
	r := &runState{c: c, buf: newBuffer(c.opts.Prefetch), handle: h, perCall: perCall, stop: stopRun}
	// Work outlives ctx by up to ShutdownTimeout: receives in flight end
	// and running handlers finish.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	r.settler = newSettler(c, work)
	var polls, handlers sync.WaitGroup
	pollers := max(1, (c.opts.Prefetch+c.opts.BatchSize-1)/c.opts.BatchSize)
	for range pollers {
		polls.Go(func() { r.poll(ctx, work) })
	}
	for range c.opts.Concurrency {
		handlers.Go(func() { r.handleLoop(ctx, work) })
	}
	<-ctx.Done()
	timer, stop := c.opts.Clock.After(c.opts.ShutdownTimeout)
	defer stop()
	go func() {
		select {
		case <-timer:
			cancelWork()
		case <-work.Done():
		}
	}()
	polls.Wait()
	handlers.Wait()
	r.settler.release(r.buf.drain(), Released)
	r.settler.close()
	if err := context.Cause(ctx); !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// runState is what one run's goroutines share.
type runState struct {
	c       *Consumer
	buf     *buffer
	handle  BatchHandler
	perCall int
	settler *settler
	// stop ends the run with an error no retry can mend.
	stop context.CancelCauseFunc
}

// poll receives into the buffer until ctx ends. Receives use work, so
// that one in flight at shutdown still delivers what it took.
func (r *runState) poll(ctx, work context.Context) {
	c := r.c
	failures := 0
	for ctx.Err() == nil {
		reserved, ok := r.room(ctx)
		if !ok {
			return
		}
		tokens := c.tokens(ctx, reserved)
		want := reserved
		if c.limiter != nil {
			want = len(tokens)
		}
		if want < reserved {
			r.buf.add(reserved-want, nil)
		}
		if want == 0 {
			return
		}
		out, err := c.client.ReceiveMessage(work, &sqs.ReceiveMessageInput{
			QueueUrl:                    aws.String(c.queueURL),
			MaxNumberOfMessages:         int32(want),
			WaitTimeSeconds:             int32(c.opts.WaitTime / time.Second),
			VisibilityTimeout:           seconds(c.opts.VisibilityTimeout),
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
			MessageAttributeNames:       []string{"All"},
		})
		if err != nil {
			r.buf.add(want, nil)
			c.refund(tokens)
			if _, gone := errors.AsType[*types.QueueDoesNotExist](err); gone {
				r.stop(fmt.Errorf("worker: %s: %w", c.queueURL, err))
				return
			}
			failures++
			c.emit(Event{Kind: ReceiveFailed, Err: err})
			c.opts.Logger.Warn("worker: receive failed", "queue", c.queueURL, "err", err)
			sleep(ctx, c.opts.Clock, min(time.Duration(failures)*time.Second, 30*time.Second))
			continue
		}
		failures = 0
		if len(tokens) > len(out.Messages) {
			c.refund(tokens[len(out.Messages):])
		}
		r.accept(want, out.Messages)
	}
}

// room waits until the buffer has room and reserves up to BatchSize.
func (r *runState) room(ctx context.Context) (int, bool) {
	for {
		if n := r.buf.reserve(r.c.opts.BatchSize); n > 0 {
			return n, true
		}
		select {
		case <-r.buf.roomCh:
		case <-ctx.Done():
			return 0, false
		}
	}
}

// accept puts received messages in the buffer, releasing at once those
// given up on before.
func (r *runState) accept(reserved int, received []types.Message) {
	msgs := make([]*Message, 0, len(received))
	var abandoned []*Message
	for _, m := range received {
		msg := newMessage(m)
		if r.c.givenUp.has(msg.ID) {
			abandoned = append(abandoned, msg)
			continue
		}
		msgs = append(msgs, msg)
	}
	r.buf.add(reserved, msgs)
	r.settler.release(abandoned, GaveUp)
}

// handleLoop runs the handler on ready messages until ctx ends.
func (r *runState) handleLoop(ctx, work context.Context) {
	for {
		msgs := r.buf.take(r.perCall)
		if len(msgs) == 0 {
			select {
			case <-r.buf.readyCh:
				continue
			case <-ctx.Done():
				return
			}
		}
		if ctx.Err() != nil {
			r.settler.release(msgs, Released)
			return
		}
		r.call(work, msgs)
	}
}

// call runs the handler on msgs with a heartbeat, then settles each.
func (r *runState) call(work context.Context, msgs []*Message) {
	c := r.c
	ctx, cancel := work, context.CancelFunc(func() {})
	if c.opts.HandlerTimeout > 0 {
		ctx, cancel = context.WithTimeout(work, c.opts.HandlerTimeout)
	}
	stopBeat := r.settler.heartbeat(msgs)
	start := c.opts.Clock.Now()
	err := safeCall(ctx, r.handle, msgs)
	took := c.opts.Clock.Now().Sub(start)
	cancel()
	stopBeat()
	for _, m := range msgs {
		merr := err
		if be, ok := errors.AsType[*BatchError](err); ok {
			merr = be.Failed[m.ID]
		}
		r.settler.settle(m, merr, took)
		if halted := r.buf.done(m, merr != nil); len(halted) > 0 {
			r.settler.release(halted, Released)
		}
	}
}

// safeCall runs h, turning a panic into an error.
func safeCall(ctx context.Context, h BatchHandler, msgs []*Message) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("worker: handler panicked: %v", p)
		}
	}()
	return h(ctx, msgs)
}

// emit reports an event to OnEvent.
func (c *Consumer) emit(e Event) {
	if c.opts.OnEvent != nil {
		c.opts.OnEvent(e)
	}
}

// seconds is d in whole seconds, rounded up, for SQS's visibility fields.
func seconds(d time.Duration) int32 {
	return int32((d + time.Second - 1) / time.Second)
}
