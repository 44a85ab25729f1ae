package clocktest

import (
	"context"
	"testing"
	"time"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestFake_AfterFiresWhenTimeReachesDeadline(t *testing.T) {
	t.Parallel()
	f := New(epoch)
	ch, _ := f.After(10 * time.Second)
	f.Advance(9 * time.Second)
	select {
	case <-ch:
		t.Fatal("timer fired 1 s early")
	default:
	}
	f.Advance(time.Second)
	select {
	case got := <-ch:
		if !got.Equal(epoch.Add(10 * time.Second)) {
			t.Errorf("timer delivered %v, want %v", got, epoch.Add(10*time.Second))
		}
	default:
		t.Fatal("timer did not fire at its deadline")
	}
	if f.Timers() != 0 {
		t.Errorf("Timers() = %d after firing, want 0", f.Timers())
	}
}

func TestFake_StopReleasesTimer(t *testing.T) {
	t.Parallel()
	f := New(epoch)
	ch, stop := f.After(time.Second)
	stop()
	f.Advance(time.Hour)
	select {
	case <-ch:
		t.Fatal("a stopped timer fired")
	default:
	}
	if f.Timers() != 0 {
		t.Errorf("Timers() = %d after stop, want 0", f.Timers())
	}
}

func TestFake_AwaitTimers(t *testing.T) {
	t.Parallel()
	f := New(epoch)
	armed := make(chan struct{})
	go func() {
		<-armed
		f.After(time.Minute)
		f.After(time.Minute)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	close(armed)
	if err := f.AwaitTimers(ctx, 2); err != nil {
		t.Fatalf("AwaitTimers(2) = %v", err)
	}
	short, cancelShort := context.WithCancel(context.Background())
	cancelShort()
	if err := f.AwaitTimers(short, 3); err == nil {
		t.Error("AwaitTimers(3) with only 2 timers returned nil, want the context's error")
	}
}
