// Package clocktest provides a manually driven clock for tests.
package clocktest

import (
	"context"
	"sync"
	"time"
)

// Fake is a clock.Clock whose time moves only when Set or Advance is called.
// Timers created by After fire when the fake time reaches their deadline.
type Fake struct {
	mu      sync.Mutex
	now     time.Time
	timers  map[*fakeTimer]struct{}
	changed chan struct{} // closed and replaced whenever a timer is added
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

// New returns a Fake set to now.
func New(now time.Time) *Fake {
	return &Fake{now: now, timers: make(map[*fakeTimer]struct{}), changed: make(chan struct{})}
}

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// After returns a channel that receives when the fake time reaches now+d.
func (f *Fake) After(d time.Duration) (<-chan time.Time, func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &fakeTimer{at: f.now.Add(d), ch: make(chan time.Time, 1)}
	if d <= 0 {
		t.ch <- f.now
		return t.ch, func() {}
	}
	f.timers[t] = struct{}{}
	close(f.changed)
	f.changed = make(chan struct{})
	return t.ch, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.timers, t)
	}
}

// Timers reports how many timers are waiting; tests use it to know that a
// goroutine has started waiting before they advance the clock.
func (f *Fake) Timers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.timers)
}

// AwaitTimers blocks until at least n timers wait on the clock, so a test
// knows a goroutine is blocked on the clock before it moves time. It fails
// only when ctx ends first.
func (f *Fake) AwaitTimers(ctx context.Context, n int) error {
	for {
		f.mu.Lock()
		count, changed := len(f.timers), f.changed
		f.mu.Unlock()
		if count >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Advance moves the fake time forward by d and fires due timers.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.setLocked(f.now.Add(d))
}

// Set moves the fake time to t and fires due timers.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.setLocked(t)
}

func (f *Fake) setLocked(t time.Time) {
	f.now = t
	for tm := range f.timers {
		if !tm.at.After(t) {
			tm.ch <- t
			delete(f.timers, tm)
		}
	}
}
