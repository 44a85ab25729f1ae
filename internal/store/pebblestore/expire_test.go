package pebblestore

import (
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// countKeys counts the keys of one queue's table.
func countKeys(t *testing.T, s *Store, table byte, qid uint64) int {
	t.Helper()
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: tableStart(table, qid), UpperBound: tableEnd(table, qid)})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	n := 0
	for it.First(); it.Valid(); it.Next() {
		n++
	}
	return n
}

func TestExpireSweepsDedupEntries(t *testing.T) {
	t.Parallel()
	s := openMem(t)
	ref, q := createQueue(t, s, "q.fifo", true)
	send := func(now time.Time, dedup string) {
		_, err := s.MessageSend(t.Context(), &store.MessageSendParams{
			Queue: ref, Now: now, DedupWindow: 5 * time.Minute,
			Entries: []store.MessageSendEntry{{Message: &store.Message{ID: dedup, GroupID: "g", DedupID: dedup}}},
		})
		if err != nil {
			t.Fatalf("MessageSend: %v", err)
		}
	}
	send(wt0, "old-1")
	send(wt0, "old-2")
	send(wt0.Add(4*time.Minute), "young")
	expire := func(now time.Time) int {
		n, err := s.MessageExpire(t.Context(), &store.MessageExpireParams{Queue: ref, Now: now, Retention: time.Hour, Max: 10})
		if err != nil {
			t.Fatalf("MessageExpire: %v", err)
		}
		return n
	}
	if n := expire(wt0.Add(6 * time.Minute)); n != 0 {
		t.Fatalf("MessageExpire deleted %d messages within retention", n)
	}
	if n := countKeys(t, s, prefixDedup, q.id); n != 1 {
		t.Fatalf("%d deduplication entries left, want only the unexpired one", n)
	}
	if n := countKeys(t, s, prefixMessage, q.id); n != 3 {
		t.Fatalf("%d messages stored, want 3", n)
	}
}

// TestDeleteLeavesNoKeys checks that a deleted message leaves none of its
// keys behind.
func TestDeleteLeavesNoKeys(t *testing.T) {
	t.Parallel()
	s := openMem(t)
	ref, q := createQueue(t, s, "q", false)
	sendN(t, s, ref, wt0, "", 0, 3)
	drain(t, s, ref, q, wt0.Add(time.Second))
	for _, table := range []byte{prefixMessage, prefixReady, prefixReceived, prefixAge} {
		if n := countKeys(t, s, table, q.id); n != 0 {
			t.Errorf("table %q holds %d keys after all messages were deleted", table, n)
		}
	}
	if c, err := s.readCount(q.id); err != nil || c != 0 {
		t.Fatalf("message count = %d, %v; want 0", c, err)
	}
}
