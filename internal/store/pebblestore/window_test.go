package pebblestore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/store"
)

var wt0 = time.Date(2026, time.March, 14, 15, 9, 26, 0, time.UTC)

// openMemLogger discards log lines in tests.
var openMemLogger = slog.New(slog.DiscardHandler)

func openMem(t *testing.T) *Store {
	t.Helper()
	s, err := Open("", Options{FS: vfs.NewMem(), Logger: openMemLogger})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func createQueue(t *testing.T, s *Store, name string, fifo bool) (store.QueueRef, *queue) {
	t.Helper()
	ref := store.QueueRef{Account: "000000000000", Name: name}
	if _, err := s.QueueCreate(t.Context(), &store.QueueCreateParams{Ref: ref, FIFO: fifo, Now: wt0}); err != nil {
		t.Fatalf("QueueCreate: %v", err)
	}
	q, err := s.lookup(ref)
	if err != nil {
		t.Fatal(err)
	}
	return ref, q
}

func sendN(t *testing.T, s *Store, ref store.QueueRef, now time.Time, group string, from, n int) {
	t.Helper()
	for i := 0; i < n; i += 10 {
		p := &store.MessageSendParams{Queue: ref, Now: now}
		for j := i; j < min(i+10, n); j++ {
			m := &store.Message{ID: fmt.Sprint(from + j), Body: "b", GroupID: group}
			p.Entries = append(p.Entries, store.MessageSendEntry{Message: m})
		}
		if _, err := s.MessageSend(t.Context(), p); err != nil {
			t.Fatalf("MessageSend: %v", err)
		}
	}
}

// windowSize reports how many message states q holds in memory.
func windowSize(q *queue) (window, known int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.window.Len(), len(q.known)
}

// drain receives and deletes until a receive at now returns nothing and
// returns how often each id was seen. It checks memory stays bounded.
func drain(t *testing.T, s *Store, ref store.QueueRef, q *queue, now time.Time) map[string]int {
	t.Helper()
	seen := map[string]int{}
	for {
		res, err := s.MessageReceive(t.Context(), &store.MessageReceiveParams{
			Queue: ref, Now: now, Max: 10, VisibilityTimeout: time.Hour,
		})
		if err != nil {
			t.Fatalf("MessageReceive: %v", err)
		}
		if w, k := windowSize(q); w > windowCap || k > windowCap+len(res.Messages) {
			t.Fatalf("memory holds %d ready and %d known messages, window cap is %d", w, k, windowCap)
		}
		if len(res.Messages) == 0 {
			return seen
		}
		var hs []string
		for _, m := range res.Messages {
			seen[m.ID]++
			hs = append(hs, m.ReceiptHandle)
		}
		if _, err := s.MessageDelete(t.Context(), &store.MessageDeleteParams{Queue: ref, Now: now, ReceiptHandles: hs}); err != nil {
			t.Fatalf("MessageDelete: %v", err)
		}
	}
}

func TestBacklogBeyondWindow(t *testing.T) {
	t.Parallel()
	s := openMem(t)
	ref, q := createQueue(t, s, "q", false)
	const n = 3*windowCap + 17
	sendN(t, s, ref, wt0, "", 0, n)
	if w, k := windowSize(q); w != 0 || k != 0 {
		t.Fatalf("after sending, memory holds %d ready and %d known messages, want none", w, k)
	}
	seen := drain(t, s, ref, q, wt0.Add(time.Second))
	if len(seen) != n {
		t.Fatalf("received %d distinct messages, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("message %s received %d times", id, c)
		}
	}
}

// TestSendsBehindTheCursor sends messages whose first visible time sorts
// before what the loader already read (a sender whose clock lags), while
// the window is full and while it is not. None may be lost.
func TestSendsBehindTheCursor(t *testing.T) {
	t.Parallel()
	s := openMem(t)
	ref, q := createQueue(t, s, "q", false)
	sendN(t, s, ref, wt0.Add(10*time.Second), "", 0, 2*windowCap)
	now := wt0.Add(20 * time.Second)
	res, err := s.MessageReceive(t.Context(), &store.MessageReceiveParams{Queue: ref, Now: now, Max: 1, VisibilityTimeout: time.Hour})
	if err != nil || len(res.Messages) != 1 {
		t.Fatalf("MessageReceive = %d messages, %v", len(res.Messages), err)
	}
	sendN(t, s, ref, wt0, "", 100_000, 50) // behind the cursor, window full
	seen := drain(t, s, ref, q, now)
	sendN(t, s, ref, wt0, "", 200_000, 50) // behind the cursor, window empty
	for id, c := range drain(t, s, ref, q, now) {
		seen[id] += c
	}
	if want := 2*windowCap - 1 + 100; len(seen) != want {
		t.Fatalf("received %d distinct messages, want %d", len(seen), want)
	}
}

// TestConcurrentSendReceive runs senders and receivers at once, some
// senders with lagging clocks, and checks every message is received exactly
// once.
func TestConcurrentSendReceive(t *testing.T) {
	t.Parallel()
	s := openMem(t)
	ref, q := createQueue(t, s, "q", false)
	const senders, perSender = 4, 600
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	done := make(chan struct{})
	for i := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lag := time.Duration(i) * time.Second
			for j := 0; j < perSender; j += 10 {
				p := &store.MessageSendParams{Queue: ref, Now: wt0.Add(time.Minute - lag)}
				for k := j; k < j+10; k++ {
					p.Entries = append(p.Entries, store.MessageSendEntry{Message: &store.Message{ID: fmt.Sprint(i, "-", k)}})
				}
				if _, err := s.MessageSend(t.Context(), p); err != nil {
					t.Errorf("MessageSend: %v", err)
					return
				}
			}
		}()
	}
	var rg sync.WaitGroup
	for range 3 {
		rg.Add(1)
		go func() {
			defer rg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				res, err := s.MessageReceive(t.Context(), &store.MessageReceiveParams{
					Queue: ref, Now: wt0.Add(2 * time.Minute), Max: 10, VisibilityTimeout: time.Hour,
				})
				if err != nil {
					t.Errorf("MessageReceive: %v", err)
					return
				}
				var hs []string
				mu.Lock()
				for _, m := range res.Messages {
					seen[m.ID]++
					hs = append(hs, m.ReceiptHandle)
				}
				mu.Unlock()
				if len(hs) > 0 {
					if _, err := s.MessageDelete(t.Context(), &store.MessageDeleteParams{Queue: ref, Now: wt0.Add(2 * time.Minute), ReceiptHandles: hs}); err != nil {
						t.Errorf("MessageDelete: %v", err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	rg.Wait()
	for id, c := range drain(t, s, ref, q, wt0.Add(2*time.Minute)) {
		seen[id] += c
	}
	if len(seen) != senders*perSender {
		t.Fatalf("received %d distinct messages, want %d", len(seen), senders*perSender)
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("message %s received %d times", id, c)
		}
	}
	st, err := s.QueueStats(t.Context(), ref, wt0.Add(2*time.Minute))
	if err != nil || st.Visible+st.InFlight+st.Delayed != 0 {
		t.Fatalf("QueueStats after draining = %+v, %v; want all zero", st, err)
	}
}

// TestFIFOScansPastBlockedWindow fills the window with one group, puts it in
// flight, and checks that a later group behind the window is still served.
func TestFIFOScansPastBlockedWindow(t *testing.T) {
	t.Parallel()
	s := openMem(t)
	ref, _ := createQueue(t, s, "q.fifo", true)
	sendN(t, s, ref, wt0, "busy", 0, 2*windowCap)
	sendN(t, s, ref, wt0, "other", 100_000, 1)
	recv := func() []*store.Message {
		res, err := s.MessageReceive(t.Context(), &store.MessageReceiveParams{
			Queue: ref, Now: wt0.Add(time.Second), Max: 1, VisibilityTimeout: time.Hour,
		})
		if err != nil {
			t.Fatalf("MessageReceive: %v", err)
		}
		return res.Messages
	}
	if got := recv(); len(got) != 1 || got[0].GroupID != "busy" || got[0].ID != "0" {
		t.Fatalf("first receive = %v, want the first message of group busy", got)
	}
	if got := recv(); len(got) != 1 || got[0].GroupID != "other" {
		t.Fatalf("second receive = %v, want the message of group other", got)
	}
	if got := recv(); len(got) != 0 {
		t.Fatalf("third receive = %v, want nothing (both groups in flight)", got)
	}
}

// TestHandleWaitsForClaim checks that a delete naming a message another
// operation has claimed waits for that claim, and gives up with its context.
func TestHandleWaitsForClaim(t *testing.T) {
	t.Parallel()
	s := openMem(t)
	ref, q := createQueue(t, s, "q", false)
	sendN(t, s, ref, wt0, "", 0, 1)
	res, err := s.MessageReceive(t.Context(), &store.MessageReceiveParams{Queue: ref, Now: wt0, Max: 1, VisibilityTimeout: time.Hour})
	if err != nil || len(res.Messages) != 1 {
		t.Fatalf("MessageReceive = %v, %v", res, err)
	}
	h, _ := parseHandle(res.Messages[0].ReceiptHandle)
	q.mu.Lock()
	m := q.known[h.seq]
	q.claim(m) // as an operation in the middle of its commit would
	q.mu.Unlock()

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	del := &store.MessageDeleteParams{Queue: ref, Now: wt0, ReceiptHandles: []string{res.Messages[0].ReceiptHandle}}
	if _, err := s.MessageDelete(ctx, del); !errors.Is(err, context.Canceled) {
		t.Fatalf("MessageDelete with a cancelled context while claimed = %v, want context.Canceled", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.MessageDelete(t.Context(), del)
		done <- err
	}()
	q.mu.Lock()
	q.toInflight(m, m.deadline) // the claim ends
	q.mu.Unlock()
	if err := <-done; err != nil {
		t.Fatalf("MessageDelete after the claim ended: %v", err)
	}
	if st, err := s.QueueStats(t.Context(), ref, wt0); err != nil || st.InFlight != 0 || st.Visible != 0 {
		t.Fatalf("QueueStats after delete = %+v, %v; want empty", st, err)
	}
}
