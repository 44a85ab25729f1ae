package queue

import (
	"context"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// receiveRound is what one look at a queue gave a ReceiveMessage.
type receiveRound struct {
	messages []*Message
	// wakeAt is when a waiting receive should look again: a message
	// becoming visible or a token falling due. Zero when only a notify or
	// the deadline can bring a message.
	wakeAt time.Time
	// limits are the queue's delivery limits at this look; heldBack is
	// true when they let it take fewer messages than asked.
	limits   deliveryLimits
	heldBack bool
}

// receiveRound looks at a queue once at now. It reads the queue's
// delivery limits afresh, so a long poll follows attribute changes.
func (s *Service) receiveRound(ctx context.Context, ref QueueRef, rp *store.MessageReceiveParams, now time.Time) (*receiveRound, error) {
	cq, err := s.queue(ctx, ref)
	if err != nil {
		return nil, err
	}
	rp.Now = now
	if cq.cfg.delivery.limited() {
		return s.limitedRound(ctx, cq, rp)
	}
	res, err := s.receiveOnce(ctx, rp)
	if err != nil {
		return nil, err
	}
	return &receiveRound{messages: res.Messages, wakeAt: res.NextVisibleAt}, nil
}

// limitedRound is one look at a queue with delivery limits: it takes up to
// rp.Max tokens from the queue's bucket, receives at most that many
// messages under the in-flight cap, and gives back the tokens of those it
// did not deliver. With no token it does not touch the store.
func (s *Service) limitedRound(ctx context.Context, cq *cachedQueue, rp *store.MessageReceiveParams) (*receiveRound, error) {
	limits := cq.cfg.delivery
	round := &receiveRound{limits: limits}
	bucket := s.buckets.forQueue(cq.q.Ref, limits, rp.Now)
	granted := rp.Max
	if bucket != nil {
		granted, round.wakeAt = bucket.take(rp.Now, rp.Max)
		round.heldBack = granted < rp.Max
		if granted == 0 {
			return round, nil
		}
	}
	capped := *rp
	capped.Max = granted
	capped.InflightCap = limits.maxInFlight
	res, err := s.receiveOnce(ctx, &capped)
	if bucket != nil {
		delivered := 0
		if err == nil {
			delivered = len(res.Messages)
		}
		if bucket.settle(s.clock.Now(), granted, delivered) {
			s.waiters.notify(cq.q.Ref)
		}
	}
	if err != nil {
		return nil, err
	}
	round.messages = res.Messages
	round.wakeAt = res.NextVisibleAt
	round.heldBack = round.heldBack || res.InflightCapped
	return round, nil
}
