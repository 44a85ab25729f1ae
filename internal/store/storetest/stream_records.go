package storetest

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runStreamRecords covers RecordPut and ShardRecordsGet.
func runStreamRecords(t *testing.T, newStore newStreamStoreFunc) {
	runStreamPut(t, newStore)
	runStreamRead(t, newStore)
	runStreamShardState(t, newStore)
}

func runStreamPut(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("PutThenReadInOrder", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		var puts []store.RecordPosition
		puts = append(puts, h.put(ref, streamT0, record(0, "a1"), record(1, "b1"))...)
		puts = append(puts, h.put(ref, streamAt(time.Second), record(1, "b2"))...)
		puts = append(puts, h.put(ref, streamAt(2*time.Second), record(0, "a2"), record(0, "a3"))...)
		in := []store.RecordInput{record(0, "a1"), record(1, "b1"), record(1, "b2"), record(0, "a2"), record(0, "a3")}
		arrived := []time.Duration{0, 0, time.Second, 2 * time.Second, 2 * time.Second}
		for i, p := range puts {
			wantTimeEqual(t, fmt.Sprintf("ArrivedAt of %s", in[i].Data), p.ArrivedAt, streamAt(arrived[i]))
		}
		a, b := h.readAll(ref, 0), h.readAll(ref, 1)
		wantData(t, a, "a1", "a2", "a3")
		wantData(t, b, "b1", "b2")
		wantRecord(t, a[0], in[0], puts[0])
		wantRecord(t, b[0], in[1], puts[1])
		wantRecord(t, b[1], in[2], puts[2])
		wantRecord(t, a[1], in[3], puts[3])
		wantRecord(t, a[2], in[4], puts[4])
	})
	t.Run("BatchTakesConsecutivePositions", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		pos := h.put(ref, streamT0, record(0, "a"), record(1, "b"), record(0, "c"), record(1, "d"), record(0, "e"))
		for _, pair := range [][2]int{{0, 2}, {2, 4}, {1, 3}} {
			if pos[pair[1]].Counter <= pos[pair[0]].Counter {
				t.Fatalf("positions %d and %d of one shard: counters %d then %d", pair[0], pair[1], pos[pair[0]].Counter, pos[pair[1]].Counter)
			}
		}
		more := h.put(ref, streamT0, record(0, "f"))
		if more[0].Counter <= pos[4].Counter {
			t.Fatalf("next put got counter %d after %d", more[0].Counter, pos[4].Counter)
		}
		wantData(t, h.readAll(ref, 0), "a", "c", "e", "f")
	})
	t.Run("ArrivalNeverGoesBack", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		first := h.put(ref, streamAt(10*time.Second), record(0, "a"))[0]
		late := h.put(ref, streamT0, record(0, "b"), record(1, "other shard"))
		wantTimeEqual(t, "ArrivedAt of a put whose Now went back", late[0].ArrivedAt, first.ArrivedAt)
		if late[0].Counter <= first.Counter {
			t.Fatalf("counter %d after %d", late[0].Counter, first.Counter)
		}
		wantTimeEqual(t, "ArrivedAt in another shard", late[1].ArrivedAt, streamT0)
		next := h.put(ref, streamAt(20*time.Second), record(0, "c"))[0]
		wantTimeEqual(t, "ArrivedAt once Now moves on", next.ArrivedAt, streamAt(20*time.Second))
		recs := h.readAll(ref, 0)
		wantData(t, recs, "a", "b", "c")
	})
	t.Run("PutIsAllOrNothing", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 3)
		h.closeShard(ref, 2, streamT0)
		cases := []struct {
			recs []store.RecordInput
			want error
		}{
			{[]store.RecordInput{record(0, "x"), record(1, "x"), record(2, "x")}, store.ErrShardClosed},
			{[]store.RecordInput{record(0, "x"), record(7, "x")}, store.ErrShardNotFound},
			{[]store.RecordInput{record(1, "x"), record(-1, "x")}, store.ErrShardNotFound},
		}
		for _, c := range cases {
			_, err := h.s.RecordPut(h.ctx, &store.RecordPutParams{Stream: ref, Now: streamT0, Records: c.recs})
			wantStreamErr(t, "RecordPut", err, c.want)
		}
		for shard := range 3 {
			if recs := h.readAll(ref, shard); len(recs) != 0 {
				t.Fatalf("shard %d holds %q after failed puts", shard, recordData(recs))
			}
		}
	})
	t.Run("ClosedAndNewShards", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		h.put(ref, streamT0, record(0, "before split"))
		h.update(ref, func(s *store.Stream) error {
			s.Shards[0].ClosedAt = streamAt(time.Second)
			for i, r := range [][2]int{{0, 1<<19 - 1}, {1 << 19, 1<<20 - 1}} {
				child := newTestShard(1+i, r[0], r[1])
				child.Parent = 0
				s.Shards = append(s.Shards, child)
			}
			return nil
		})
		_, err := h.s.RecordPut(h.ctx, &store.RecordPutParams{Stream: ref, Now: streamAt(2 * time.Second), Records: []store.RecordInput{record(0, "late")}})
		wantStreamErr(t, "RecordPut to the closed parent", err, store.ErrShardClosed)
		h.put(ref, streamAt(2*time.Second), record(1, "left"), record(2, "right"))
		wantData(t, h.readAll(ref, 0), "before split")
		wantData(t, h.readAll(ref, 1), "left")
		wantData(t, h.readAll(ref, 2), "right")
	})
	t.Run("UnknownShard", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		_, err := h.s.ShardRecordsGet(h.ctx, &store.ShardRecordsGetParams{Stream: ref, Shard: 2, Limit: 10})
		wantStreamErr(t, "ShardRecordsGet", err, store.ErrShardNotFound)
		_, err = h.s.ShardSeek(h.ctx, &store.ShardSeekParams{Stream: ref, Shard: 2, At: streamT0})
		wantStreamErr(t, "ShardSeek", err, store.ErrShardNotFound)
	})
}

func runStreamRead(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("ReadFromPosition", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		var pos []store.RecordPosition
		for i := range 5 {
			pos = append(pos, h.put(ref, streamAt(time.Duration(i)*time.Second), record(0, fmt.Sprint(i)))...)
		}
		wantData(t, h.readFrom(ref, 0, pos[2], 10).Records, "2", "3", "4")
		after := h.read(&store.ShardRecordsGetParams{Stream: ref, From: pos[2], After: true, Limit: 10})
		wantData(t, after.Records, "3", "4")
		last := h.read(&store.ShardRecordsGetParams{Stream: ref, From: pos[4], After: true, Limit: 10})
		wantData(t, last.Records)
	})
	t.Run("ReadFromCounterAlone", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		var pos []store.RecordPosition
		for i := range 6 {
			pos = append(pos, h.put(ref, streamAt(time.Duration(i)*700*time.Millisecond), record(0, fmt.Sprint(i)))...)
		}
		// Records are found by counter whatever time a position carries:
		// the stream package may know it only to the second, or not at all.
		for _, hint := range []time.Time{{}, pos[3].ArrivedAt.Truncate(time.Second), streamAt(time.Hour)} {
			from := store.RecordPosition{Counter: pos[3].Counter, ArrivedAt: hint}
			wantData(t, h.readFrom(ref, 0, from, 10).Records, "3", "4", "5")
			after := h.read(&store.ShardRecordsGetParams{Stream: ref, From: from, After: true, Limit: 10})
			wantData(t, after.Records, "4", "5")
		}
	})
	t.Run("NextContinues", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		for i := range 10 {
			h.put(ref, streamT0, record(0, fmt.Sprint(i)))
		}
		res := h.readFrom(ref, 0, store.RecordPosition{}, 4)
		wantData(t, res.Records, "0", "1", "2", "3")
		res = h.readFrom(ref, 0, res.Next, 4)
		wantData(t, res.Records, "4", "5", "6", "7")
		res = h.readFrom(ref, 0, res.Next, 4)
		wantData(t, res.Records, "8", "9")
		end := h.readFrom(ref, 0, res.Next, 4)
		wantData(t, end.Records)
		wantPosition(t, "Next of an empty read", end.Next, res.Next)
		h.put(ref, streamAt(time.Second), record(0, "10"))
		wantData(t, h.readFrom(ref, 0, end.Next, 4).Records, "10")
	})
	t.Run("MaxBytes", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		var in []store.RecordInput
		for i := range 5 {
			r := record(0, fmt.Sprint(i))
			r.Data = bytes.Repeat([]byte{byte('0' + i)}, 100)
			in = append(in, r)
		}
		h.put(ref, streamT0, in...)
		cases := []struct{ maxBytes, limit, want int }{
			{250, 10, 2}, {300, 10, 3}, {299, 10, 2}, {50, 10, 1}, {0, 10, 5}, {1000, 4, 4},
		}
		for _, c := range cases {
			res := h.read(&store.ShardRecordsGetParams{Stream: ref, Limit: c.limit, MaxBytes: c.maxBytes})
			if len(res.Records) != c.want {
				t.Fatalf("MaxBytes %d, Limit %d: got %d records, want %d", c.maxBytes, c.limit, len(res.Records), c.want)
			}
			if n := len(res.Records); n < 5 {
				next := h.readFrom(ref, 0, res.Next, 1).Records
				if !bytes.Equal(next[0].Data, in[n].Data) {
					t.Fatalf("MaxBytes %d: Next leads to %q, want record %d", c.maxBytes, next[0].Data[:1], n)
				}
			}
		}
	})
}

func runStreamShardState(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("LastAndEmpty", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		res := h.readFrom(ref, 0, store.RecordPosition{}, 10)
		if !res.Empty || len(res.Records) != 0 || res.Last != (store.RecordPosition{}) {
			t.Fatalf("new shard: Empty %v, %d records, Last %s; want empty", res.Empty, len(res.Records), formatPosition(res.Last))
		}
		pos := h.put(ref, streamT0, record(0, "a"), record(0, "b"), record(1, "c"))
		res = h.readFrom(ref, 0, store.RecordPosition{}, 1)
		if res.Empty {
			t.Fatal("Empty is true for a shard with records")
		}
		wantPosition(t, "Last read with Limit 1", res.Last, pos[1])
		wantPosition(t, "Last read past the end", h.readFrom(ref, 0, res.Last, 10).Last, pos[1])
		wantPosition(t, "Last of the other shard", h.readFrom(ref, 1, store.RecordPosition{}, 10).Last, pos[2])
	})
	t.Run("ClosedShardIsReadable", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		pos := h.put(ref, streamT0, record(0, "a"), record(0, "b"))
		h.closeShard(ref, 0, streamAt(time.Minute))
		res := h.readFrom(ref, 0, store.RecordPosition{}, 10)
		wantData(t, res.Records, "a", "b")
		wantPosition(t, "Last of the closed shard", res.Last, pos[1])
	})
}

// wantRecord checks a read record against what was put and where.
func wantRecord(t *testing.T, got store.Record, in store.RecordInput, pos store.RecordPosition) {
	t.Helper()
	if got.PartitionKey != in.PartitionKey || got.HashKey != in.HashKey || !bytes.Equal(got.Data, in.Data) {
		t.Fatalf("read record %q/%x/%q, want %q/%x/%q", got.PartitionKey, got.HashKey, got.Data, in.PartitionKey, in.HashKey, in.Data)
	}
	wantPosition(t, fmt.Sprintf("position of record %q", in.Data), got.Position, pos)
}

// wantTimeEqual checks a time with time.Equal.
func wantTimeEqual(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Fatalf("%s = t0%+v, want t0%+v", what, got.Sub(streamT0), want.Sub(streamT0))
	}
}
