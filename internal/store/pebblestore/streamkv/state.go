package streamkv

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/sluicemq/sluice/internal/store"
)

// stream is the in-memory state of a live stream: its document and, per
// shard, the last reserved position and the puts still committing. Its size
// depends on the number of shards and of concurrent puts, never on the number
// of records.
type stream struct {
	id uint64

	// writeMu orders data writes against metadata changes: RecordPut and
	// StreamTrim hold it shared across their commit, StreamUpdate and
	// StreamDelete exclusively. A put therefore either precedes or follows
	// an update that closes its shard.
	writeMu sync.RWMutex

	// mu guards the fields below; it is never held across I/O.
	mu      sync.Mutex
	doc     *store.Stream // replaced on update, never mutated
	deleted bool
	shards  map[int]*shard
}

// shard is the in-memory state of one shard.
type shard struct {
	// listed and open mirror the shard in the current document.
	listed, open bool
	// last is the newest reserved position, committed or not: the next
	// record gets a later counter and no earlier time.
	last position
	// committing holds the first position of every put reserved in this
	// shard and not yet committed, in counter order. Readers see no record
	// at or after the first of them, so records become visible in counter
	// order and only once durable.
	committing []position
}

func newStream(id uint64, doc *store.Stream) *stream {
	st := &stream{id: id, shards: make(map[int]*shard, len(doc.Shards))}
	st.install(doc)
	return st
}

// install makes doc the current document. A shard that leaves the document
// keeps its state, so its counter is never reused and trims still reach its
// records. The caller holds mu or owns st exclusively.
func (st *stream) install(doc *store.Stream) {
	st.doc = doc
	for _, sh := range st.shards {
		sh.listed, sh.open = false, false
	}
	for i := range doc.Shards {
		d := &doc.Shards[i]
		sh := st.shards[d.Index]
		if sh == nil {
			sh = &shard{}
			st.shards[d.Index] = sh
		}
		sh.listed, sh.open = true, d.ClosedAt.IsZero()
	}
}

// current returns the current document, or nil once the stream is deleted.
func (st *stream) current() *store.Stream {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.deleted {
		return nil
	}
	return st.doc
}

// reservation is one put's claim on positions of one shard.
type reservation struct {
	shard int
	first position
}

// reserve assigns each record its position: the next counter of its shard,
// at nowMs or the shard's last arrival time if that is later. It checks every
// shard first, so a put is reserved whole or not at all.
func (st *stream) reserve(recs []store.RecordInput, nowMs int64) ([]position, []reservation, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.deleted {
		return nil, nil, store.ErrStreamNotFound
	}
	for i := range recs {
		sh := st.shards[recs[i].Shard]
		switch {
		case sh == nil || !sh.listed:
			return nil, nil, fmt.Errorf("%w: shard %d", store.ErrShardNotFound, recs[i].Shard)
		case !sh.open:
			return nil, nil, fmt.Errorf("%w: shard %d", store.ErrShardClosed, recs[i].Shard)
		case sh.last.counter == math.MaxUint64:
			return nil, nil, fmt.Errorf("streamkv: shard %d has used every counter", recs[i].Shard)
		}
	}
	positions := make([]position, len(recs))
	var res []reservation
	for i := range recs {
		sh := st.shards[recs[i].Shard]
		p := position{ms: max(nowMs, sh.last.ms), counter: sh.last.counter + 1}
		sh.last, positions[i] = p, p
		if !slices.ContainsFunc(res, func(r reservation) bool { return r.shard == recs[i].Shard }) {
			res = append(res, reservation{shard: recs[i].Shard, first: p})
			sh.committing = append(sh.committing, p)
		}
	}
	return positions, res, nil
}

// release ends reservations once their put has committed or failed.
func (st *stream) release(res []reservation) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, r := range res {
		sh := st.shards[r.shard]
		sh.committing = slices.DeleteFunc(sh.committing, func(p position) bool { return p == r.first })
	}
}

// shardView is what a reader needs of a shard: where its visible records
// end and what comes next.
type shardView struct {
	id uint64
	// bound is the first position not visible to readers: every record
	// before it is durable, none at or after it is returned.
	bound position
	// last is the newest reserved position.
	last position
	// committing are the first positions of the puts still committing.
	committing []position
}

// view returns a shard's reader view, ErrStreamNotFound or ErrShardNotFound.
func (st *stream) view(index int) (shardView, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.deleted {
		return shardView{}, store.ErrStreamNotFound
	}
	sh := st.shards[index]
	if sh == nil || !sh.listed {
		return shardView{}, fmt.Errorf("%w: shard %d", store.ErrShardNotFound, index)
	}
	v := shardView{id: st.id, last: sh.last, committing: slices.Clone(sh.committing)}
	v.bound = position{ms: sh.last.ms, counter: sh.last.counter + 1}
	if len(sh.committing) > 0 {
		v.bound = sh.committing[0]
	}
	return v, nil
}

// trimTarget is one shard as a trim sees it.
type trimTarget struct {
	index int
	// bound is the first position the trim may not delete: records still
	// committing or not yet reserved are left for a later trim, so that
	// last covers every counter the trim deletes.
	bound position
	last  position
}

// trimTargets returns every shard the stream ever had.
func (st *stream) trimTargets() (uint64, []trimTarget, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.deleted {
		return 0, nil, store.ErrStreamNotFound
	}
	targets := make([]trimTarget, 0, len(st.shards))
	for index, sh := range st.shards {
		t := trimTarget{index: index, last: sh.last, bound: position{ms: sh.last.ms, counter: sh.last.counter + 1}}
		if len(sh.committing) > 0 {
			t.bound = sh.committing[0]
		}
		targets = append(targets, t)
	}
	return st.id, targets, nil
}

// cloneStream returns a deep copy of s.
func cloneStream(s *store.Stream) *store.Stream {
	c := *s
	c.Shards = slices.Clone(s.Shards)
	c.Meta = slices.Clone(s.Meta)
	return &c
}

// checkShards rejects shard lists the key layout cannot hold.
func checkShards(shards []store.Shard) error {
	seen := make(map[int]bool, len(shards))
	for i := range shards {
		index := shards[i].Index
		if index < 0 || index > math.MaxUint32 {
			return fmt.Errorf("streamkv: shard index %d out of range", index)
		}
		if seen[index] {
			return fmt.Errorf("streamkv: shard index %d listed twice", index)
		}
		seen[index] = true
	}
	return nil
}
