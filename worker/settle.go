package worker

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// maxVisibility is the longest visibility timeout SQS accepts.
const maxVisibility = 12 * time.Hour

// settler carries out what handlers decided: deletes, coalesced into
// DeleteMessageBatch calls, and visibility changes (backoff, release,
// heartbeat).
type settler struct {
	c       *Consumer
	ctx     context.Context
	deletes chan *Message
	wg      sync.WaitGroup
}

func newSettler(c *Consumer, ctx context.Context) *settler {
	s := &settler{c: c, ctx: ctx, deletes: make(chan *Message, 10*c.opts.Concurrency)}
	for range max(1, c.opts.Concurrency/8) {
		s.wg.Go(s.deleteLoop)
	}
	return s
}

// settle acts on one message's handler result.
func (s *settler) settle(m *Message, err error, took time.Duration) {
	if err == nil {
		s.c.emit(Event{Kind: Handled, Message: m, Duration: took})
		s.deletes <- m
		return
	}
	if _, ok := errors.AsType[*giveUpError](err); ok {
		s.c.givenUp.add(m.ID)
		s.changeVisibility([]*Message{m}, 0)
		s.c.emit(Event{Kind: GaveUp, Message: m, Err: err, Duration: took})
		return
	}
	delay := s.c.opts.Backoff(m.ReceiveCount)
	if ra, ok := errors.AsType[*retryAfterError](err); ok {
		delay = ra.delay
	}
	delay = min(max(delay, 0), maxVisibility)
	s.changeVisibility([]*Message{m}, delay)
	s.c.emit(Event{Kind: Failed, Message: m, Err: err, Duration: took, Delay: delay})
}

// release makes messages visible again at once, unhandled.
func (s *settler) release(msgs []*Message, kind EventKind) {
	if len(msgs) == 0 {
		return
	}
	s.changeVisibility(msgs, 0)
	for _, m := range msgs {
		s.c.emit(Event{Kind: kind, Message: m})
	}
}

// heartbeat extends the visibility of msgs every HeartbeatInterval until
// the returned function is called.
func (s *settler) heartbeat(msgs []*Message) (stop func()) {
	interval := s.c.opts.HeartbeatInterval
	if interval < 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(s.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for sleep(ctx, s.c.opts.Clock, interval) {
			s.changeVisibility(msgs, s.c.opts.VisibilityTimeout)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// changeVisibility sets the visibility timeout of msgs, ten per call.
func (s *settler) changeVisibility(msgs []*Message, d time.Duration) {
	for chunk := range slices.Chunk(msgs, 10) {
		entries := make([]types.ChangeMessageVisibilityBatchRequestEntry, len(chunk))
		for i, m := range chunk {
			entries[i] = types.ChangeMessageVisibilityBatchRequestEntry{Id: aws.String(strconv.Itoa(i)),
				ReceiptHandle: aws.String(m.ReceiptHandle), VisibilityTimeout: seconds(d)}
		}
		out, err := s.c.client.ChangeMessageVisibilityBatch(s.ctx, &sqs.ChangeMessageVisibilityBatchInput{
			QueueUrl: aws.String(s.c.queueURL), Entries: entries})
		if err != nil {
			s.c.opts.Logger.Warn("worker: changing visibility failed", "queue", s.c.queueURL, "messages", len(chunk), "err", err)
			continue
		}
		for _, f := range out.Failed {
			s.c.opts.Logger.Warn("worker: changing visibility failed", "queue", s.c.queueURL,
				"code", aws.ToString(f.Code), "message", aws.ToString(f.Message))
		}
	}
}

// deleteLoop deletes handled messages, as many per call as are waiting (up
// to ten), so that deletes coalesce under load without a timer.
func (s *settler) deleteLoop() {
	for m := range s.deletes {
		batch := []*Message{m}
	fill:
		for len(batch) < 10 {
			select {
			case next, ok := <-s.deletes:
				if !ok {
					break fill
				}
				batch = append(batch, next)
			default:
				break fill
			}
		}
		s.deleteBatch(batch)
	}
}

// deleteBatch deletes up to ten messages in one call.
func (s *settler) deleteBatch(batch []*Message) {
	entries := make([]types.DeleteMessageBatchRequestEntry, len(batch))
	for i, m := range batch {
		entries[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: aws.String(m.ReceiptHandle)}
	}
	out, err := s.c.client.DeleteMessageBatch(s.ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(s.c.queueURL), Entries: entries})
	if err != nil {
		s.c.opts.Logger.Warn("worker: delete failed", "queue", s.c.queueURL, "messages", len(batch), "err", err)
		for _, m := range batch {
			s.c.emit(Event{Kind: DeleteFailed, Message: m, Err: err})
		}
		return
	}
	for _, f := range out.Failed {
		i, _ := strconv.Atoi(aws.ToString(f.Id))
		if i < 0 || i >= len(batch) {
			continue
		}
		ferr := errors.New(aws.ToString(f.Code) + ": " + aws.ToString(f.Message))
		s.c.opts.Logger.Warn("worker: delete failed", "queue", s.c.queueURL, "message_id", batch[i].ID, "err", ferr)
		s.c.emit(Event{Kind: DeleteFailed, Message: batch[i], Err: ferr})
	}
}

// close waits for the deletes handed over so far.
func (s *settler) close() {
	close(s.deletes)
	s.wg.Wait()
}
