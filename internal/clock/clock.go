// Package clock is the only source of the current time outside tests.
//
// Every rule that depends on time (visibility timeouts, delays, retention,
// deduplication windows, long polls, iterator expiry) takes its time from a
// Clock, so tests set the time instead of sleeping.
package clock

import "time"

// Clock tells the time and waits for it.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After returns a channel that receives once d has passed on this clock,
	// and a stop function that releases the timer early.
	After(d time.Duration) (<-chan time.Time, func())
}

// Real is the wall clock.
type Real struct{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// After starts a real timer.
func (Real) After(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}
