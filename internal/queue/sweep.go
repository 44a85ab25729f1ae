package queue

import (
	"context"
	"errors"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// expireBatch is how many expired messages one store call deletes.
const expireBatch = 1000

// sweepLoop deletes messages past their queue's MessageRetentionPeriod
// every SweepInterval, so counts are exact even on queues nobody reads.
// Receives drop expired messages too; the sweeper is what frees their
// space. It visits every queue in the store, whichever account owns it and
// whether or not any request has named it since the Service started.
func (s *Service) sweepLoop() {
	defer s.wg.Done()
	for {
		tick, stop := s.clock.After(s.opts.SweepInterval)
		select {
		case <-tick:
			s.sweep(s.ctx)
		case <-s.ctx.Done():
			stop()
			return
		}
	}
}

// sweep makes one pass over every queue in the store.
func (s *Service) sweep(ctx context.Context) {
	refs, err := s.store.QueueRefs(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("retention sweep cannot list queues", "err", err)
		}
		return
	}
	now := s.clock.Now()
	for _, ref := range refs {
		if ctx.Err() != nil {
			return
		}
		s.sweepQueue(ctx, ref, now)
	}
}

// sweepQueue expires one queue's messages under its current retention. A
// queue deleted since the listing is skipped.
func (s *Service) sweepQueue(ctx context.Context, ref QueueRef, now time.Time) {
	cq, err := s.queue(ctx, ref)
	if err == nil {
		err = s.expire(ctx, ref, cq.cfg.retention, now)
	}
	if err != nil && !errors.Is(err, ErrQueueDoesNotExist) && ctx.Err() == nil {
		s.log.Warn("retention sweep failed", "account", ref.Account, "queue", ref.Name, "err", err)
	}
}

// expire deletes every message of a queue sent more than retention before
// now.
func (s *Service) expire(ctx context.Context, ref QueueRef, retention time.Duration, now time.Time) error {
	for {
		n, err := s.store.MessageExpire(ctx, &store.MessageExpireParams{Queue: ref, Now: now, Retention: retention, Max: expireBatch})
		if err != nil {
			return fromStore(err, storeErrorContext{queue: ref})
		}
		if n < expireBatch {
			return nil
		}
	}
}
