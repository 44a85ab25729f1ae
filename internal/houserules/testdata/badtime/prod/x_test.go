package prod

import (
	"testing"
	"time"
)

func TestDeadline(t *testing.T) {
	deadline := time.Now().Add(time.Second) // a test may read real time
	time.Sleep(time.Millisecond)            // but not sleep
	_ = deadline
}
