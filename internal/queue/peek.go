package queue

import (
	"context"
	"errors"

	"github.com/sluicemq/sluice/internal/store"
)

// MessageState is where a stored message stands: visible, in flight or
// delayed. It is the store's type.
type MessageState = store.MessageState

// Message states, as PeekMessages reports them.
const (
	MessageVisible  = store.MessageVisible
	MessageInFlight = store.MessageInFlight
	MessageDelayed  = store.MessageDelayed
)

// PeekedMessage is one message PeekMessages returned.
type PeekedMessage = store.PeekedMessage

// QueueStats counts a queue's messages by state.
type QueueStats = store.QueueStats

// maxPeek bounds the messages one PeekMessages returns.
const maxPeek = 100

// PeekParams are the inputs of PeekMessages.
type PeekParams struct {
	Queue QueueRef
	// States selects the states returned; none selects every state.
	States []MessageState
	// After is the Next of a previous PeekMessages, empty to start at the
	// oldest message.
	After string
	// Max is 1..100.
	Max int
}

// PeekResult is the output of PeekMessages.
type PeekResult struct {
	Messages []PeekedMessage
	// Next, when not empty, is the After of the next page.
	Next string
}

// PeekMessages returns a queue's messages in send order with their state
// and receive count, changing nothing: no receive count, visibility,
// receipt handle or order moves, and nothing is received, dead-lettered or
// expired. Messages past the retention period, which the next receive or
// sweep drops, are left out. A Max outside 1..100 or a bad After gives
// ErrInvalidParameterValue.
func (s *Service) PeekMessages(ctx context.Context, p *PeekParams) (*PeekResult, error) {
	cq, err := s.queue(ctx, p.Queue)
	if err != nil {
		return nil, err
	}
	if p.Max < 1 || p.Max > maxPeek {
		return nil, errorf(ErrInvalidParameterValue, "Value %d for parameter Max is invalid. Reason: Must be between 1 and %d.", p.Max, maxPeek)
	}
	now := s.clock.Now()
	res, err := s.store.MessagePeek(ctx, &store.MessagePeekParams{
		Queue: p.Queue, Now: now, States: p.States, After: p.After, Max: p.Max,
	})
	if err != nil {
		if errors.Is(err, store.ErrQueueNotFound) {
			return nil, fromStore(err, storeErrorContext{queue: p.Queue})
		}
		if ctx.Err() == nil && p.After != "" {
			return nil, errorf(ErrInvalidParameterValue, "Value %s for parameter After is invalid.", p.After)
		}
		return nil, err
	}
	out := &PeekResult{Next: res.Next}
	for _, pm := range res.Messages {
		if cq.cfg.retention > 0 && now.Sub(pm.Message.SentAt) >= cq.cfg.retention {
			continue
		}
		out.Messages = append(out.Messages, pm)
	}
	return out, nil
}

// RemoveMessage deletes one message by the Key PeekMessages gave it,
// whatever its state, as an operator would: no receipt handle is needed.
// A key naming no message of the queue gives ErrResourceNotFound.
func (s *Service) RemoveMessage(ctx context.Context, ref QueueRef, key string) error {
	if _, err := s.queue(ctx, ref); err != nil {
		return err
	}
	errs, err := s.store.MessageRemove(ctx, &store.MessageRemoveParams{Queue: ref, Now: s.clock.Now(), Keys: []string{key}})
	if err != nil {
		return fromStore(err, storeErrorContext{queue: ref})
	}
	if errors.Is(errs[0], store.ErrMessageNotFound) {
		return errorf(ErrResourceNotFound, "The message %s does not exist.", key)
	}
	if errs[0] != nil {
		return errs[0]
	}
	s.opts.Observer.Deleted(ref, 1)
	s.wakeAfterDelete(ctx, ref)
	return nil
}

// Stats counts a queue's messages by state now, with the send time of its
// oldest, reading only.
func (s *Service) Stats(ctx context.Context, ref QueueRef) (*QueueStats, error) {
	if _, err := s.queue(ctx, ref); err != nil {
		return nil, err
	}
	st, err := s.store.QueueStats(ctx, ref, s.clock.Now())
	if err != nil {
		return nil, fromStore(err, storeErrorContext{queue: ref})
	}
	return st, nil
}
