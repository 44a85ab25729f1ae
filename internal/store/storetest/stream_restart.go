package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runStreamRestart covers what survives a restart: streams, records,
// counters and arrival times. It needs a StreamReopener.
func runStreamRestart(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("StreamsAndRecordsSurvive", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		h.requireReopen()
		a := h.createStream("clicks", 2)
		b := h.createStreamIn(streamOtherAccount, "orders", 1)
		in := []store.RecordInput{record(0, "a"), record(1, "b"), record(0, "c")}
		pos := h.put(a, streamT0, in...)
		h.put(b, streamT0, record(0, "other"))
		h.closeShard(a, 1, streamAt(time.Second))
		h.reopen()
		want := newTestStream(a, 2)
		want.Shards[1].ClosedAt = streamAt(time.Second)
		wantStream(t, "StreamGet after restart", h.getStream(a), want)
		wantStream(t, "StreamGet of the other account", h.getStream(b), newTestStream(b, 1))
		if got, want := h.streamRefs(), sortStreamRefs([]store.StreamRef{a, b}); !slices.Equal(got, want) {
			t.Fatalf("StreamRefs after restart = %v, want %v", got, want)
		}
		recs := h.readAll(a, 0)
		wantData(t, recs, "a", "c")
		wantRecord(t, recs[0], in[0], pos[0])
		wantRecord(t, recs[1], in[2], pos[2])
		wantData(t, h.readAll(a, 1), "b")
		wantData(t, h.readAll(b, 0), "other")
		_, err := h.s.RecordPut(h.ctx, &store.RecordPutParams{Stream: a, Now: streamT0, Records: []store.RecordInput{record(1, "x")}})
		wantStreamErr(t, "RecordPut to a shard closed before the restart", err, store.ErrShardClosed)
	})
	t.Run("CountersAndTimesContinue", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		h.requireReopen()
		ref := h.createStream("clicks", 2)
		before := h.put(ref, streamAt(time.Minute), record(0, "a"), record(0, "b"), record(1, "c"))
		h.reopen()
		after := h.put(ref, streamT0, record(0, "d"), record(1, "e"))
		h.wantContinues(before[1], after[0])
		h.wantContinues(before[2], after[1])
		wantData(t, h.readAll(ref, 0), "a", "b", "d")
		h.reopen()
		again := h.put(ref, streamT0, record(0, "f"))
		h.wantContinues(after[0], again[0])
	})
	t.Run("CountersContinueAfterTrimmingEverything", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		h.requireReopen()
		ref := h.createStream("clicks", 1)
		before := h.put(ref, streamAt(time.Minute), record(0, "a"), record(0, "b"))
		h.trim(ref, streamAt(time.Hour))
		h.reopen()
		after := h.put(ref, streamT0, record(0, "c"))
		h.wantContinues(before[1], after[0])
		wantData(t, h.readAll(ref, 0), "c")
	})
	t.Run("DeletedStreamStaysDeleted", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		h.requireReopen()
		ref := h.createStream("clicks", 1)
		h.put(ref, streamT0, record(0, "old"))
		if err := h.s.StreamDelete(h.ctx, ref); err != nil {
			t.Fatalf("StreamDelete: %v", err)
		}
		h.reopen()
		h.wantStreamMissing(ref)
		if got := h.streamRefs(); len(got) != 0 {
			t.Fatalf("StreamRefs after restart = %v, want none", got)
		}
		h.createStream("clicks", 1)
		h.reopen()
		if res := h.readFrom(ref, 0, store.RecordPosition{}, 10); len(res.Records) != 0 || !res.Empty {
			t.Fatalf("re-created stream holds %q, want nothing", recordData(res.Records))
		}
	})
}

// wantContinues checks that next, put after a restart, comes after prev in
// its shard: a greater counter and no earlier arrival time.
func (h *streamHarness) wantContinues(prev, next store.RecordPosition) {
	h.t.Helper()
	if next.Counter <= prev.Counter {
		h.t.Fatalf("shard %d: counter %d after %d: reused after a restart", next.Shard, next.Counter, prev.Counter)
	}
	if next.ArrivedAt.Before(prev.ArrivedAt) {
		h.t.Fatalf("shard %d: arrival t0%+v after t0%+v: went back after a restart", next.Shard, next.ArrivedAt.Sub(streamT0), prev.ArrivedAt.Sub(streamT0))
	}
}
