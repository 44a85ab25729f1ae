package streamgroup

import (
	"context"
	"errors"

	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/stream"
)

// ShardLag is how far one group is behind in one shard.
type ShardLag struct {
	Group   GroupRef
	ShardID string
	Lag
}

// Lags measures every group of every stream, from the store, for at most
// maxGroups groups (the first in the store's order of streams, then by
// name); it also returns how many groups it left out. Finished shards and
// shards whose parents are not finished are left out too. It reads the
// store only: groups need not be loaded, and nothing is changed.
func (s *Service) Lags(ctx context.Context, maxGroups int) ([]ShardLag, int, error) {
	refs, err := s.store.StreamRefs(ctx)
	if err != nil {
		return nil, 0, err
	}
	var out []ShardLag
	seen, omitted := 0, 0
	for _, ref := range refs {
		recs, err := s.store.GroupList(ctx, ref)
		if errors.Is(err, store.ErrStreamNotFound) {
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		if len(recs) == 0 {
			continue
		}
		take := min(len(recs), max(0, maxGroups-seen))
		seen += take
		omitted += len(recs) - take
		lags, err := s.streamLags(ctx, ref, recs[:take])
		if err != nil {
			return nil, 0, err
		}
		out = append(out, lags...)
	}
	return out, omitted, nil
}

// streamLags measures the groups of one stream.
func (s *Service) streamLags(ctx context.Context, ref StreamRef, recs []*store.Group) ([]ShardLag, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	lineage, err := s.streams.Lineage(ctx, ref)
	if errors.Is(err, stream.ErrResourceNotFound) || errors.Is(err, stream.ErrResourceInUse) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []ShardLag
	for _, rec := range recs {
		g := newGroup(rec.Ref, lineage.CreatedAt)
		if err := g.install(rec); err != nil {
			return nil, err
		}
		ss := &session{g: g, lineage: lineage, now: s.clock.Now()}
		for _, sh := range lineage.Shards {
			cp := g.checkpoint(sh.ShardID)
			if cp != nil && cp.Finished || s.parentsPending(g, lineage, &sh) {
				continue
			}
			lag, err := s.lag(ctx, ss, sh.ShardID, cp)
			if errors.Is(err, stream.ErrResourceNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			out = append(out, ShardLag{Group: rec.Ref, ShardID: sh.ShardID, Lag: lag})
		}
	}
	return out, nil
}

// parentsPending reports whether a live parent of sh is not checkpointed
// as finished.
func (s *Service) parentsPending(g *group, lineage *stream.StreamLineage, sh *stream.ShardLineage) bool {
	for _, p := range sh.ParentShardIDs {
		cp := g.checkpoint(p)
		if (cp == nil || !cp.Finished) && slicesContainsShard(lineage, p) {
			return true
		}
	}
	return false
}

func slicesContainsShard(lineage *stream.StreamLineage, id string) bool {
	for i := range lineage.Shards {
		if lineage.Shards[i].ShardID == id {
			return true
		}
	}
	return false
}
