package worker

import (
	"testing"
	"time"
)

func waitFor(cond func() bool) {
	for !cond() {
		time.Sleep(time.Millisecond)
	}
}

func TestWait(t *testing.T) { waitFor(func() bool { return true }) }
