package worker

import (
	"log/slog"
	"math"
	"math/rand/v2"
	"time"
)

// Options configure a Consumer. The zero value works: one handler at a
// time, batches of 10, 20 s long polls, 30 s visibility with heartbeats,
// exponential backoff from 1 s to 15 min.
type Options struct {
	// Concurrency is how many handlers run at once (default 1). With a
	// BatchHandler it is how many batches.
	Concurrency int
	// BatchSize is the most messages one ReceiveMessage asks for and one
	// BatchHandler call gets, 1 to 10 (default 10).
	BatchSize int
	// WaitTime is the long-poll wait of each ReceiveMessage, at most 20 s
	// (default 20 s). Shutdown waits for the receives in flight, so a
	// shorter wait makes it quicker.
	WaitTime time.Duration
	// Prefetch bounds the messages received but not yet started (default
	// the larger of BatchSize and Concurrency). They are invisible to other
	// consumers meanwhile.
	Prefetch int
	// Rate limits the messages received per second, with bursts of Burst
	// (default: Rate rounded up, at least 1). 0 means no limit. The limit
	// is this consumer's; sluice queues also take a server-side rate that
	// holds across every consumer.
	Rate  float64
	Burst int
	// HandlerTimeout, when set, ends the context of a handler call after
	// that long; the message then counts as failed.
	HandlerTimeout time.Duration
	// VisibilityTimeout is asked for on each receive (default 30 s). While
	// a handler runs, its messages' visibility is extended to this every
	// HeartbeatInterval.
	VisibilityTimeout time.Duration
	// HeartbeatInterval is how often visibility is extended (default a
	// third of VisibilityTimeout). A negative value turns heartbeats off.
	HeartbeatInterval time.Duration
	// Backoff gives how long a failed message stays invisible, from its
	// receive count (1 after the first failure). Default:
	// ExponentialBackoff{Base: time.Second, Max: 15 * time.Minute, Jitter: 0.5}.
	Backoff func(receiveCount int) time.Duration
	// ShutdownTimeout bounds how long Run waits, once its context ends, for
	// receives and handlers in flight (default 30 s). Handlers still
	// running then see their context end.
	ShutdownTimeout time.Duration
	// OnEvent, when set, is called for every Event, from many goroutines.
	OnEvent func(Event)
	// Logger receives warnings (failed deletes, failed receives); nil
	// discards them.
	Logger *slog.Logger
	// Clock is the time source; nil means the wall clock.
	Clock Clock
}

// withDefaults returns o with every unset field set.
func (o Options) withDefaults() Options {
	if o.Concurrency <= 0 {
		o.Concurrency = 1
	}
	if o.BatchSize <= 0 || o.BatchSize > 10 {
		o.BatchSize = 10
	}
	if o.WaitTime <= 0 || o.WaitTime > 20*time.Second {
		o.WaitTime = 20 * time.Second
	}
	if o.Prefetch <= 0 {
		o.Prefetch = max(o.BatchSize, o.Concurrency)
	}
	if o.Rate > 0 && o.Burst <= 0 {
		o.Burst = max(1, int(math.Ceil(o.Rate)))
	}
	if o.VisibilityTimeout <= 0 {
		o.VisibilityTimeout = 30 * time.Second
	}
	if o.HeartbeatInterval == 0 {
		o.HeartbeatInterval = o.VisibilityTimeout / 3
	}
	if o.Backoff == nil {
		o.Backoff = ExponentialBackoff{Base: time.Second, Max: 15 * time.Minute, Jitter: 0.5}.Delay
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Clock == nil {
		o.Clock = wallClock{}
	}
	return o
}

// ExponentialBackoff doubles the delay with each receive: Base after the
// first failure, 2×Base after the second, up to Max.
type ExponentialBackoff struct {
	Base, Max time.Duration
	// Jitter, from 0 to 1, is the share of each delay drawn at random:
	// 0.5 gives a delay between half and all of the exponential one.
	Jitter float64
}

// Delay returns the delay after the receiveCount-th failure.
func (b ExponentialBackoff) Delay(receiveCount int) time.Duration {
	d := b.Base
	for i := 1; i < receiveCount && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	if b.Jitter > 0 {
		d -= time.Duration(rand.Float64() * min(b.Jitter, 1) * float64(d))
	}
	return d
}
