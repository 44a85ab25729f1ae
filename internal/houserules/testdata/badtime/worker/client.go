// Package worker has one method allowed to read the wall clock.
package worker

import "time"

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func elsewhere() time.Time { return time.Now() }
