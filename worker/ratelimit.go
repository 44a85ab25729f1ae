package worker

import (
	"context"
	"time"

	"golang.org/x/time/rate"
)

// tokens waits for at least one token of the rate limit and takes up to n,
// one reservation each, so that those not used can be given back. Without
// a limit it returns nil at once; it returns nil too when ctx ends.
func (c *Consumer) tokens(ctx context.Context, n int) []*rate.Reservation {
	if c.limiter == nil {
		return nil
	}
	for {
		now := c.opts.Clock.Now()
		avail := c.limiter.TokensAt(now)
		if avail >= 1 {
			taken := make([]*rate.Reservation, 0, min(n, int(avail)))
			for range cap(taken) {
				r := c.limiter.ReserveN(now, 1)
				if !r.OK() || r.DelayFrom(now) > 0 {
					r.CancelAt(now)
					break
				}
				taken = append(taken, r)
			}
			if len(taken) > 0 {
				return taken
			}
		}
		wait := time.Duration((1 - avail) / float64(c.limiter.Limit()) * float64(time.Second))
		if !sleep(ctx, c.opts.Clock, max(wait, time.Millisecond)) {
			return nil
		}
	}
}

// refund gives back tokens taken for messages a receive did not return.
func (c *Consumer) refund(tokens []*rate.Reservation) {
	now := c.opts.Clock.Now()
	for _, r := range tokens {
		r.CancelAt(now)
	}
}
