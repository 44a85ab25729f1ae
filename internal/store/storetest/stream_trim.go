package storetest

import (
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runStreamTrim covers StreamTrim (retention).
func runStreamTrim(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("TrimDeletesOlderRecords", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 3)
		h.put(ref, streamT0, record(0, "a"), record(0, "b"), record(1, "x"), record(2, "closed"))
		h.closeShard(ref, 2, streamAt(time.Second))
		h.put(ref, streamAt(time.Minute), record(0, "c"))
		last := h.put(ref, streamAt(2*time.Minute), record(0, "d"))[0]
		n := h.trim(ref, streamAt(time.Minute))
		if n <= 0 {
			t.Fatalf("StreamTrim deleted records but returned %d", n)
		}
		res := h.readFrom(ref, 0, store.RecordPosition{}, 10)
		wantData(t, res.Records, "c", "d")
		wantPosition(t, "Last after trim", res.Last, last)
		for _, shard := range []int{1, 2} {
			if res := h.readFrom(ref, shard, store.RecordPosition{}, 10); len(res.Records) != 0 || !res.Empty {
				t.Fatalf("shard %d after trim: %q, Empty %v; want empty", shard, recordData(res.Records), res.Empty)
			}
		}
		wantData(t, h.readFrom(ref, 0, h.seek(ref, 0, streamT0), 10).Records, "c", "d")
	})
	t.Run("TrimKeepsRecordsAtTheCut", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		h.put(ref, streamAt(time.Second-time.Millisecond), record(0, "before"))
		h.put(ref, streamAt(time.Second), record(0, "at"))
		h.trim(ref, streamAt(time.Second))
		wantData(t, h.readAll(ref, 0), "at")
	})
	t.Run("TrimNothing", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		if n := h.trim(ref, streamT0); n != 0 {
			t.Fatalf("StreamTrim of an empty stream = %d, want 0", n)
		}
		h.put(ref, streamT0, record(0, "a"), record(1, "b"))
		if n := h.trim(ref, streamT0); n != 0 {
			t.Fatalf("StreamTrim before every record = %d, want 0", n)
		}
		wantData(t, h.readAll(ref, 0), "a")
		wantData(t, h.readAll(ref, 1), "b")
	})
	t.Run("TrimEverythingThenPut", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		old := h.put(ref, streamAt(time.Minute), record(0, "a"), record(0, "b"))
		h.trim(ref, streamAt(time.Hour))
		res := h.readFrom(ref, 0, store.RecordPosition{}, 10)
		if !res.Empty || len(res.Records) != 0 || res.Last != (store.RecordPosition{}) {
			t.Fatalf("after trimming everything: Empty %v, %q, Last %s; want empty", res.Empty, recordData(res.Records), formatPosition(res.Last))
		}
		next := h.put(ref, streamT0, record(0, "c"))[0]
		if next.Counter <= old[1].Counter {
			t.Fatalf("counter %d after trimming counter %d: reused", next.Counter, old[1].Counter)
		}
		wantTimeEqual(t, "ArrivedAt after trimming", next.ArrivedAt, old[1].ArrivedAt)
		wantData(t, h.readAll(ref, 0), "c")
	})
}

// trim deletes the records of ref that arrived before before.
func (h *streamHarness) trim(ref store.StreamRef, before time.Time) int64 {
	h.t.Helper()
	n, err := h.s.StreamTrim(h.ctx, ref, before)
	if err != nil {
		h.t.Fatalf("StreamTrim(%v, t0%+v): %v", ref, before.Sub(streamT0), err)
	}
	return n
}
