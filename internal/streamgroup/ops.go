package streamgroup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/stream"
)

// Position types of a lease's starting position.
const (
	PositionAfterSequenceNumber = "AFTER_SEQUENCE_NUMBER"
	PositionTrimHorizon         = "TRIM_HORIZON"
	PositionAtTimestamp         = "AT_TIMESTAMP"
)

// Position is where a member starts reading a shard it was given: a
// GetShardIterator type with its argument.
type Position struct {
	Type           string
	SequenceNumber string
	Timestamp      time.Time
}

// Lease is a shard a member holds.
type Lease struct {
	ShardID        string
	Epoch          int64
	ParentShardIDs []string
	// Start is where to start reading when the member takes the shard up:
	// after the group's checkpoint, or the group's start position.
	Start Position
}

// Assignment is what a member should be doing.
type Assignment struct {
	Member string
	// Leases are the shards to process.
	Leases []Lease
	// Revoked are shards the member holds but is asked to give up: it
	// should stop processing them, checkpoint and release them.
	Revoked []Lease
	// LeaseDuration is how long leases last without a heartbeat;
	// HeartbeatInterval how often to heartbeat.
	LeaseDuration, HeartbeatInterval time.Duration
}

// JoinParams are the inputs of Join.
type JoinParams struct {
	Group GroupRef
	// Member names the member; empty picks a new random id.
	Member string
	// Start is where a group this join creates starts; ignored when the
	// group exists.
	Start StartPosition
}

// Join adds a member to a group, creating the group when it does not
// exist, and returns the member's assignment. Joining again under the same
// id renews the member.
func (s *Service) Join(ctx context.Context, p *JoinParams) (*Assignment, error) {
	if err := s.checkStart(p.Start); err != nil {
		return nil, err
	}
	ss, err := s.open(ctx, p.Group, &p.Start)
	if err != nil {
		return nil, err
	}
	defer ss.close()
	id := p.Member
	if id == "" {
		id = newMemberID()
	}
	g := ss.g
	if m := g.members[id]; m != nil {
		m.seen = ss.now
	} else {
		if len(g.members) >= s.opts.MemberLimit {
			return nil, errorf(ErrLimitExceeded, "Group %s already has %d members, the most it may have.",
				g.ref.Name, s.opts.MemberLimit)
		}
		g.members[id] = &member{id: id, joined: ss.now, seen: ss.now}
	}
	if err := s.rebalance(ctx, ss); err != nil {
		return nil, err
	}
	return s.assignment(ss, id), nil
}

// checkStart refuses start positions that make no sense.
func (s *Service) checkStart(p StartPosition) error {
	switch p.Type {
	case StartTrimHorizon, StartLatest:
		return nil
	case StartAtTimestamp:
		if now := s.clock.Now(); p.Timestamp.After(now) {
			return errorf(ErrInvalidArgument, "The start timestamp %d cannot be later than the current time %d.",
				p.Timestamp.UnixMilli(), now.UnixMilli())
		}
		return nil
	}
	return errorf(ErrInvalidArgument, "Invalid start position type %s: use TRIM_HORIZON, LATEST or AT_TIMESTAMP.", p.Type)
}

func newMemberID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "member-" + hex.EncodeToString(b)
}

// Heartbeat renews a member's leases and returns its assignment.
func (s *Service) Heartbeat(ctx context.Context, ref GroupRef, member string) (*Assignment, error) {
	ss, err := s.open(ctx, ref, nil)
	if err != nil {
		return nil, err
	}
	defer ss.close()
	m := ss.g.members[member]
	if m == nil {
		return nil, errMemberNotFound(ref, member)
	}
	m.seen = ss.now
	if err := s.rebalance(ctx, ss); err != nil {
		return nil, err
	}
	return s.assignment(ss, member), nil
}

// Leave takes a member out of its group, freeing its leases. Leaving
// twice, or after expiry, does nothing.
func (s *Service) Leave(ctx context.Context, ref GroupRef, member string) error {
	ss, err := s.open(ctx, ref, nil)
	if err != nil {
		return err
	}
	defer ss.close()
	if ss.g.members[member] == nil {
		return nil
	}
	ss.g.removeMember(member)
	return s.rebalance(ctx, ss)
}

// assignment is a member's view of its leases.
func (s *Service) assignment(ss *session, member string) *Assignment {
	a := &Assignment{Member: member, LeaseDuration: s.LeaseDuration(), HeartbeatInterval: s.HeartbeatInterval()}
	for _, l := range ss.g.heldBy(member) {
		out := Lease{ShardID: l.shard, Epoch: l.epoch, Start: ss.g.startOf(l.shard)}
		for _, sh := range ss.lineage.Shards {
			if sh.ShardID == l.shard {
				out.ParentShardIDs = sh.ParentShardIDs
			}
		}
		if l.handoffTo != "" {
			a.Revoked = append(a.Revoked, out)
		} else {
			a.Leases = append(a.Leases, out)
		}
	}
	return a
}

// startOf is where the group resumes a shard.
func (g *group) startOf(shardID string) Position {
	if cp := g.checkpoint(shardID); cp != nil && cp.SequenceNumber != "" {
		return Position{Type: PositionAfterSequenceNumber, SequenceNumber: cp.SequenceNumber}
	}
	if start := g.meta.start(); start.Type == StartAtTimestamp {
		return Position{Type: PositionAtTimestamp, Timestamp: start.Timestamp}
	}
	return Position{Type: PositionTrimHorizon}
}

// CheckpointParams are the inputs of Checkpoint.
type CheckpointParams struct {
	Group   GroupRef
	Member  string
	ShardID string
	// Epoch is the epoch of the member's lease of the shard.
	Epoch int64
	// SequenceNumber is the last record processed; empty to leave the
	// checkpoint as it is (with Release or ShardEnd).
	SequenceNumber string
	// ShardEnd says the shard (closed) was read to its end: it is
	// finished and its lease ends.
	ShardEnd bool
	// Release gives the lease up after checkpointing.
	Release bool
}

// Checkpoint records how far a member has processed a shard, durably,
// once the member proves it holds the shard's lease at that epoch.
// Checkpoints never move back; a shard already finished takes any
// checkpoint as a no-op.
func (s *Service) Checkpoint(ctx context.Context, p *CheckpointParams) error {
	ss, err := s.open(ctx, p.Group, nil)
	if err != nil {
		return err
	}
	defer ss.close()
	g := ss.g
	m := g.members[p.Member]
	if m == nil {
		return errMemberNotFound(p.Group, p.Member)
	}
	m.seen = ss.now
	sh := ss.shard(p.ShardID)
	if sh == nil {
		return errorf(stream.ErrResourceNotFound, "Could not find shard %s in stream %s under account %s.",
			p.ShardID, p.Group.Stream.Name, p.Group.Stream.Account)
	}
	if cp := g.checkpoint(p.ShardID); cp != nil && cp.Finished {
		return nil
	}
	l := g.leases[p.ShardID]
	if l == nil || l.owner != p.Member || l.epoch != p.Epoch {
		return errLeaseLost(p, l)
	}
	if err := s.checkProgress(ctx, ss, sh, p); err != nil {
		return err
	}
	if p.SequenceNumber != "" || p.ShardEnd {
		idx, _ := shardIndex(p.ShardID)
		cp := store.Checkpoint{Shard: idx, SequenceNumber: p.SequenceNumber, Finished: p.ShardEnd}
		err := s.update(ctx, g, func(rec *store.Group, _ *groupMeta) error {
			setCheckpoint(rec, cp, true)
			return nil
		})
		if err != nil {
			return err
		}
	}
	if !p.ShardEnd && !p.Release {
		return nil
	}
	l.release()
	return s.rebalance(ctx, ss)
}

// shard returns a live shard of the session's stream, nil when none.
func (ss *session) shard(id string) *stream.ShardLineage {
	for i := range ss.lineage.Shards {
		if ss.lineage.Shards[i].ShardID == id {
			return &ss.lineage.Shards[i]
		}
	}
	return nil
}

// checkProgress refuses a checkpoint that names a sequence number of
// another shard or stream, moves back, lies past the shard's newest
// record, or ends a shard that is still open.
func (s *Service) checkProgress(ctx context.Context, ss *session, sh *stream.ShardLineage, p *CheckpointParams) error {
	ref := p.Group.Stream
	if p.ShardEnd && sh.Open() {
		return errorf(ErrInvalidArgument, "Shard %s in stream %s under account %s is open: it has no end to checkpoint.",
			p.ShardID, ref.Name, ref.Account)
	}
	if p.SequenceNumber == "" {
		return nil
	}
	ord, err := s.streams.SequenceOrdinal(ctx, ref, p.ShardID, p.SequenceNumber)
	if errors.Is(err, stream.ErrInvalidArgument) {
		return errorf(ErrInvalidArgument, "SequenceNumber %s is not a sequence number of shard %s in stream %s under account %s.",
			p.SequenceNumber, p.ShardID, ref.Name, ref.Account)
	}
	if err != nil {
		return err
	}
	if cur := ss.g.checkpoint(p.ShardID); cur != nil && cur.SequenceNumber != "" {
		prev, err := s.streams.SequenceOrdinal(ctx, ref, p.ShardID, cur.SequenceNumber)
		if err != nil {
			return err
		}
		if ord < prev {
			return errorf(ErrInvalidArgument, "SequenceNumber %s of shard %s comes before the group's checkpoint %s: "+
				"checkpoints never move back (reset the group to read again).", p.SequenceNumber, p.ShardID, cur.SequenceNumber)
		}
	}
	left, err := s.streams.Backlog(ctx, ref, p.ShardID, ord)
	if err != nil {
		return err
	}
	if ord > left.LastOrdinal {
		return errorf(ErrInvalidArgument, "SequenceNumber %s of shard %s lies past the shard's newest record.",
			p.SequenceNumber, p.ShardID)
	}
	return nil
}

// errLeaseLost explains why a checkpoint's lease is not the member's.
func errLeaseLost(p *CheckpointParams, l *lease) error {
	where := "in group " + p.Group.Name
	switch {
	case l == nil || l.owner == "":
		return errorf(ErrLeaseLost, "Member %s does not hold the lease of shard %s %s (it is not leased now): "+
			"stop processing the shard.", p.Member, p.ShardID, where)
	case l.owner != p.Member:
		return errorf(ErrLeaseLost, "The lease of shard %s %s is held by member %s at epoch %d, not by member %s: "+
			"stop processing the shard.", p.ShardID, where, l.owner, l.epoch, p.Member)
	default:
		return errorf(ErrLeaseLost, "The lease of shard %s %s is at epoch %d; the checkpoint carries the stale epoch %d: "+
			"stop processing the shard.", p.ShardID, where, l.epoch, p.Epoch)
	}
}
