package loadgen

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func TestRecorder(t *testing.T) {
	t.Parallel()
	var r Recorder
	var wg sync.WaitGroup
	for i := 1; i <= 100; i++ {
		wg.Go(func() { r.Add(time.Duration(i)*time.Millisecond, nil) })
	}
	wg.Wait()
	first := errors.New("refused")
	r.Add(time.Second, first)
	r.Add(time.Second, errors.New("later"))
	n, p50, p99 := r.Percentiles()
	if n != 100 || p50 != 51*time.Millisecond || p99 != 100*time.Millisecond {
		t.Errorf("Percentiles() = %d, %v, %v; want 100, 51ms, 100ms", n, p50, p99)
	}
	if count, err := r.Errors(); count != 2 || err != first {
		t.Errorf("Errors() = %d, %v; want 2, the first error", count, err)
	}
}

func TestRecorder_Empty(t *testing.T) {
	t.Parallel()
	var r Recorder
	if n, p50, p99 := r.Percentiles(); n != 0 || p50 != 0 || p99 != 0 {
		t.Errorf("Percentiles() of nothing = %d, %v, %v; want zeros", n, p50, p99)
	}
}
