package queue

import (
	"context"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// expireBatch is how many expired messages one store call deletes.
const expireBatch = 1000

// sweepLoop deletes messages past their queue's MessageRetentionPeriod
// every SweepInterval, so counts are exact even on queues nobody reads.
// Receives drop expired messages too; the sweeper is what frees their
// space. It visits the queues of the accounts in Options.Accounts and of
// every account seen since the Service started.
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

// sweep makes one pass over the known queues.
func (s *Service) sweep(ctx context.Context) {
	now := s.clock.Now()
	for _, account := range s.knownAccounts() {
		err := s.eachQueue(ctx, account, "", func(q *store.Queue) bool {
			if err := s.expire(ctx, q.Ref, parseConfig(q).retention, now); err != nil && ctx.Err() == nil {
				s.log.Warn("retention sweep failed", "account", q.Ref.Account, "queue", q.Ref.Name, "err", err)
			}
			return ctx.Err() == nil
		})
		if err != nil && ctx.Err() == nil {
			s.log.Warn("retention sweep cannot list queues", "account", account, "err", err)
		}
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
