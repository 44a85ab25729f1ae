package pebblestore

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/store"
)

// tableSeqs lists the sequence numbers present in one queue's table.
func tableSeqs(t *testing.T, s *Store, table byte, qid uint64) map[uint64]int {
	t.Helper()
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: tableStart(table, qid), UpperBound: tableEnd(table, qid)})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	seqs := map[uint64]int{}
	for it.First(); it.Valid(); it.Next() {
		var seq uint64
		var ok bool
		if table == prefixMessage || table == prefixReceived {
			_, seq, ok = splitSeqKey(it.Key())
		} else {
			_, _, seq, ok = splitTimeSeqKey(it.Key())
		}
		if !ok {
			t.Fatalf("table %q: bad key %x", table, it.Key())
		}
		seqs[seq]++
	}
	return seqs
}

// checkInvariants verifies, at rest, what keys.go promises: every message
// has its 'm' and 't' keys and exactly one of 'r' and 'f', nothing else is
// left over, the count matches, and memory knows every received message.
func checkInvariants(t *testing.T, s *Store) {
	t.Helper()
	s.metaMu.RLock()
	queues := make([]*queue, 0, len(s.queues))
	for _, q := range s.queues {
		queues = append(queues, q)
	}
	s.metaMu.RUnlock()
	for _, q := range queues {
		m := tableSeqs(t, s, prefixMessage, q.id)
		r := tableSeqs(t, s, prefixReady, q.id)
		f := tableSeqs(t, s, prefixReceived, q.id)
		a := tableSeqs(t, s, prefixAge, q.id)
		for seq := range m {
			if a[seq] != 1 || r[seq]+f[seq] != 1 {
				t.Fatalf("queue %s message %d: %d age keys, %d ready keys, %d receive keys", q.ref.Name, seq, a[seq], r[seq], f[seq])
			}
		}
		for name, tab := range map[string]map[uint64]int{"ready": r, "receive": f, "age": a} {
			for seq := range tab {
				if m[seq] == 0 {
					t.Fatalf("queue %s: %s key of missing message %d", q.ref.Name, name, seq)
				}
			}
		}
		count, err := s.readCount(q.id)
		if err != nil || count != int64(len(m)) || q.count.Load() != count {
			t.Fatalf("queue %s: count %d (%v), in memory %d, %d messages stored", q.ref.Name, count, err, q.count.Load(), len(m))
		}
		q.mu.Lock()
		for seq := range f {
			if st := q.known[seq]; st == nil || st.onReady {
				q.mu.Unlock()
				t.Fatalf("queue %s: received message %d unknown to memory", q.ref.Name, seq)
			}
		}
		for seq, st := range q.known {
			if st.status == statusClaimed || m[seq] == 0 || st.onReady != (r[seq] == 1) {
				q.mu.Unlock()
				t.Fatalf("queue %s: memory state of message %d (status %d, ready key %v at %d) disagrees with disk (m %d r %d f %d)", q.ref.Name, seq, st.status, st.onReady, st.readyKeyAt, m[seq], r[seq], f[seq])
			}
		}
		q.mu.Unlock()
	}
}

// TestRandomOperationsKeepInvariants runs random concurrent operations on
// standard and FIFO queues, then checks the invariants, reopens and checks
// them again along with the counts.
func TestRandomOperationsKeepInvariants(t *testing.T) {
	t.Parallel()
	fs := vfs.NewMem()
	open := func() *Store {
		s, err := Open("db", Options{FS: fs, Logger: openMemLogger})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	}
	s := open()
	refs := []store.QueueRef{}
	for _, name := range []string{"a", "b", "c.fifo", "d.fifo"} {
		ref, _ := createQueue(t, s, name, len(name) > 5)
		refs = append(refs, ref)
	}
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			var held []*store.Message
			var heldQ []store.QueueRef
			for i := range 400 {
				ref := refs[rng.IntN(len(refs))]
				now := wt0.Add(time.Duration(i+rng.IntN(40)) * time.Second)
				held, heldQ = randomOp(t, s, rng, refs, ref, now, held, heldQ)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	checkInvariants(t, s)
	// Every message the counts call visible must be receivable now.
	end := wt0.Add(time.Hour)
	want := map[string]store.QueueStats{}
	for _, ref := range refs {
		st := stats(t, s, ref, end)
		fifo := len(ref.Name) > 5
		if n := drainCount(t, s, ref, end, fifo); int64(n) != st.Visible {
			t.Fatalf("queue %s: received %d messages, %d counted visible", ref.Name, n, st.Visible)
		}
		if fifo {
			want[ref.Name] = store.QueueStats{InFlight: st.InFlight, Delayed: st.Delayed}
			if st.InFlight+st.Delayed > 0 {
				want[ref.Name] = *stats(t, s, ref, end)
			}
		} else {
			want[ref.Name] = store.QueueStats{InFlight: st.InFlight + st.Visible, Delayed: st.Delayed, OldestSentAt: st.OldestSentAt}
		}
	}
	checkInvariants(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open()
	defer s.Close()
	checkInvariants(t, s)
	for _, ref := range refs {
		if st := stats(t, s, ref, end); *st != want[ref.Name] {
			t.Fatalf("queue %s stats after reopen %+v, want %+v", ref.Name, st, want[ref.Name])
		}
	}
}

func stats(t *testing.T, s *Store, ref store.QueueRef, now time.Time) *store.QueueStats {
	t.Helper()
	st, err := s.QueueStats(t.Context(), ref, now)
	if err != nil {
		t.Fatalf("QueueStats: %v", err)
	}
	return st
}

// drainCount receives everything visible at now, deleting it when del is
// set (a FIFO group yields nothing more while a message of it is in flight).
func drainCount(t *testing.T, s *Store, ref store.QueueRef, now time.Time, del bool) int {
	t.Helper()
	n := 0
	for {
		res, err := s.MessageReceive(t.Context(), &store.MessageReceiveParams{Queue: ref, Now: now, Max: 10, VisibilityTimeout: time.Hour})
		if err != nil {
			t.Fatalf("MessageReceive: %v", err)
		}
		if len(res.Messages) == 0 {
			return n
		}
		n += len(res.Messages)
		if !del {
			continue
		}
		var hs []string
		for _, m := range res.Messages {
			hs = append(hs, m.ReceiptHandle)
		}
		if errs, err := s.MessageDelete(t.Context(), &store.MessageDeleteParams{Queue: ref, Now: now, ReceiptHandles: hs}); err != nil || errors.Join(errs...) != nil {
			t.Fatalf("MessageDelete: %v %v", err, errs)
		}
	}
}

// TestCrashMidOperationsKeepsInvariants takes a crash image while random
// operations run and checks that the image opens with consistent keys,
// counts and memory.
func TestCrashMidOperationsKeepsInvariants(t *testing.T) {
	t.Parallel()
	fs := vfs.NewCrashableMem()
	s, err := Open("db", Options{FS: fs, Logger: openMemLogger})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	refs := []store.QueueRef{}
	for _, name := range []string{"a", "b.fifo"} {
		ref, _ := createQueue(t, s, name, len(name) > 5)
		refs = append(refs, ref)
	}
	var wg sync.WaitGroup
	var images []*vfs.MemFS // taken by worker 0 while the others run
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 11))
			var held []*store.Message
			var heldQ []store.QueueRef
			for i := range 300 {
				now := wt0.Add(time.Duration(i+rng.IntN(40)) * time.Second)
				held, heldQ = randomOp(t, s, rng, refs, refs[rng.IntN(len(refs))], now, held, heldQ)
				if w == 0 && i%50 == 49 {
					images = append(images, fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: 50, RNG: rng}))
				}
			}
		}()
	}
	wg.Wait()
	for _, img := range images {
		c, err := Open("db", Options{FS: img, Logger: openMemLogger})
		if err != nil {
			t.Fatalf("Open crash image: %v", err)
		}
		checkInvariants(t, c)
		_ = c.Close()
	}
}

// randomOp performs one random operation. held are received messages (of
// heldQ) not yet deleted.
func randomOp(t *testing.T, s *Store, rng *rand.Rand, refs []store.QueueRef, ref store.QueueRef, now time.Time, held []*store.Message, heldQ []store.QueueRef) ([]*store.Message, []store.QueueRef) {
	ctx := t.Context()
	fifo := len(ref.Name) > 5
	var err error
	switch op := rng.IntN(20); {
	case op < 8:
		p := &store.MessageSendParams{Queue: ref, Now: now, DedupWindow: time.Minute}
		for range 1 + rng.IntN(5) {
			m := &store.Message{ID: fmt.Sprint(rng.Uint64()), Body: "x", GroupID: fmt.Sprint("g", rng.IntN(3))}
			if fifo {
				m.DedupID = fmt.Sprint(rng.IntN(50))
			}
			delay := time.Duration(0)
			if !fifo && rng.IntN(4) == 0 {
				delay = time.Duration(rng.IntN(60)) * time.Second
			}
			p.Entries = append(p.Entries, store.MessageSendEntry{Message: m, Delay: delay})
		}
		_, err = s.MessageSend(ctx, p)
	case op < 13:
		p := &store.MessageReceiveParams{
			Queue: ref, Now: now, Max: 1 + rng.IntN(10), VisibilityTimeout: time.Duration(rng.IntN(30)) * time.Second,
			Retention: time.Duration(rng.IntN(2)) * 5 * time.Minute,
		}
		if rng.IntN(3) == 0 {
			dlq := refs[rng.IntN(len(refs))]
			if (len(dlq.Name) > 5) == fifo {
				p.Redrive = &store.Redrive{DeadLetterQueue: dlq, MaxReceiveCount: 1 + rng.IntN(3)}
			}
		}
		var res *store.MessageReceiveResult
		if res, err = s.MessageReceive(ctx, p); err == nil {
			for _, m := range res.Messages {
				held, heldQ = append(held, m), append(heldQ, ref)
			}
		}
	case op < 17 && len(held) > 0:
		i := rng.IntN(len(held))
		_, err = s.MessageDelete(ctx, &store.MessageDeleteParams{Queue: heldQ[i], Now: now, ReceiptHandles: []string{held[i].ReceiptHandle, held[i].ReceiptHandle}})
		held, heldQ = append(held[:i], held[i+1:]...), append(heldQ[:i], heldQ[i+1:]...)
	case op < 18 && len(held) > 0:
		i := rng.IntN(len(held))
		_, err = s.MessageChangeVisibility(ctx, &store.MessageChangeVisibilityParams{Queue: heldQ[i], Now: now, Entries: []store.VisibilityChange{{ReceiptHandle: held[i].ReceiptHandle, Timeout: time.Duration(rng.IntN(20)) * time.Second}}})
	case op < 19 && rng.IntN(8) == 0:
		if err = s.QueuePurge(ctx, &store.QueuePurgeParams{Ref: ref, Now: now}); errors.Is(err, store.ErrPurgeInProgress) {
			err = nil // now is before an earlier purge's time
		}
	case op < 19:
		_, err = s.MessageExpire(ctx, &store.MessageExpireParams{Queue: ref, Now: now, Retention: 5 * time.Minute, Max: 1 + rng.IntN(20)})
	default:
		var dest *store.QueueRef
		if d := refs[rng.IntN(len(refs))]; (len(d.Name) > 5) == fifo && rng.IntN(2) == 0 {
			dest = &d
		}
		_, err = s.MessageMove(ctx, &store.MessageMoveParams{Source: ref, Destination: dest, Now: now, Max: 1 + rng.IntN(10)})
	}
	if err != nil {
		t.Errorf("operation on %s: %v", ref.Name, err)
	}
	return held, heldQ
}
