package pebblestore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/store/pebblestore"
)

var t0 = time.Date(2026, time.March, 14, 15, 9, 26, 535_000_000, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

// fixture drives one store with fatal-on-error helpers.
type fixture struct {
	t   *testing.T
	ctx context.Context
	s   *pebblestore.Store
}

func newFixture(t *testing.T, s *pebblestore.Store) *fixture {
	return &fixture{t: t, ctx: t.Context(), s: s}
}

func (f *fixture) queue(name string) store.QueueRef {
	f.t.Helper()
	ref := store.QueueRef{Account: "000000000000", Name: name}
	fifo := len(name) > 5 && name[len(name)-5:] == ".fifo"
	if _, err := f.s.QueueCreate(f.ctx, &store.QueueCreateParams{Ref: ref, FIFO: fifo, Now: t0}); err != nil {
		f.t.Fatalf("QueueCreate %s: %v", name, err)
	}
	return ref
}

func (f *fixture) send(ref store.QueueRef, now time.Time, delay time.Duration, msgs ...*store.Message) []store.MessageSendResult {
	f.t.Helper()
	p := &store.MessageSendParams{Queue: ref, Now: now, DedupWindow: 5 * time.Minute}
	for _, m := range msgs {
		p.Entries = append(p.Entries, store.MessageSendEntry{Message: m, Delay: delay})
	}
	res, err := f.s.MessageSend(f.ctx, p)
	if err != nil {
		f.t.Fatalf("MessageSend: %v", err)
	}
	return res
}

func (f *fixture) receive(ref store.QueueRef, now time.Time, max int) []*store.Message {
	f.t.Helper()
	res, err := f.s.MessageReceive(f.ctx, &store.MessageReceiveParams{
		Queue: ref, Now: now, Max: max, VisibilityTimeout: 30 * time.Second,
	})
	if err != nil {
		f.t.Fatalf("MessageReceive: %v", err)
	}
	return res.Messages
}

func (f *fixture) delete(ref store.QueueRef, now time.Time, msgs ...*store.Message) {
	f.t.Helper()
	var hs []string
	for _, m := range msgs {
		hs = append(hs, m.ReceiptHandle)
	}
	errs, err := f.s.MessageDelete(f.ctx, &store.MessageDeleteParams{Queue: ref, Now: now, ReceiptHandles: hs})
	if err != nil {
		f.t.Fatalf("MessageDelete: %v", err)
	}
	for i, e := range errs {
		if e != nil {
			f.t.Fatalf("MessageDelete entry %d: %v", i, e)
		}
	}
}

func (f *fixture) wantCounts(ref store.QueueRef, now time.Time, visible, inFlight, delayed int64) {
	f.t.Helper()
	st, err := f.s.QueueStats(f.ctx, ref, now)
	if err != nil {
		f.t.Fatalf("QueueStats: %v", err)
	}
	if st.Visible != visible || st.InFlight != inFlight || st.Delayed != delayed {
		f.t.Fatalf("%s counts = %d visible, %d in flight, %d delayed; want %d, %d, %d",
			ref.Name, st.Visible, st.InFlight, st.Delayed, visible, inFlight, delayed)
	}
}

func msg(body string) *store.Message {
	return &store.Message{ID: "id-" + body, Body: body, MD5OfBody: "md5-" + body}
}

func groupMsg(group, body string) *store.Message {
	m := msg(body)
	m.GroupID, m.DedupID = group, "dedup-"+body
	return m
}

// reopen closes s and opens the same directory again.
func reopen(t *testing.T, s *pebblestore.Store, dir string, fs vfs.FS) *pebblestore.Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return openStore(t, dir, fs)
}

func TestReopenRecoversEverything(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"Disk", "Memory"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			dir, fs := t.TempDir(), vfs.FS(nil)
			if mode == "Memory" {
				dir, fs = "db", vfs.NewMem()
			}
			f := newFixture(t, openStore(t, dir, fs))
			std, fifo := f.queue("std"), f.queue("q.fifo")
			f.send(std, t0, 0, msg("a"), msg("b"), msg("c"))
			f.send(std, t0, time.Hour, msg("later"))
			first := f.send(fifo, t0, 0, groupMsg("g", "f1"), groupMsg("g", "f2"))
			got := f.receive(std, at(time.Second), 2)
			f.delete(std, at(time.Second), got[1])
			inFlight := got[0]
			fifoGot := f.receive(fifo, at(time.Second), 1)

			f = newFixture(t, reopen(t, f.s, dir, fs))
			f.wantCounts(std, at(2*time.Second), 1, 1, 1)
			f.wantCounts(fifo, at(2*time.Second), 1, 1, 0)
			// The in-flight message keeps its deadline and receive count,
			// and comes back when the deadline passes.
			other := f.receive(std, at(2*time.Second), 10)
			if len(other) != 1 || other[0].ID == inFlight.ID {
				t.Fatalf("before the deadline got %v, want only the never-received message", bodies(other))
			}
			f.delete(std, at(2*time.Second), other...)
			again := f.receive(std, at(time.Minute), 10)
			if len(again) != 1 || again[0].ID != inFlight.ID || again[0].ReceiveCount != 2 {
				t.Fatalf("after the deadline got %v, want %s received twice", bodies(again), inFlight.Body)
			}
			wantTime(t, "FirstReceivedAt", again[0].FirstReceivedAt, at(time.Second))
			// The FIFO group stays blocked; the handle from before the
			// restart deletes.
			if got := f.receive(fifo, at(2*time.Second), 10); len(got) != 0 {
				t.Fatalf("FIFO group blocked by an in-flight message returned %d messages", len(got))
			}
			f.delete(fifo, at(3*time.Second), fifoGot...)
			// Deduplication survives the restart, sequence numbers go on.
			dup := f.send(fifo, at(4*time.Second), 0, groupMsg("g", "f1"))
			if !dup[0].Duplicate || dup[0].ID != first[0].ID || dup[0].SequenceNumber != first[0].SequenceNumber {
				t.Fatalf("resend after restart = %+v, want duplicate of %+v", dup[0], first[0])
			}
			next := f.send(fifo, at(4*time.Second), 0, groupMsg("g", "f3"))
			if next[0].SequenceNumber <= first[1].SequenceNumber {
				t.Fatalf("sequence number after restart %s, not above %s", next[0].SequenceNumber, first[1].SequenceNumber)
			}
			if got := f.receive(fifo, at(5*time.Second), 10); len(got) != 2 || got[0].Body != "f2" || got[1].Body != "f3" {
				t.Fatalf("FIFO after restart got %v, want f2, f3", bodies(got))
			}
		})
	}
}

func bodies(ms []*store.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Body)
	}
	return out
}

func wantTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

// TestReopenLargeBacklog stores a backlog far larger than the ready window,
// reopens, and checks that counts are exact and receiving works at once.
func TestReopenLargeBacklog(t *testing.T) {
	t.Parallel()
	if testing.Short() || raceEnabled {
		t.Skip("stores 200k messages; too slow for -short and the race detector")
	}
	const total, batch, workers = 200_000, 10, 16
	dir := t.TempDir()
	f := newFixture(t, openStore(t, dir, nil))
	ref := f.queue("big")
	body := string(make([]byte, 256))
	errc := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := w; i < total/batch; i += workers {
				p := &store.MessageSendParams{Queue: ref, Now: t0}
				for j := range batch {
					m := msg(fmt.Sprint(i*batch + j))
					m.Body = body
					p.Entries = append(p.Entries, store.MessageSendEntry{Message: m})
				}
				if _, err := f.s.MessageSend(f.ctx, p); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
	}
	for range workers {
		if err := <-errc; err != nil {
			t.Fatalf("MessageSend: %v", err)
		}
	}
	got := f.receive(ref, at(time.Second), 10)
	f.delete(ref, at(time.Second), got[:5]...)

	if err := f.s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	start := time.Now()
	f = newFixture(t, openStore(t, dir, nil))
	opened := time.Since(start)
	f.wantCounts(ref, at(2*time.Second), total-10, 5, 0)
	if got := f.receive(ref, at(2*time.Second), 10); len(got) != 10 {
		t.Fatalf("first receive after reopen got %d messages, want 10", len(got))
	}
	t.Logf("reopen with %d messages took %v, first receive after %v", total, opened, time.Since(start))
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("reopen and first receive took %v", elapsed)
	}
}

func TestOperationsAfterClose(t *testing.T) {
	t.Parallel()
	s, err := pebblestore.Open("", pebblestore.Options{FS: vfs.NewMem()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = s.QueueGet(t.Context(), store.QueueRef{Account: "a", Name: "b"})
	if !errors.Is(err, store.ErrClosed) {
		t.Fatalf("QueueGet after Close = %v, want ErrClosed", err)
	}
	if err := s.Close(); !errors.Is(err, store.ErrClosed) {
		t.Fatalf("second Close = %v, want ErrClosed", err)
	}
}
