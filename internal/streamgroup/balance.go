package streamgroup

import (
	"context"
	"slices"
	"time"

	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/stream"
)

// shardState is one live shard as the group sees it.
type shardState struct {
	stream.ShardLineage
	// finished: read to its end by the group; its children may be read.
	finished bool
	// waiting: not finished, and some parent is not finished either.
	waiting bool
}

// assignable reports whether the shard may be leased.
func (st *shardState) assignable() bool { return !st.finished && !st.waiting }

// shardStates works out which live shards are finished and which wait for
// a parent, in shard order. A closed shard read to its last record by the
// group, or closed before an AT_TIMESTAMP start, is finished even without
// a SHARD_END checkpoint, unless a member holds its lease (that member
// checkpoints the end itself); the discovery is stored. A parent no
// longer live (past the retention period) counts as finished.
func (s *Service) shardStates(ctx context.Context, ss *session) ([]shardState, error) {
	g := ss.g
	states := make([]shardState, len(ss.lineage.Shards))
	finished := map[string]bool{}
	var discovered []int
	for i, sh := range ss.lineage.Shards {
		states[i].ShardLineage = sh
		done, found, err := s.isFinished(ctx, ss, &sh)
		if err != nil {
			return nil, err
		}
		if found {
			idx, _ := shardIndex(sh.ShardID)
			discovered = append(discovered, idx)
		}
		states[i].finished = done
		finished[sh.ShardID] = done
	}
	for i := range states {
		for _, p := range states[i].ParentShardIDs {
			if done, live := finished[p]; live && !done {
				states[i].waiting = true
			}
		}
	}
	if len(discovered) > 0 {
		err := s.update(ctx, g, func(rec *store.Group, _ *groupMeta) error {
			for _, idx := range discovered {
				setCheckpoint(rec, store.Checkpoint{Shard: idx, Finished: true}, true)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return states, nil
}

// isFinished reports whether a shard is finished, and whether that was
// only found out now (so it should be stored).
func (s *Service) isFinished(ctx context.Context, ss *session, sh *stream.ShardLineage) (done, found bool, err error) {
	cp := ss.g.checkpoint(sh.ShardID)
	switch {
	case cp != nil && cp.Finished:
		return true, false, nil
	case sh.Open():
		return false, false, nil
	}
	if l := ss.g.leases[sh.ShardID]; l != nil && l.owner != "" {
		return false, false, nil
	}
	start := ss.g.meta.start()
	if cp == nil && start.Type == StartAtTimestamp && sh.ClosedAt.Before(start.Timestamp) {
		return true, true, nil
	}
	left, err := s.backlog(ctx, ss, sh.ShardID, cp)
	if err != nil {
		return false, false, err
	}
	return left.Records == 0, left.Records == 0, nil
}

// backlog reads what the group has left to read of a shard after its
// checkpoint cp (nil: the whole shard).
func (s *Service) backlog(ctx context.Context, ss *session, shardID string, cp *store.Checkpoint) (*stream.ShardBacklog, error) {
	var after uint64
	if cp != nil && cp.SequenceNumber != "" {
		ord, err := s.streams.SequenceOrdinal(ctx, ss.lineage.Stream, shardID, cp.SequenceNumber)
		if err != nil {
			return nil, err
		}
		after = ord
	}
	return s.streams.Backlog(ctx, ss.lineage.Stream, shardID, after)
}

// setCheckpoint stores cp in rec, replacing the shard's previous one. A
// finished checkpoint keeps the shard's last sequence number when cp has
// none; keepSeq says so.
func setCheckpoint(rec *store.Group, cp store.Checkpoint, keepSeq bool) {
	for i := range rec.Checkpoints {
		if rec.Checkpoints[i].Shard == cp.Shard {
			if keepSeq && cp.SequenceNumber == "" {
				cp.SequenceNumber = rec.Checkpoints[i].SequenceNumber
			}
			rec.Checkpoints[i] = cp
			return
		}
	}
	rec.Checkpoints = append(rec.Checkpoints, cp)
	slices.SortFunc(rec.Checkpoints, func(a, b store.Checkpoint) int { return a.Shard - b.Shard })
}

// rebalance brings the leases in line with the shards and the members:
// leases of shards that are no longer assignable go, unowned assignable
// shards go to the least loaded members, and when the most loaded member
// holds two or more shards more than the least loaded one, and no handoff
// is under way, one of its shards is handed to that member.
func (s *Service) rebalance(ctx context.Context, ss *session) error {
	_, err := s.rebalanced(ctx, ss)
	return err
}

// rebalanced is rebalance returning the shard states it worked from.
func (s *Service) rebalanced(ctx context.Context, ss *session) ([]shardState, error) {
	states, err := s.shardStates(ctx, ss)
	if err != nil {
		return nil, err
	}
	g := ss.g
	assignable := map[string]bool{}
	var order []string
	for i := range states {
		if states[i].assignable() {
			assignable[states[i].ShardID] = true
			order = append(order, states[i].ShardID)
		}
	}
	for id := range g.leases {
		if !assignable[id] {
			delete(g.leases, id)
		}
	}
	if len(g.members) == 0 {
		return states, nil
	}
	load := g.loads()
	for _, id := range order {
		l := g.leases[id]
		if l != nil && l.owner != "" {
			continue
		}
		epoch, err := s.nextEpoch(ctx, g)
		if err != nil {
			return nil, err
		}
		to := leastLoaded(load, g.memberIDs())
		g.leases[id] = &lease{shard: id, owner: to, epoch: epoch}
		load[to]++
	}
	g.startHandoff(load, ss.now.Add(s.opts.LeaseDuration))
	return states, nil
}

// loads counts the leases of each member as they will be once the handoffs
// under way are done.
func (g *group) loads() map[string]int {
	load := make(map[string]int, len(g.members))
	for id := range g.members {
		load[id] = 0
	}
	for _, l := range g.leases {
		switch {
		case l.handoffTo != "":
			load[l.handoffTo]++
		case l.owner != "":
			load[l.owner]++
		}
	}
	return load
}

// leastLoaded returns the member with the fewest leases, the first in
// ids' order among equals.
func leastLoaded(load map[string]int, ids []string) string {
	best := ids[0]
	for _, id := range ids[1:] {
		if load[id] < load[best] {
			best = id
		}
	}
	return best
}

// startHandoff asks the most loaded member to hand one shard (its last)
// to the least loaded one, when their loads differ by two or more and no
// handoff is under way. The owner has until by to release it.
func (g *group) startHandoff(load map[string]int, by time.Time) {
	for _, l := range g.leases {
		if l.handoffTo != "" {
			return
		}
	}
	ids := g.memberIDs()
	to := leastLoaded(load, ids)
	from := ids[0]
	for _, id := range ids[1:] {
		if load[id] > load[from] {
			from = id
		}
	}
	if load[from]-load[to] < 2 {
		return
	}
	held := g.heldBy(from)
	l := held[len(held)-1]
	l.handoffTo, l.handoffBy = to, by
}
