package stream

import (
	"context"
	"errors"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// This file serves readers that keep their own progress, such as the
// consumer groups of package streamgroup: a stream's shard lineage, what
// is left to read of a shard after a record, and where a sequence number
// lies in its shard. Positions are ordinals: a record's ordinal is the
// store's counter of it, which strictly increases within a shard (by one
// per record in the Pebble store), so the number of records after a
// position is a difference of ordinals.

// ShardLineage is a shard as a reader that follows resharding sees it.
type ShardLineage struct {
	ShardID string
	// ParentShardIDs are the shards it was made from: none for an
	// original shard, one after a split, two after a merge.
	ParentShardIDs []string
	CreatedAt      time.Time
	// ClosedAt is zero while the shard is open.
	ClosedAt time.Time
}

// Open reports whether records may still be put in the shard.
func (l *ShardLineage) Open() bool { return l.ClosedAt.IsZero() }

// StreamLineage is a readable stream's live shards (those ListShards
// lists: open, or closed within the retention period), in index order.
type StreamLineage struct {
	Stream    StreamRef
	CreatedAt time.Time
	Shards    []ShardLineage
}

// Lineage returns the live shards of a stream with their parents. The
// stream must be readable (ACTIVE or UPDATING).
func (s *Service) Lineage(ctx context.Context, ref StreamRef) (*StreamLineage, error) {
	v, err := s.load(ctx, ref)
	if err != nil {
		return nil, err
	}
	if !v.readable() {
		return nil, errStreamNotActive(ref, v.m.Status)
	}
	out := &StreamLineage{Stream: ref, CreatedAt: v.st.CreatedAt}
	for _, sh := range s.liveShards(v) {
		l := ShardLineage{ShardID: ShardID(sh.Index), CreatedAt: sh.CreatedAt, ClosedAt: sh.ClosedAt}
		if sh.Parent >= 0 {
			l.ParentShardIDs = append(l.ParentShardIDs, ShardID(sh.Parent))
		}
		if sh.AdjacentParent >= 0 {
			l.ParentShardIDs = append(l.ParentShardIDs, ShardID(sh.AdjacentParent))
		}
		out.Shards = append(out.Shards, l)
	}
	return out, nil
}

// ShardBacklog is what is left to read of a shard after a position.
type ShardBacklog struct {
	// Records counts the stored records after the position. Records past
	// the retention period that the trimmer has not deleted yet count.
	Records uint64
	// NextArrival is the arrival time of the first of them, zero when
	// there is none.
	NextArrival time.Time
	// LastOrdinal and LastSequenceNumber are those of the shard's newest
	// record; zero and empty when the shard never held one.
	LastOrdinal        uint64
	LastSequenceNumber string
}

// Backlog reads what is left of a shard after the record of ordinal
// after; 0 means the whole shard. It costs one seek, whatever the
// backlog's size.
func (s *Service) Backlog(ctx context.Context, ref StreamRef, shardID string, after uint64) (*ShardBacklog, error) {
	_, sh, err := s.readableShard(ctx, ref, shardID)
	if err != nil {
		return nil, err
	}
	res, err := s.store.ShardRecordsGet(ctx, &store.ShardRecordsGetParams{Stream: ref, Shard: sh.Index,
		From: store.RecordPosition{Shard: sh.Index, Counter: after + 1}, Limit: 1})
	if err != nil {
		return nil, fromStore(err, ref)
	}
	out := &ShardBacklog{}
	if res.Empty {
		return out, nil
	}
	out.LastOrdinal, out.LastSequenceNumber = res.Last.Counter, recordSeqNum(sh, res.Last)
	if len(res.Records) > 0 {
		first := res.Records[0].Position
		out.Records = res.Last.Counter - first.Counter + 1
		out.NextArrival = first.ArrivedAt
	}
	return out, nil
}

// SequenceOrdinal returns the ordinal of the record a sequence number of
// the shard names (0 for the shard's StartingSequenceNumber, which lies
// before its first record), or ErrInvalidArgument when the number is not
// one of this shard of this stream.
func (s *Service) SequenceOrdinal(ctx context.Context, ref StreamRef, shardID, seq string) (uint64, error) {
	v, sh, err := s.readableShard(ctx, ref, shardID)
	if err != nil {
		return 0, err
	}
	// The position after a record is the counter that follows it.
	from, err := s.startPosition(ctx, v, sh, IteratorAfterSequenceNumber, seq, nil, "Checkpoint")
	if err != nil {
		return 0, err
	}
	if from.Counter == 0 {
		return 0, nil
	}
	return from.Counter - 1, nil
}

// readableShard loads a readable stream and one of its shards.
func (s *Service) readableShard(ctx context.Context, ref StreamRef, shardID string) (*view, *store.Shard, error) {
	idx, ok := parseShardID(shardID)
	if !ok {
		return nil, nil, errShardNotFound(ref, shardID)
	}
	v, err := s.load(ctx, ref)
	if errors.Is(err, ErrResourceNotFound) {
		return nil, nil, errStreamNotFound(ref)
	}
	if err != nil {
		return nil, nil, err
	}
	sh := v.shard(idx)
	if sh == nil {
		return nil, nil, errShardNotFound(ref, shardID)
	}
	if !v.readable() {
		return nil, nil, errStreamNotActive(ref, v.m.Status)
	}
	return v, sh, nil
}
