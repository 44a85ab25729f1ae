package streamgroup

import (
	"context"
	"errors"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Shard states in a group's description.
const (
	// ShardLeased: a member holds the shard's lease.
	ShardLeased = "LEASED"
	// ShardUnleased: the shard may be read but no member holds it (the
	// group has no members).
	ShardUnleased = "UNLEASED"
	// ShardWaiting: a parent of the shard is not finished yet.
	ShardWaiting = "WAITING"
	// ShardFinished: the group has read the shard to its end.
	ShardFinished = "FINISHED"
)

// GroupDescription is a group with its members, leases and progress.
type GroupDescription struct {
	Group         GroupRef
	CreatedAt     time.Time
	Start         StartPosition
	LeaseDuration time.Duration
	Members       []MemberInfo
	Shards        []ShardStatus
}

// MemberInfo is a member of a group.
type MemberInfo struct {
	ID            string
	JoinedAt      time.Time
	LastHeartbeat time.Time
	// ExpiresAt is when its leases end unless it is heard from again.
	ExpiresAt time.Time
	// ShardIDs are the shards it holds.
	ShardIDs []string
}

// ShardStatus is a live shard as a group sees it.
type ShardStatus struct {
	ShardID        string
	ParentShardIDs []string
	Open           bool
	// State is ShardLeased, ShardUnleased, ShardWaiting or ShardFinished.
	State string
	// Owner and Epoch describe the lease when State is ShardLeased;
	// HandoffTo names the member it is being handed to, if any.
	Owner     string
	Epoch     int64
	HandoffTo string
	// Checkpoint is the sequence number of the last record the group
	// processed, empty when none.
	Checkpoint string
	Lag
}

// Lag is how far a group is behind in a shard.
type Lag struct {
	// RecordsBehind counts the records after the checkpoint (all the
	// shard's stored records when there is none; 0 when finished).
	RecordsBehind uint64
	// MillisBehind is the age of the oldest of them, 0 when there is none
	// (as the MillisBehindLatest of GetRecords).
	MillisBehind int64
}

// Describe returns a group's members, leases, checkpoints and lag per
// shard.
func (s *Service) Describe(ctx context.Context, ref GroupRef) (*GroupDescription, error) {
	ss, err := s.open(ctx, ref, nil)
	if err != nil {
		return nil, err
	}
	defer ss.close()
	states, err := s.rebalanced(ctx, ss)
	if err != nil {
		return nil, err
	}
	g := ss.g
	d := &GroupDescription{Group: ref, CreatedAt: g.rec.CreatedAt, Start: g.meta.start(), LeaseDuration: s.opts.LeaseDuration}
	for _, id := range g.memberIDs() {
		m := g.members[id]
		info := MemberInfo{ID: id, JoinedAt: m.joined, LastHeartbeat: m.seen, ExpiresAt: m.seen.Add(s.opts.LeaseDuration)}
		for _, l := range g.heldBy(id) {
			info.ShardIDs = append(info.ShardIDs, l.shard)
		}
		d.Members = append(d.Members, info)
	}
	for i := range states {
		st, err := s.shardStatus(ctx, ss, &states[i])
		if err != nil {
			return nil, err
		}
		d.Shards = append(d.Shards, st)
	}
	return d, nil
}

// shardStatus describes one shard of a session's group.
func (s *Service) shardStatus(ctx context.Context, ss *session, st *shardState) (ShardStatus, error) {
	out := ShardStatus{ShardID: st.ShardID, ParentShardIDs: st.ParentShardIDs, Open: st.Open()}
	cp := ss.g.checkpoint(st.ShardID)
	if cp != nil {
		out.Checkpoint = cp.SequenceNumber
	}
	switch l := ss.g.leases[st.ShardID]; {
	case st.finished:
		out.State = ShardFinished
		return out, nil
	case st.waiting:
		out.State = ShardWaiting
	case l != nil && l.owner != "":
		out.State, out.Owner, out.Epoch, out.HandoffTo = ShardLeased, l.owner, l.epoch, l.handoffTo
	default:
		out.State = ShardUnleased
	}
	lag, err := s.lag(ctx, ss, st.ShardID, cp)
	out.Lag = lag
	return out, err
}

// lag measures how far behind a group is in a shard.
func (s *Service) lag(ctx context.Context, ss *session, shardID string, cp *store.Checkpoint) (Lag, error) {
	left, err := s.backlog(ctx, ss, shardID, cp)
	if err != nil {
		return Lag{}, err
	}
	out := Lag{RecordsBehind: left.Records}
	if left.Records > 0 {
		out.MillisBehind = max(0, ss.now.Sub(left.NextArrival).Milliseconds())
	}
	return out, nil
}

// GroupSummary is one group of ListGroups.
type GroupSummary struct {
	Name      string
	CreatedAt time.Time
	Start     StartPosition
	// Members counts the members heard from within the lease duration.
	Members int
}

// List returns the groups of a stream in name order.
func (s *Service) List(ctx context.Context, ref StreamRef) ([]GroupSummary, error) {
	if _, err := s.streams.Lineage(ctx, ref); err != nil {
		return nil, err
	}
	recs, err := s.store.GroupList(ctx, ref)
	if err != nil {
		return nil, fromStore(err, GroupRef{Stream: ref})
	}
	out := make([]GroupSummary, 0, len(recs))
	for _, rec := range recs {
		m, err := decodeMeta(rec.Meta)
		if err != nil {
			return nil, err
		}
		out = append(out, GroupSummary{Name: rec.Ref.Name, CreatedAt: rec.CreatedAt, Start: m.start(),
			Members: s.liveMembers(rec.Ref)})
	}
	return out, nil
}

// liveMembers counts a group's members heard from within the lease
// duration.
func (s *Service) liveMembers(ref GroupRef) int {
	s.mu.Lock()
	g := s.groups[ref]
	s.mu.Unlock()
	if g == nil {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	now, n := s.clock.Now(), 0
	for _, m := range g.members {
		if now.Before(m.seen.Add(s.opts.LeaseDuration)) {
			n++
		}
	}
	return n
}

// Reset makes a group read again from start: its checkpoints are replaced
// and every lease gets a new epoch, so checkpoints of work under way are
// refused and members restart their shards from the new positions.
func (s *Service) Reset(ctx context.Context, ref GroupRef, start StartPosition) error {
	if err := s.checkStart(start); err != nil {
		return err
	}
	ss, err := s.open(ctx, ref, nil)
	if err != nil {
		return err
	}
	defer ss.close()
	cps, err := s.startCheckpoints(ctx, ss.lineage, start)
	if err != nil {
		return err
	}
	err = s.update(ctx, ss.g, func(rec *store.Group, m *groupMeta) error {
		rec.Checkpoints = cps
		m.setStart(start)
		return nil
	})
	if err != nil {
		return err
	}
	for _, l := range ss.g.leases {
		if l.epoch, err = s.nextEpoch(ctx, ss.g); err != nil {
			return err
		}
	}
	return s.rebalance(ctx, ss)
}

// Delete removes a group; its members' next requests fail with
// ErrGroupNotFound.
func (s *Service) Delete(ctx context.Context, ref GroupRef) error {
	ss, err := s.open(ctx, ref, nil)
	if err != nil {
		return err
	}
	defer ss.close()
	if err := s.store.GroupDelete(ctx, ref); err != nil && !errors.Is(err, store.ErrGroupNotFound) {
		return fromStore(err, ref)
	}
	s.drop(ss.g)
	return nil
}
