package queue

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Token arithmetic.
const (
	// tokenSlack absorbs floating-point error: 0.9999999999 tokens count
	// as one.
	tokenSlack = 1e-9
	// maxTokenWait bounds how far ahead a wait for a token is scheduled;
	// long polls end long before.
	maxTokenWait = time.Hour
)

// deliveryBuckets holds the token bucket of every queue with a
// SluiceDeliveryRate, keyed by account and queue, so that all receives of
// a queue in this process share one bucket.
type deliveryBuckets struct {
	mu     sync.Mutex
	queues map[QueueRef]*deliveryBucket
}

func newDeliveryBuckets() *deliveryBuckets {
	return &deliveryBuckets{queues: make(map[QueueRef]*deliveryBucket)}
}

// forQueue returns the bucket of a queue, configured to l at now; nil when
// l sets no rate. A queue's first bucket starts full. Configuring here as
// well as in reconfigure mends a bucket that a receive still holding the
// old attributes created or changed while they changed.
func (bs *deliveryBuckets) forQueue(ref QueueRef, l deliveryLimits, now time.Time) *deliveryBucket {
	if !l.rated {
		return nil
	}
	bs.mu.Lock()
	b, ok := bs.queues[ref]
	if !ok {
		b = newDeliveryBucket(l, now)
		bs.queues[ref] = b
	}
	bs.mu.Unlock()
	b.configure(l, now)
	return b
}

// reconfigure applies a queue's changed limits at now, when it has a
// bucket: a new rate or burst at once; no rate drops the bucket, so that a
// rate set again starts with a full one, as a new queue's does.
func (bs *deliveryBuckets) reconfigure(ref QueueRef, l deliveryLimits, now time.Time) {
	bs.mu.Lock()
	b, ok := bs.queues[ref]
	if ok && !l.rated {
		delete(bs.queues, ref)
	}
	bs.mu.Unlock()
	if ok && l.rated {
		b.configure(l, now)
	}
}

// drop forgets the bucket of a deleted queue.
func (bs *deliveryBuckets) drop(ref QueueRef) {
	bs.mu.Lock()
	delete(bs.queues, ref)
	bs.mu.Unlock()
}

// deliveryBucket is one queue's token bucket: a token per message handed
// out, refilled at the queue's rate up to its burst.
//
// A receive takes tokens before it looks at the store and settles after:
// the tokens it took are held meanwhile, so concurrent receives never hand
// out more than the bucket has, and only the messages delivered consume
// tokens. Pausing (a rate of 0) stops the refill and hands out nothing.
type deliveryBucket struct {
	mu      sync.Mutex
	limiter *rate.Limiter
	paused  bool
	held    int       // tokens taken by receives that have not settled
	latest  time.Time // the latest time seen; the bucket never moves back
	// starved is set when a receive found no token while others held some,
	// so that tokens given back wake the waiting receives.
	starved bool
}

func newDeliveryBucket(l deliveryLimits, now time.Time) *deliveryBucket {
	return &deliveryBucket{limiter: rate.NewLimiter(l.rate, l.burst), paused: l.rate == 0, latest: now}
}

// configure applies a queue's current rate and burst. A change of rate
// takes effect at now; tokens gathered before stay, up to the new burst.
func (b *deliveryBucket) configure(l deliveryLimits, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now = b.advance(now)
	if b.limiter.Limit() != l.rate {
		b.limiter.SetLimitAt(now, l.rate)
	}
	if b.limiter.Burst() != l.burst {
		b.limiter.SetBurstAt(now, l.burst)
	}
	b.paused = l.rate == 0
}

// take grants up to want tokens at now, holding them until settle. With
// none to grant it returns when the next token is due (zero when paused:
// only a change of rate brings one).
func (b *deliveryBucket) take(now time.Time, want int) (granted int, nextToken time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now = b.advance(now)
	if b.paused {
		return 0, time.Time{}
	}
	free := b.limiter.TokensAt(now) - float64(b.held)
	if n := min(want, int(math.Floor(free+tokenSlack))); n > 0 {
		b.held += n
		return n, time.Time{}
	}
	if b.held > 0 {
		b.starved = true
	}
	return 0, now.Add(b.durationFor(1 - free))
}

// settle ends a take of granted tokens of which delivered were used: those
// are consumed at now, the rest go back. It reports whether tokens went
// back while a receive was waiting for one.
func (b *deliveryBucket) settle(now time.Time, granted, delivered int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now = b.advance(now)
	b.held -= granted
	if delivered > 0 {
		// A replayed FIFO receive may deliver more than it was granted;
		// ReserveN refuses more than the burst.
		b.limiter.ReserveN(now, min(delivered, b.limiter.Burst()))
	}
	woke := delivered < granted && b.starved
	if woke {
		b.starved = false
	}
	return woke
}

// durationFor is how long the rate takes to add tokens, rounded up to the
// nanosecond and bounded by maxTokenWait.
func (b *deliveryBucket) durationFor(tokens float64) time.Duration {
	seconds := tokens / float64(b.limiter.Limit())
	if seconds >= maxTokenWait.Seconds() {
		return maxTokenWait
	}
	return time.Duration(math.Ceil(seconds * float64(time.Second)))
}

// advance returns now, or the latest time the bucket was told if that is
// later: clocks read by concurrent receives reach the bucket out of order,
// and the limiter must not count the same interval twice.
func (b *deliveryBucket) advance(now time.Time) time.Time {
	if now.Before(b.latest) {
		return b.latest
	}
	b.latest = now
	return now
}
