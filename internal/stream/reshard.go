package stream

import (
	"context"
	"sort"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Resharding bounds.
const (
	maxShardsPerStream = 10000
	scalingsPerDay     = 10
	scalingsWindow     = 24 * time.Hour
	ScalingTypeUniform = "UNIFORM_SCALING"
)

func errNotProvisioned(op string) error {
	return errorf(ErrValidation, "%s is not supported for streams in %s capacity mode.", op, ModeOnDemand)
}

func errAlreadyResharded(ref StreamRef, idx int) error {
	return errorf(ErrInvalidArgument, "Shard %s in stream %s under account %s has already been merged or split, "+
		"and thus is not eligible for merging or splitting.", ShardID(idx), ref.Name, ref.Account)
}

// SplitShard closes a shard and opens two children that share its hash
// key range at newStartingHashKey. It checks, in AWS's order, the shard
// id, the stream and its state, the shard, the account's shard limit and
// the hash key.
func (s *Service) SplitShard(ctx context.Context, ref StreamRef, shardToSplit, newStartingHashKey string) error {
	idx, ok := parseShardID(shardToSplit)
	if !ok {
		return errShardNotFound(ref, shardToSplit)
	}
	v, err := s.load(ctx, ref)
	if err != nil {
		return err
	}
	if _, err := splittable(v, idx); err != nil {
		return err
	}
	if err := s.checkGrowth(ctx, ref.Account, 1); err != nil {
		return err
	}
	var closed []int
	_, err = s.update(ctx, ref, func(v *view, now time.Time) error {
		sh, err := splittable(v, idx)
		if err != nil {
			return err
		}
		key, ok := parseHashKey(newStartingHashKey)
		if !ok || compareHashKeys(key, hashKeyAdd(sh.HashStart, 1)) <= 0 || compareHashKeys(key, sh.HashEnd) >= 0 {
			return errorf(ErrInvalidArgument, "NewStartingHashKey %s used in SplitShard() on shard %s in stream %s "+
				"under account %s is not both greater than one plus the shard's StartingHashKey %s and less than the "+
				"shard's EndingHashKey %s.", newStartingHashKey, ShardID(idx), ref.Name, ref.Account,
				hashKeyString(sh.HashStart), hashKeyString(sh.HashEnd))
		}
		closed = s.startReshard(v, &pendingReshard{Kind: reshardSplit, Shard: idx, Key: hashKeyString(key)}, now)
		return nil
	})
	s.notifyClosed(ref, closed)
	return err
}

// notifyClosed wakes the readers of shards a reshard closed.
func (s *Service) notifyClosed(ref StreamRef, closed []int) {
	for _, i := range closed {
		s.signals.notify(shardKey{stream: ref, shard: i})
	}
}

// splittable returns shard idx of an ACTIVE provisioned stream, if it is
// open.
func splittable(v *view, idx int) (*store.Shard, error) {
	if err := checkReshardable(v, "SplitShard"); err != nil {
		return nil, err
	}
	sh := v.shard(idx)
	if sh == nil {
		return nil, errShardNotFound(v.st.Ref, ShardID(idx))
	}
	if !sh.ClosedAt.IsZero() {
		return nil, errAlreadyResharded(v.st.Ref, idx)
	}
	return sh, nil
}

// checkReshardable requires an ACTIVE provisioned stream.
func checkReshardable(v *view, op string) error {
	if err := requireActive(v); err != nil {
		return err
	}
	if v.m.Mode != ModeProvisioned {
		return errNotProvisioned(op)
	}
	return nil
}

// checkGrowth checks that an account may open more shards.
func (s *Service) checkGrowth(ctx context.Context, account string, more int) error {
	if more <= 0 {
		return nil
	}
	u, err := s.accountUsage(ctx, account)
	if err != nil {
		return err
	}
	return s.checkShardLimit(account, u.openShards, more)
}

// splitAt closes shard idx and appends its two children, split at key.
func splitAt(st *store.Stream, idx int, key hashKey, now time.Time) {
	parent := shardAt(st, idx)
	parent.ClosedAt = now
	start, end := parent.HashStart, parent.HashEnd
	next := len(st.Shards)
	st.Shards = append(st.Shards,
		store.Shard{Index: next, Parent: idx, AdjacentParent: -1, HashStart: start, HashEnd: hashKeyAdd(key, -1), CreatedAt: now},
		store.Shard{Index: next + 1, Parent: idx, AdjacentParent: -1, HashStart: key, HashEnd: end, CreatedAt: now})
}

// mergePair closes shards a and b, whose ranges touch, and appends their
// child; it returns the child's index.
func mergePair(st *store.Stream, a, b int, now time.Time) int {
	sa, sb := shardAt(st, a), shardAt(st, b)
	sa.ClosedAt, sb.ClosedAt = now, now
	lo, hi := sa.HashStart, sb.HashEnd
	if compareHashKeys(sb.HashStart, sa.HashStart) < 0 {
		lo, hi = sb.HashStart, sa.HashEnd
	}
	next := len(st.Shards)
	st.Shards = append(st.Shards, store.Shard{Index: next, Parent: a, AdjacentParent: b, HashStart: lo, HashEnd: hi,
		CreatedAt: now})
	return next
}

// shardAt returns the shard with index i of st, which exists.
func shardAt(st *store.Stream, i int) *store.Shard {
	if i < len(st.Shards) && st.Shards[i].Index == i {
		return &st.Shards[i]
	}
	for k := range st.Shards {
		if st.Shards[k].Index == i {
			return &st.Shards[k]
		}
	}
	panic("stream: shard index out of range")
}

// MergeShards closes two adjacent open shards and opens one child that
// covers both ranges.
func (s *Service) MergeShards(ctx context.Context, ref StreamRef, shardToMerge, adjacentShardToMerge string) error {
	a, okA := parseShardID(shardToMerge)
	if !okA {
		return errShardNotFound(ref, shardToMerge)
	}
	b, okB := parseShardID(adjacentShardToMerge)
	if !okB {
		return errShardNotFound(ref, adjacentShardToMerge)
	}
	var closed []int
	_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := checkReshardable(v, "MergeShards"); err != nil {
			return err
		}
		for _, i := range []int{a, b} {
			sh := v.shard(i)
			if sh == nil {
				return errShardNotFound(ref, ShardID(i))
			}
			if !sh.ClosedAt.IsZero() {
				return errAlreadyResharded(ref, i)
			}
		}
		if a == b || !precedes(v.shard(a), v.shard(b)) {
			return errorf(ErrInvalidArgument, "Shards %s and %s in stream %s under account %s are not an adjacent "+
				"pair of shards eligible for merging", ShardID(a), ShardID(b), ref.Name, ref.Account)
		}
		closed = s.startReshard(v, &pendingReshard{Kind: reshardMerge, Shard: a, Adjacent: b}, now)
		return nil
	})
	s.notifyClosed(ref, closed)
	return err
}

// precedes reports whether shard y's range starts just after shard x's
// ends. AWS merges a ShardToMerge with the AdjacentShardToMerge that
// follows it, not one that comes before.
func precedes(x, y *store.Shard) bool {
	return x.HashEnd != maxHashKey && hashKeyAdd(x.HashEnd, 1) == y.HashStart
}

// UpdateShardCountResult is the output of UpdateShardCount.
type UpdateShardCountResult struct {
	Current int
	Target  int
}

// UpdateShardCount reshards a provisioned stream to target open shards of
// equal ranges, by splitting at the new boundaries and then merging the
// pieces of each new range; every intermediate shard keeps its lineage.
func (s *Service) UpdateShardCount(ctx context.Context, ref StreamRef, target int, scalingType string) (*UpdateShardCountResult, error) {
	if scalingType != ScalingTypeUniform {
		return nil, errorf(ErrInvalidArgument, "Invalid ScalingType %s.", scalingType)
	}
	v, err := s.load(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := s.checkGrowth(ctx, ref.Account, target-len(v.openShards())); err != nil {
		return nil, err
	}
	res := &UpdateShardCountResult{Target: target}
	var closed []int
	_, err = s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := checkReshardable(v, "UpdateShardCount"); err != nil {
			return err
		}
		current := len(v.openShards())
		res.Current = current
		if err := checkScaling(v, current, target, now); err != nil {
			return err
		}
		v.m.Scalings = append(recentScalings(v.m.Scalings, now), now)
		closed = s.startReshard(v, &pendingReshard{Kind: reshardScale, Target: target}, now)
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.notifyClosed(ref, closed)
	return res, nil
}

func recentScalings(times []time.Time, now time.Time) []time.Time {
	var recent []time.Time
	for _, t := range times {
		if now.Sub(t) < scalingsWindow {
			recent = append(recent, t)
		}
	}
	return recent
}

// checkScaling applies UpdateShardCount's rules: at most double, at least
// half, at most 10000 shards, at most 10 scalings a day.
func checkScaling(v *view, current, target int, now time.Time) error {
	ref := v.st.Ref
	switch {
	case target > 2*current:
		return errorf(ErrLimitExceeded, "UpdateShardCount cannot scale up over double your current open shard count. "+
			"Current open shard count: %d Target shard count: %d", current, target)
	case 2*target < current:
		return errorf(ErrLimitExceeded, "UpdateShardCount cannot scale down below half your current open shard count. "+
			"Current open shard count: %d Target shard count: %d", current, target)
	case target > maxShardsPerStream:
		return errorf(ErrLimitExceeded, "UpdateShardCount cannot scale up over %d shards per stream. Target shard count: %d",
			maxShardsPerStream, target)
	case len(recentScalings(v.m.Scalings, now)) >= scalingsPerDay:
		return errorf(ErrLimitExceeded, "Exceeded the limit of %d UpdateShardCount calls in a rolling 24-hour period "+
			"for stream %s under account %s.", scalingsPerDay, ref.Name, ref.Account)
	}
	return nil
}

// uniformScale reshapes the open shards of st into target equal ranges.
func uniformScale(st *store.Stream, target int, now time.Time) {
	for i := 1; i < target; i++ {
		b := evenBoundary(i, target)
		idx := openShardHolding(st, b)
		if shardAt(st, idx).HashStart != b {
			splitAt(st, idx, b, now)
		}
	}
	for _, r := range splitEvenly(target) {
		pieces := openShardsWithin(st, r[0], r[1])
		acc := pieces[0]
		for _, next := range pieces[1:] {
			acc = mergePair(st, acc, next, now)
		}
	}
}

// openShardHolding returns the index of the open shard whose range holds k.
func openShardHolding(st *store.Stream, k hashKey) int {
	for i := range st.Shards {
		sh := &st.Shards[i]
		if sh.ClosedAt.IsZero() && inRange(k, sh.HashStart, sh.HashEnd) {
			return sh.Index
		}
	}
	panic("stream: open shards do not cover the hash key space")
}

// openShardsWithin returns the indexes of the open shards inside [lo, hi],
// in hash key order.
func openShardsWithin(st *store.Stream, lo, hi hashKey) []int {
	var in []*store.Shard
	for i := range st.Shards {
		sh := &st.Shards[i]
		if sh.ClosedAt.IsZero() && inRange(sh.HashStart, lo, hi) {
			in = append(in, sh)
		}
	}
	sort.Slice(in, func(i, j int) bool { return compareHashKeys(in[i].HashStart, in[j].HashStart) < 0 })
	idx := make([]int, len(in))
	for i, sh := range in {
		idx[i] = sh.Index
	}
	return idx
}

// UpdateStreamMode switches a stream between provisioned and on-demand
// capacity.
func (s *Service) UpdateStreamMode(ctx context.Context, ref StreamRef, mode string, warmThroughput *int) error {
	if mode == ModeOnDemand {
		u, err := s.accountUsage(ctx, ref.Account)
		if err != nil {
			return err
		}
		if u.onDemandStreams+1 > s.opts.OnDemandStreamLimit {
			return errorf(ErrLimitExceeded, "This request would exceed the on-demand stream count limit for the "+
				"account %s in %s. Current on-demand stream count: %d. Limit: %d.",
				ref.Account, s.region, u.onDemandStreams, s.opts.OnDemandStreamLimit)
		}
	}
	_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := requireActive(v); err != nil {
			return err
		}
		if v.m.Mode == mode {
			return errorf(ErrInvalidArgument, "Stream %s under account %s is already in %s mode.", ref.Name, ref.Account, mode)
		}
		v.m.Mode = mode
		if warmThroughput != nil {
			v.m.WarmThroughput = *warmThroughput
		}
		v.m.setStatus(StatusUpdating, now, s.opts.UpdateDelay)
		return nil
	})
	return err
}
