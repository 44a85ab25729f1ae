package streamkv

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// RecordPut appends records to their shards in one synced batch: all or
// none. Positions are taken under a short per-stream mutex and the commit
// runs outside it, so concurrent puts share fsyncs.
func (s *Store) RecordPut(ctx context.Context, p *store.RecordPutParams) ([]store.RecordPosition, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	st, positions, res, err := s.reserve(p)
	if err != nil {
		return nil, err
	}
	defer st.writeMu.RUnlock()
	defer st.release(res)
	size := 0
	for i := range p.Records {
		size += recordKeyLen + recordValueLen(&p.Records[i]) + 8
	}
	b := s.db.NewBatchWithSize(size)
	var value []byte
	for i := range p.Records {
		r := &p.Records[i]
		value = appendRecordValue(value[:0], r)
		_ = b.Set(s.keys.record(st.id, r.Shard, positions[i]), value, nil)
	}
	if err := s.commit(b); err != nil {
		return nil, fmt.Errorf("streamkv: put records in %s/%s: %w", p.Stream.Account, p.Stream.Name, err)
	}
	out := make([]store.RecordPosition, len(positions))
	for i, pos := range positions {
		out[i] = recordPosition(p.Records[i].Shard, pos)
	}
	return out, nil
}

// reserve finds the live stream, holds its writeMu shared and reserves the
// records' positions. On success the caller releases both.
func (s *Store) reserve(p *store.RecordPutParams) (*stream, []position, []reservation, error) {
	for {
		st, err := s.lookup(p.Stream)
		if err != nil {
			return nil, nil, nil, err
		}
		st.writeMu.RLock()
		positions, res, err := st.reserve(p.Records, floorMillis(p.Now))
		if err == nil {
			return st, positions, res, nil
		}
		st.writeMu.RUnlock()
		if !errors.Is(err, store.ErrStreamNotFound) {
			return nil, nil, nil, err
		}
		// Deleted meanwhile; the name may already hold a new stream.
	}
}

// ShardRecordsGet reads up to p.Limit records (0 = no limit) of a shard from
// p.From, in counter order. p.From.ArrivedAt is a seek hint: the record's
// arrival time, or a time a little earlier (truncated to the second, say),
// finds it with one seek; any other time, zero included, still finds it by
// binary search.
func (s *Store) ShardRecordsGet(ctx context.Context, p *store.ShardRecordsGetParams) (*store.ShardRecordsGetResult, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	v, err := s.view(p.Stream, p.Shard)
	if err != nil {
		return nil, err
	}
	it, err := s.visibleRecords(v, p.Shard)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	from := position{ms: floorMillis(p.From.ArrivedAt), counter: p.From.Counter}
	if p.After {
		from.counter++
	}
	res := &store.ShardRecordsGetResult{Next: recordPosition(p.Shard, from)}
	bytes := 0
	for valid := s.seekCounter(it, v.id, p.Shard, from); valid; valid = it.Next() {
		if p.Limit > 0 && len(res.Records) >= p.Limit {
			break
		}
		r, err := s.readRecord(it, p.Shard)
		if err != nil {
			return nil, err
		}
		if p.MaxBytes > 0 && len(res.Records) > 0 && bytes+len(r.Data) > p.MaxBytes {
			break
		}
		bytes += len(r.Data)
		res.Records = append(res.Records, r)
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("streamkv: read shard %d: %w", p.Shard, err)
	}
	if n := len(res.Records); n > 0 {
		last := res.Records[n-1].Position
		res.Next = store.RecordPosition{Shard: p.Shard, ArrivedAt: last.ArrivedAt, Counter: last.Counter + 1}
	}
	res.Empty = !it.Last()
	if !res.Empty {
		res.Last = recordPosition(p.Shard, decodePosition(it.Key()))
	}
	return res, nil
}

// view returns the reader view of a stream's shard.
func (s *Store) view(ref store.StreamRef, index int) (shardView, error) {
	st, err := s.lookup(ref)
	if err != nil {
		return shardView{}, err
	}
	v, err := st.view(index)
	if errors.Is(err, store.ErrStreamNotFound) {
		err = fmt.Errorf("%w: %s/%s", err, ref.Account, ref.Name)
	}
	return v, err
}

// visibleRecords iterates the durable records of a shard.
func (s *Store) visibleRecords(v shardView, index int) (*pebble.Iterator, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: s.keys.shardRecords(v.id, index),
		UpperBound: s.keys.record(v.id, index, v.bound),
	})
	if err != nil {
		return nil, fmt.Errorf("streamkv: read shard %d: %w", index, err)
	}
	return it, nil
}

// seekCounter positions it at the first record whose counter is at least
// from.counter and reports whether there is one. from.ms is a hint: when it
// is the record's arrival time, or a little earlier, one seek finds the
// record; otherwise a binary search over arrival times does, in about
// log2(milliseconds the shard spans) seeks.
func (s *Store) seekCounter(it *pebble.Iterator, id uint64, index int, from position) bool {
	const maxSkip = 64
	hint := s.keys.record(id, index, from)
	if it.SeekLT(hint) && decodePosition(it.Key()).counter >= from.counter {
		return s.searchCounter(it, id, index, from.counter) // a late hint
	}
	valid := it.SeekGE(hint)
	for skipped := 0; valid && decodePosition(it.Key()).counter < from.counter; skipped++ {
		if skipped == maxSkip {
			return s.searchCounter(it, id, index, from.counter) // a hint far too early
		}
		valid = it.Next()
	}
	return valid
}

// searchCounter positions it at the first record whose counter is at least
// counter: it finds the first millisecond m whose last record has such a
// counter, then seeks within m.
func (s *Store) searchCounter(it *pebble.Iterator, id uint64, index int, counter uint64) bool {
	if !it.First() {
		return false
	}
	lo := decodePosition(it.Key()).ms
	if !it.Last() || decodePosition(it.Key()).counter < counter {
		return it.Next() // exhausts it
	}
	hi := decodePosition(it.Key()).ms
	for lo < hi {
		mid := lo + (hi-lo)/2
		if it.SeekLT(s.keys.record(id, index, position{ms: mid + 1})) && decodePosition(it.Key()).counter >= counter {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return it.SeekGE(s.keys.record(id, index, position{ms: lo, counter: counter}))
}

func (s *Store) readRecord(it *pebble.Iterator, index int) (store.Record, error) {
	value, err := it.ValueAndErr()
	if err != nil {
		return store.Record{}, fmt.Errorf("streamkv: read shard %d: %w", index, err)
	}
	r, err := decodeRecord(index, it.Key(), value)
	if err != nil {
		return store.Record{}, fmt.Errorf("streamkv: read shard %d: %w", index, err)
	}
	return r, nil
}

// ShardSeek returns the position of a shard's first durable record that
// arrived at or after p.At. When there is none yet, it returns the position
// the next such record will take, after every record now in the shard.
func (s *Store) ShardSeek(ctx context.Context, p *store.ShardSeekParams) (store.RecordPosition, error) {
	if err := s.enter(ctx); err != nil {
		return store.RecordPosition{}, err
	}
	defer s.leave()
	v, err := s.view(p.Stream, p.Shard)
	if err != nil {
		return store.RecordPosition{}, err
	}
	it, err := s.visibleRecords(v, p.Shard)
	if err != nil {
		return store.RecordPosition{}, err
	}
	defer it.Close()
	at := ceilMillis(p.At)
	if it.SeekGE(s.keys.record(v.id, p.Shard, position{ms: at})) {
		return recordPosition(p.Shard, decodePosition(it.Key())), nil
	}
	if err := it.Error(); err != nil {
		return store.RecordPosition{}, fmt.Errorf("streamkv: seek shard %d: %w", p.Shard, err)
	}
	// Records still committing come next, in order; the first of those
	// puts that arrived at or after At starts the answer.
	for _, first := range v.committing {
		if first.ms >= at {
			return recordPosition(p.Shard, first), nil
		}
	}
	return recordPosition(p.Shard, position{ms: v.last.ms, counter: v.last.counter + 1}), nil
}

// StreamTrim range-deletes, shard by shard, the records that arrived before
// before, and returns how many it deleted, counted from the counters of the
// first and last deleted record of each shard (exact unless a failed put
// left a gap). Records still committing are left for the next trim. The
// space is freed when Pebble compacts the ranges.
func (s *Store) StreamTrim(ctx context.Context, ref store.StreamRef, before time.Time) (int64, error) {
	if err := s.enter(ctx); err != nil {
		return 0, err
	}
	defer s.leave()
	st, err := s.lookup(ref)
	if err != nil {
		return 0, err
	}
	st.writeMu.RLock()
	defer st.writeMu.RUnlock()
	id, targets, err := st.trimTargets()
	if err != nil {
		return 0, fmt.Errorf("%w: %s/%s", err, ref.Account, ref.Name)
	}
	b := s.db.NewBatch()
	var deleted int64
	for _, t := range targets {
		n, err := s.trimShard(b, id, t, ceilMillis(before))
		if err != nil {
			_ = b.Close()
			return 0, err
		}
		deleted += n
	}
	if deleted == 0 {
		_ = b.Close()
		return 0, nil
	}
	if err := s.commit(b); err != nil {
		return 0, fmt.Errorf("streamkv: trim stream %s/%s: %w", ref.Account, ref.Name, err)
	}
	return deleted, nil
}

// trimShard adds to b the deletion of a shard's records before cut (Unix
// milliseconds) and returns how many there are.
func (s *Store) trimShard(b *pebble.Batch, id uint64, t trimTarget, cut int64) (int64, error) {
	lower := s.keys.shardRecords(id, t.index)
	upper := s.keys.record(id, t.index, position{ms: cut})
	if bound := s.keys.record(id, t.index, t.bound); string(bound) < string(upper) {
		upper = bound
	}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return 0, fmt.Errorf("streamkv: trim shard %d: %w", t.index, err)
	}
	defer it.Close()
	if !it.First() {
		return 0, it.Error()
	}
	first := decodePosition(it.Key())
	if !it.Last() {
		return 0, it.Error()
	}
	last := decodePosition(it.Key())
	// The high-water mark keeps the shard's counter and time from going
	// back after a restart, should the trim delete its newest records.
	_ = b.Set(s.keys.highWater(id, t.index), encodeHighWater(t.last), nil)
	_ = b.DeleteRange(lower, upper, nil)
	return int64(last.counter-first.counter) + 1, nil
}
