package storetest

import (
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runStreamSeek covers ShardSeek (AT_TIMESTAMP).
func runStreamSeek(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("SeekByTime", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		h.put(ref, streamT0, record(0, "a"))
		h.put(ref, streamAt(time.Second), record(0, "b"), record(0, "c"), record(1, "other"))
		h.put(ref, streamAt(2*time.Second), record(0, "d"))
		cases := []struct {
			at   time.Time
			want []string
		}{
			{streamAt(-time.Hour), []string{"a", "b", "c", "d"}},
			{streamT0, []string{"a", "b", "c", "d"}},
			{streamAt(time.Millisecond), []string{"b", "c", "d"}},
			{streamAt(500 * time.Millisecond), []string{"b", "c", "d"}},
			{streamAt(time.Second), []string{"b", "c", "d"}},
			{streamAt(time.Second + time.Microsecond), []string{"d"}},
			{streamAt(2 * time.Second), []string{"d"}},
		}
		for _, c := range cases {
			pos := h.seek(ref, 0, c.at)
			if pos.ArrivedAt.Before(c.at) {
				t.Fatalf("ShardSeek(t0%+v) = %s, which arrived before", c.at.Sub(streamT0), formatPosition(pos))
			}
			wantData(t, h.readFrom(ref, 0, pos, 10).Records, c.want...)
		}
	})
	t.Run("SeekPastTheEnd", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		h.put(ref, streamT0, record(0, "a"), record(0, "b"))
		pos := h.seek(ref, 0, streamAt(time.Minute))
		wantData(t, h.readFrom(ref, 0, pos, 10).Records)
		h.put(ref, streamAt(2*time.Minute), record(0, "c"))
		wantData(t, h.readFrom(ref, 0, pos, 10).Records, "c")
	})
	t.Run("SeekEmptyShard", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		pos := h.seek(ref, 0, streamT0)
		wantData(t, h.readFrom(ref, 0, pos, 10).Records)
		h.put(ref, streamAt(time.Second), record(0, "a"))
		wantData(t, h.readFrom(ref, 0, pos, 10).Records, "a")
	})
	t.Run("SeekAfterNowWentBack", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		h.put(ref, streamAt(10*time.Second), record(0, "a"))
		h.put(ref, streamAt(5*time.Second), record(0, "b")) // arrives at 10s
		h.put(ref, streamAt(11*time.Second), record(0, "c"))
		wantData(t, h.readFrom(ref, 0, h.seek(ref, 0, streamAt(6*time.Second)), 10).Records, "a", "b", "c")
		wantData(t, h.readFrom(ref, 0, h.seek(ref, 0, streamAt(10*time.Second+time.Millisecond)), 10).Records, "c")
	})
}

// seek returns the first position of a shard at or after at.
func (h *streamHarness) seek(ref store.StreamRef, shard int, at time.Time) store.RecordPosition {
	h.t.Helper()
	pos, err := h.s.ShardSeek(h.ctx, &store.ShardSeekParams{Stream: ref, Shard: shard, At: at})
	if err != nil {
		h.t.Fatalf("ShardSeek(%v, shard %d, t0%+v): %v", ref, shard, at.Sub(streamT0), err)
	}
	if pos.Shard != shard {
		h.t.Fatalf("ShardSeek(shard %d) returned a position in shard %d", shard, pos.Shard)
	}
	return pos
}
