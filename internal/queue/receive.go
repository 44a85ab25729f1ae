package queue

import (
	"context"
	"errors"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Receive limits.
const (
	maxReceiveMessages = 10
	inflightLimit      = 120000
)

// errServiceClosed ends a long poll when the Service closes.
var errServiceClosed = errors.New("queue: service closed")

// ReceiveMessageParams are the inputs of ReceiveMessage. Nil pointers mean
// the parameter was not given.
type ReceiveMessageParams struct {
	Queue               QueueRef
	MaxNumberOfMessages *int // 1..10, default 1
	// WaitTimeSeconds is 0..20, default the queue's
	// ReceiveMessageWaitTimeSeconds.
	WaitTimeSeconds *int
	// VisibilityTimeout is 0..43200, default the queue's.
	VisibilityTimeout *int
	// ReceiveRequestAttemptID is the FIFO ReceiveRequestAttemptId (ignored
	// on standard queues): a retry within 5 minutes gets the same messages.
	ReceiveRequestAttemptID string
}

// ReceiveMessage receives messages, waiting up to WaitTimeSeconds for one
// to arrive. A wait ends early when a send (or a visibility change to 0, or
// a move) touches the queue, or when a delayed or in-flight message becomes
// visible. Messages received too often move to the dead-letter queue of the
// queue's RedrivePolicy instead of being returned; messages past the
// retention period are dropped.
//
// On a queue with a SluiceDeliveryRate, it returns no more messages than
// the queue's token bucket holds, shared by every receive of the queue;
// with a SluiceMaxInFlight, no more than leave the queue's messages in
// flight under it. A long poll held back by either waits for the next
// token, a delete or a visibility deadline; a short poll answers at once.
//
// It returns every system and user attribute of each message; the caller
// filters by the names the client asked for. Bad parameters give
// ErrInvalidParameterValue; too many messages in flight on a standard queue
// give ErrOverLimit. Close ends a wait with no messages and no error; ctx
// ending a wait gives ctx.Err(). When too many long polls already wait, the
// call answers at once, possibly with no messages.
func (s *Service) ReceiveMessage(ctx context.Context, p *ReceiveMessageParams) ([]*Message, error) {
	cq, err := s.queue(ctx, p.Queue)
	if err != nil {
		return nil, err
	}
	rp, wait, err := receiveParams(cq.cfg, p)
	if err != nil {
		return nil, err
	}
	round, err := s.longPoll(ctx, cq.q.Ref, rp, wait)
	if errors.Is(err, errServiceClosed) {
		round, err = &receiveRound{}, nil
	}
	if err != nil {
		return nil, err
	}
	s.observeReceive(ctx, cq.q.Ref, rp.Max, round)
	return round.messages, nil
}

// observeReceive tells the Observer what one ReceiveMessage, which asked
// for up to asked messages, returned.
func (s *Service) observeReceive(ctx context.Context, ref QueueRef, asked int, round *receiveRound) {
	n := len(round.messages)
	if n == 0 {
		s.opts.Observer.EmptyReceive(ref)
	} else {
		s.opts.Observer.Received(ref, n)
	}
	if !round.limits.limited() {
		return
	}
	if n > 0 {
		s.opts.Observer.ReceivedUnderLimit(ref, n)
	}
	if round.heldBack && n < asked && s.hasVisible(ctx, ref) {
		s.opts.Observer.Throttled(ref)
	}
}

// hasVisible reports whether a queue has visible messages now.
func (s *Service) hasVisible(ctx context.Context, ref QueueRef) bool {
	st, err := s.store.QueueStats(ctx, ref, s.clock.Now())
	return err == nil && st.Visible > 0
}

// receiveParams checks the client's parameters and fills the store call.
func receiveParams(cfg queueConfig, p *ReceiveMessageParams) (*store.MessageReceiveParams, time.Duration, error) {
	rp := &store.MessageReceiveParams{
		Queue:             p.Queue,
		Max:               1,
		VisibilityTimeout: cfg.visibility,
		Retention:         cfg.retention,
		Redrive:           cfg.redrive,
		InflightLimit:     inflightLimit,
	}
	wait := cfg.wait
	if n := p.MaxNumberOfMessages; n != nil {
		if *n < 1 || *n > maxReceiveMessages {
			return nil, 0, errorf(ErrInvalidParameterValue,
				"Value %d for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", *n)
		}
		rp.Max = *n
	}
	if w := p.WaitTimeSeconds; w != nil {
		if *w < 0 || *w > maxWaitTimeSeconds {
			return nil, 0, errorf(ErrInvalidParameterValue,
				"Value %d for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.", *w)
		}
		wait = time.Duration(*w) * time.Second
	}
	if v := p.VisibilityTimeout; v != nil {
		if err := checkVisibilityTimeout(*v); err != nil {
			return nil, 0, err
		}
		rp.VisibilityTimeout = time.Duration(*v) * time.Second
	}
	if id := p.ReceiveRequestAttemptID; id != "" && cfg.fifo {
		if !isFIFOID(id) {
			return nil, 0, errorf(ErrInvalidParameterValue, msgInvalidFIFOID, id, "ReceiveRequestAttemptId", "ReceiveRequestAttemptId")
		}
		rp.AttemptID = id
		rp.AttemptWindow = receiveAttemptWindow
	}
	return rp, wait, nil
}

// checkVisibilityTimeout checks a VisibilityTimeout parameter (0..43200).
func checkVisibilityTimeout(seconds int) error {
	if seconds < 0 || seconds > maxVisibilityTimeout {
		return errorf(ErrInvalidParameterValue,
			"Value %d for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.", seconds)
	}
	return nil
}

// longPoll receives until it gets messages or the wait ends. It subscribes
// to the queue's notifier before each look at the store, so no send slips
// between the look and the wait.
func (s *Service) longPoll(ctx context.Context, ref QueueRef, rp *store.MessageReceiveParams, wait time.Duration) (*receiveRound, error) {
	if wait == 0 {
		return s.receiveRound(ctx, ref, rp, s.clock.Now())
	}
	deadline := s.clock.Now().Add(wait)
	admitted := false
	for {
		woken, release := s.waiters.subscribe(ref)
		now := s.clock.Now()
		round, err := s.receiveRound(ctx, ref, rp, now)
		if err != nil || len(round.messages) > 0 || !now.Before(deadline) {
			release()
			return round, err
		}
		if !admitted {
			if !s.waiters.admit() {
				release()
				return round, nil
			}
			admitted = true
			defer s.waiters.leave()
		}
		err = s.waitForWake(ctx, woken, now, deadline, round.wakeAt)
		release()
		if err != nil {
			return nil, err
		}
	}
}

// waitForWake blocks until the queue is notified, wakeAt (when a message
// becomes visible or a token is due; zero for none) or the deadline
// passes, ctx ends or the Service closes.
func (s *Service) waitForWake(ctx context.Context, woken <-chan struct{}, now, deadline, wakeAt time.Time) error {
	wake := deadline
	if wakeAt.After(now) && wakeAt.Before(wake) {
		wake = wakeAt
	}
	timer, stop := s.clock.After(wake.Sub(now))
	defer stop()
	select {
	case <-woken:
	case <-timer:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.ctx.Done():
		return errServiceClosed
	}
	return nil
}

// receiveOnce makes one store receive and wakes the dead-letter queue when
// messages were moved there.
func (s *Service) receiveOnce(ctx context.Context, rp *store.MessageReceiveParams) (*store.MessageReceiveResult, error) {
	res, err := s.store.MessageReceive(ctx, rp)
	if err != nil {
		if errors.Is(err, store.ErrQueueNotFound) {
			s.forget(rp.Queue)
		}
		return nil, fromStore(err, storeErrorContext{queue: rp.Queue})
	}
	if res.DeadLettered > 0 && rp.Redrive != nil {
		s.waiters.notify(rp.Redrive.DeadLetterQueue)
	}
	return res, nil
}
