package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// StreamReopener is implemented by stream stores under test that keep their
// data across a restart. RunStream uses it to check that streams, records,
// counters and arrival times survive one; a store that does not implement it
// (memory mode) skips those tests and only those.
type StreamReopener interface {
	// Reopen closes the store and its storage, opens them again and
	// returns the new store. The old store is not used afterwards.
	Reopen(t *testing.T) store.StreamStore
}

// newStreamStoreFunc returns an empty, isolated stream store whose cleanup is
// registered on t.
type newStreamStoreFunc func(t *testing.T) store.StreamStore

// RunStream exercises a StreamStore fully. newStore must return an empty,
// isolated store and register its own cleanup with t.Cleanup; it may
// implement StreamReopener.
//
// A backend runs it from one of its _test.go files:
//
//	func TestStreamConformance(t *testing.T) {
//		storetest.RunStream(t, func(t *testing.T) store.StreamStore {
//			return openEmptyStreamStore(t)
//		})
//	}
func RunStream(t *testing.T, newStore func(t *testing.T) store.StreamStore) {
	t.Helper()
	areas := []struct {
		name string
		run  func(*testing.T, newStreamStoreFunc)
	}{
		{"Metadata", runStreamMetadata},
		{"Records", runStreamRecords},
		{"Seek", runStreamSeek},
		{"Trim", runStreamTrim},
		{"Concurrency", runStreamConcurrency},
		{"Restart", runStreamRestart},
		{"Groups", runStreamGroups},
	}
	for _, area := range areas {
		t.Run(area.name, func(t *testing.T) {
			t.Parallel()
			area.run(t, newStore)
		})
	}
}

const (
	// streamAccount owns the streams of most subtests.
	streamAccount = "000000000000"
	// streamOtherAccount is a second account, for isolation checks.
	streamOtherAccount = "111111111111"
)

// streamT0 is the time at which most stream subtests start; whole
// milliseconds, the precision of arrival times.
var streamT0 = time.Date(2026, time.March, 14, 15, 9, 26, 535_000_000, time.UTC)

// streamAt returns streamT0+d.
func streamAt(d time.Duration) time.Time { return streamT0.Add(d) }

// streamHarness is one subtest's stream store and context, with helpers that
// fail the test on unexpected errors. Its methods must run on the test
// goroutine; the store itself may be used from any goroutine.
type streamHarness struct {
	t   *testing.T
	ctx context.Context
	s   store.StreamStore
}

func newStreamHarness(t *testing.T, newStore newStreamStoreFunc) *streamHarness {
	t.Helper()
	return &streamHarness{t: t, ctx: t.Context(), s: newStore(t)}
}

// reopen restarts the store, skipping the test when the store cannot.
func (h *streamHarness) reopen() {
	h.t.Helper()
	r, ok := h.s.(StreamReopener)
	if !ok {
		h.t.Skip("the store does not keep data across a restart")
	}
	h.s = r.Reopen(h.t)
}

// requireReopen skips the test early when the store cannot restart.
func (h *streamHarness) requireReopen() {
	h.t.Helper()
	if _, ok := h.s.(StreamReopener); !ok {
		h.t.Skip("the store does not keep data across a restart")
	}
}

// newTestStream returns the document of a stream with n open shards that
// split the hash key space evenly, created at streamT0.
func newTestStream(ref store.StreamRef, n int) *store.Stream {
	s := &store.Stream{Ref: ref, CreatedAt: streamT0, Meta: []byte(`{"retention":24}`)}
	for i := range n {
		s.Shards = append(s.Shards, newTestShard(i, i*1<<20/n, (i+1)*1<<20/n-1))
	}
	return s
}

// newTestShard returns an open shard created at streamT0 whose hash range
// runs over [from, to] in units of 2^108.
func newTestShard(index, from, to int) store.Shard {
	sh := store.Shard{Index: index, Parent: -1, AdjacentParent: -1, CreatedAt: streamT0}
	unit := new(big.Int).Lsh(big.NewInt(1), 108)
	new(big.Int).Mul(big.NewInt(int64(from)), unit).FillBytes(sh.HashStart[:])
	end := new(big.Int).Mul(big.NewInt(int64(to+1)), unit)
	end.Sub(end, big.NewInt(1)).FillBytes(sh.HashEnd[:])
	return sh
}

// createStream creates a stream of streamAccount with n open shards.
func (h *streamHarness) createStream(name string, n int) store.StreamRef {
	h.t.Helper()
	return h.createStreamIn(streamAccount, name, n)
}

func (h *streamHarness) createStreamIn(account, name string, n int) store.StreamRef {
	h.t.Helper()
	ref := store.StreamRef{Account: account, Name: name}
	if _, err := h.s.StreamCreate(h.ctx, newTestStream(ref, n)); err != nil {
		h.t.Fatalf("StreamCreate(%v): %v", ref, err)
	}
	return ref
}

func (h *streamHarness) getStream(ref store.StreamRef) *store.Stream {
	h.t.Helper()
	s, err := h.s.StreamGet(h.ctx, ref)
	if err != nil {
		h.t.Fatalf("StreamGet(%v): %v", ref, err)
	}
	return s
}

func (h *streamHarness) update(ref store.StreamRef, fn func(*store.Stream) error) *store.Stream {
	h.t.Helper()
	s, err := h.s.StreamUpdate(h.ctx, ref, fn)
	if err != nil {
		h.t.Fatalf("StreamUpdate(%v): %v", ref, err)
	}
	return s
}

// closeShard closes shard index at now.
func (h *streamHarness) closeShard(ref store.StreamRef, index int, now time.Time) {
	h.t.Helper()
	h.update(ref, func(s *store.Stream) error { return closeShardIn(s, index, now) })
}

// closeShardIn closes shard index of s at now.
func closeShardIn(s *store.Stream, index int, now time.Time) error {
	for i := range s.Shards {
		if s.Shards[i].Index == index {
			s.Shards[i].ClosedAt = now
			return nil
		}
	}
	return fmt.Errorf("no shard %d", index)
}

// record returns a record for shard whose data and partition key are data.
func record(shard int, data string) store.RecordInput {
	r := store.RecordInput{Shard: shard, PartitionKey: "pk-" + data, Data: []byte(data)}
	copy(r.HashKey[:], data)
	r.HashKey[15] = byte(shard)
	return r
}

// put appends recs at now and checks the positions it returns.
func (h *streamHarness) put(ref store.StreamRef, now time.Time, recs ...store.RecordInput) []store.RecordPosition {
	h.t.Helper()
	pos, err := h.s.RecordPut(h.ctx, &store.RecordPutParams{Stream: ref, Now: now, Records: recs})
	if err != nil {
		h.t.Fatalf("RecordPut(%v) at t0%+v: %v", ref, now.Sub(streamT0), err)
	}
	if len(pos) != len(recs) {
		h.t.Fatalf("RecordPut returned %d positions for %d records", len(pos), len(recs))
	}
	for i := range recs {
		if pos[i].Shard != recs[i].Shard {
			h.t.Fatalf("RecordPut position %d is in shard %d, want %d", i, pos[i].Shard, recs[i].Shard)
		}
	}
	return pos
}

// read reads one page of a shard.
func (h *streamHarness) read(p *store.ShardRecordsGetParams) *store.ShardRecordsGetResult {
	h.t.Helper()
	res, err := h.s.ShardRecordsGet(h.ctx, p)
	if err != nil {
		h.t.Fatalf("ShardRecordsGet(%v, shard %d): %v", p.Stream, p.Shard, err)
	}
	if p.Limit > 0 && len(res.Records) > p.Limit {
		h.t.Fatalf("ShardRecordsGet returned %d records, Limit is %d", len(res.Records), p.Limit)
	}
	return res
}

// readFrom reads up to limit records of a shard from a position.
func (h *streamHarness) readFrom(ref store.StreamRef, shard int, from store.RecordPosition, limit int) *store.ShardRecordsGetResult {
	h.t.Helper()
	return h.read(&store.ShardRecordsGetParams{Stream: ref, Shard: shard, From: from, Limit: limit})
}

// readAll reads every record of a shard, page by page, and checks that
// counters strictly increase and arrival times never go back.
func (h *streamHarness) readAll(ref store.StreamRef, shard int) []store.Record {
	h.t.Helper()
	var all []store.Record
	from := store.RecordPosition{Shard: shard}
	for {
		res := h.readFrom(ref, shard, from, 7)
		if len(res.Records) == 0 {
			break
		}
		all = append(all, res.Records...)
		from = res.Next
	}
	wantShardOrder(h.t, all)
	return all
}

// wantShardOrder checks that records are in strictly increasing counter
// order with arrival times that never go back.
func wantShardOrder(t *testing.T, recs []store.Record) {
	t.Helper()
	for i := 1; i < len(recs); i++ {
		prev, cur := recs[i-1].Position, recs[i].Position
		if cur.Counter <= prev.Counter {
			t.Fatalf("record %d has counter %d after %d", i, cur.Counter, prev.Counter)
		}
		if cur.ArrivedAt.Before(prev.ArrivedAt) {
			t.Fatalf("record %d arrived at %v, before the previous record (%v)", i, cur.ArrivedAt, prev.ArrivedAt)
		}
	}
}

// recordData returns the data of recs as strings.
func recordData(recs []store.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = string(r.Data)
	}
	return out
}

// wantData checks the data of recs, in order.
func wantData(t *testing.T, recs []store.Record, want ...string) {
	t.Helper()
	if got := recordData(recs); !slices.Equal(got, want) {
		t.Fatalf("got records %q, want %q", got, want)
	}
}

// wantPosition checks a position field by field, times with time.Equal.
func wantPosition(t *testing.T, what string, got, want store.RecordPosition) {
	t.Helper()
	if got.Shard != want.Shard || got.Counter != want.Counter || !got.ArrivedAt.Equal(want.ArrivedAt) {
		t.Fatalf("%s = %s, want %s", what, formatPosition(got), formatPosition(want))
	}
}

func formatPosition(p store.RecordPosition) string {
	return fmt.Sprintf("{shard %d, counter %d, arrived t0%+v}", p.Shard, p.Counter, p.ArrivedAt.Sub(streamT0))
}

// wantStreamErr checks a call's error with errors.Is.
func wantStreamErr(t *testing.T, op string, got, want error) {
	t.Helper()
	if !errors.Is(got, want) {
		t.Fatalf("%s: got error %v, want %v", op, got, want)
	}
}
