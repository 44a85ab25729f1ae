// Package prod reads the wall clock in every way the rule forbids.
package prod

import (
	"time"

	"example.com/fixture/internal/clock"
)

// Now reads the wall clock.
func Now() time.Time { return time.Now() }

// Wait sleeps.
func Wait() { time.Sleep(time.Second) }

// now is the wall clock taken as a value, not called.
var now = time.Now

// Real constructs the real clock.
func Real() clock.Clock { return clock.Real{} }

// Fine only uses time's types and constants.
func Fine(d time.Duration) time.Duration { return d + time.Millisecond }
