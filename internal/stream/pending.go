package stream

import (
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// A reshard (SplitShard, MergeShards, UpdateShardCount) is accepted at
// once but, as on AWS, changes the shards only when the stream is ACTIVE
// again: while it is UPDATING the old shards stay open, take the records
// and are what DescribeStream and ListShards show. Without an UpdateDelay
// the change is immediate. The pending change is part of the stream's
// metadata, so it survives a restart; the first read after it is due
// applies and stores it (view.settle, Service.load).

// Kinds of pending reshards.
const (
	reshardSplit = "split"
	reshardMerge = "merge"
	reshardScale = "scale"
)

// pendingReshard is a reshard waiting for the end of UPDATING.
type pendingReshard struct {
	Kind string `json:"kind"`
	// Shard is the shard to split or ShardToMerge; Adjacent the
	// AdjacentShardToMerge.
	Shard    int `json:"shard,omitempty"`
	Adjacent int `json:"adjacent,omitempty"`
	// Key is a split's NewStartingHashKey, in decimal.
	Key string `json:"key,omitempty"`
	// Target is UpdateShardCount's TargetShardCount.
	Target int `json:"target,omitempty"`
}

// apply makes the change in st at the given time and returns the indexes
// of the shards it closed.
func (r *pendingReshard) apply(st *store.Stream, at time.Time) []int {
	before := openIndexes(st)
	switch r.Kind {
	case reshardSplit:
		if key, ok := parseHashKey(r.Key); ok {
			splitAt(st, r.Shard, key, at)
		}
	case reshardMerge:
		mergePair(st, r.Shard, r.Adjacent, at)
	case reshardScale:
		uniformScale(st, r.Target, at)
	}
	var closed []int
	for _, i := range before {
		if !shardAt(st, i).ClosedAt.IsZero() {
			closed = append(closed, i)
		}
	}
	return closed
}

// openIndexes returns the indexes of the open shards of st.
func openIndexes(st *store.Stream) []int {
	var open []int
	for _, sh := range st.Shards {
		if sh.ClosedAt.IsZero() {
			open = append(open, sh.Index)
		}
	}
	return open
}

// startReshard puts the stream in UPDATING for the UpdateDelay and applies
// r when that ends: at once without a delay. It returns the shards closed
// now, if any.
func (s *Service) startReshard(v *view, r *pendingReshard, now time.Time) []int {
	v.m.setStatus(StatusUpdating, now, s.opts.UpdateDelay)
	if v.m.Status == StatusActive {
		return r.apply(v.st, now)
	}
	v.m.Reshard = r
	return nil
}

// settle applies the state changes of a view whose time has come: a
// pending reshard whose UPDATING is over (at the time it ended), then
// the metadata's own (meta.settle). resharded reports that the shards
// changed, so the caller must store the view; closed lists the shards
// that closed.
func (v *view) settle(now time.Time) (resharded bool, closed []int) {
	if r := v.m.Reshard; r != nil && (v.m.Status != StatusUpdating || !now.Before(v.m.StatusUntil)) {
		if v.m.Status == StatusUpdating {
			closed, resharded = r.apply(v.st, v.m.StatusUntil), true
		}
		v.m.Reshard = nil // a deletion dropped it
	}
	v.m.settle(now)
	return resharded, closed
}
