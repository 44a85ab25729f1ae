package stream

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Coordinator hands a consumer group's shards to its members and keeps
// their checkpoints. One Coordinator serves one group of one stream.
// GroupCoordinator speaks sluice's server-side group API;
// MemoryCoordinator keeps everything in the process.
type Coordinator interface {
	// Join adds the member to the group (creating the group if need be)
	// and returns its assignment.
	Join(ctx context.Context, member string) (*Assignment, error)
	// Heartbeat renews the member's leases and returns its assignment;
	// ErrMemberNotFound means it must join again.
	Heartbeat(ctx context.Context, member string) (*Assignment, error)
	// Checkpoint records how far the member processed a shard;
	// ErrLeaseLost means it must stop processing it.
	Checkpoint(ctx context.Context, cp Checkpoint) error
	// Leave takes the member out of the group, releasing its leases.
	Leave(ctx context.Context, member string) error
}

// Assignment is what a member should be doing.
type Assignment struct {
	// Leases are the shards to process.
	Leases []Lease
	// Revoked are shards the member holds but should give up: stop,
	// checkpoint, release.
	Revoked []Lease
	// LeaseDuration is how long leases last without a heartbeat;
	// HeartbeatInterval is how often to heartbeat.
	LeaseDuration, HeartbeatInterval time.Duration
}

// Lease is one shard a member holds.
type Lease struct {
	ShardID string
	// Epoch changes whenever the lease changes hands; checkpoints carry
	// it.
	Epoch          int64
	ParentShardIDs []string
	// Start is where to read from when the member takes the shard up.
	Start ShardPosition
}

// ShardPosition is where to start reading a shard: an iterator type
// (TRIM_HORIZON, LATEST, AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP) and its
// argument.
type ShardPosition struct {
	Type           types.ShardIteratorType
	SequenceNumber string
	Timestamp      time.Time
}

// Checkpoint is a member's progress in a shard.
type Checkpoint struct {
	Member  string
	ShardID string
	Epoch   int64
	// SequenceNumber is the last record processed; empty keeps the
	// checkpoint (with ShardEnd or Release).
	SequenceNumber string
	// ShardEnd says the shard was read to its end.
	ShardEnd bool
	// Release gives the lease up.
	Release bool
}

// StartPosition is where a new group starts reading.
type StartPosition struct {
	// Type is TRIM_HORIZON, LATEST or AT_TIMESTAMP.
	Type      types.ShardIteratorType
	Timestamp time.Time
}

// TrimHorizon starts a new group at the oldest record of every shard.
func TrimHorizon() StartPosition { return StartPosition{Type: types.ShardIteratorTypeTrimHorizon} }

// Latest starts a new group after the records already in the stream.
func Latest() StartPosition { return StartPosition{Type: types.ShardIteratorTypeLatest} }

// AtTimestamp starts a new group at the first record that arrived at or
// after t.
func AtTimestamp(t time.Time) StartPosition {
	return StartPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: t}
}

// GroupCoordinator is the Coordinator of a server-side consumer group of
// sluice: leases, rebalancing, fencing and durable checkpoints are the
// server's, so members in any number of processes share the group.
type GroupCoordinator struct {
	client *GroupClient
	stream string
	group  string
	start  StartPosition
}

var _ Coordinator = (*GroupCoordinator)(nil)

// NewGroupCoordinator returns the coordinator of group of stream (a name
// or an ARN). start is where the group begins when a join creates it.
func NewGroupCoordinator(client *GroupClient, stream, group string, start StartPosition) *GroupCoordinator {
	return &GroupCoordinator{client: client, stream: stream, group: group, start: start}
}

// streamNames returns the StreamName and StreamARN members for the
// coordinator's stream.
func (g *GroupCoordinator) streamNames() (name, arn string) {
	if len(g.stream) > 4 && g.stream[:4] == "arn:" {
		return "", g.stream
	}
	return g.stream, ""
}

// Join joins the group.
func (g *GroupCoordinator) Join(ctx context.Context, member string) (*Assignment, error) {
	name, arn := g.streamNames()
	in := &JoinGroupInput{StreamName: name, StreamARN: arn, GroupName: g.group, MemberID: member,
		StartingPosition: &StartingPosition{Type: string(g.start.Type)}}
	if g.start.Type == types.ShardIteratorTypeAtTimestamp {
		ts := Timestamp(g.start.Timestamp)
		in.StartingPosition.Timestamp = &ts
	}
	out, err := g.client.JoinGroup(ctx, in)
	if err != nil {
		return nil, err
	}
	return fromWire(out), nil
}

// Heartbeat renews the member's leases.
func (g *GroupCoordinator) Heartbeat(ctx context.Context, member string) (*Assignment, error) {
	name, arn := g.streamNames()
	out, err := g.client.Heartbeat(ctx, &MemberInput{StreamName: name, StreamARN: arn, GroupName: g.group, MemberID: member})
	if err != nil {
		return nil, err
	}
	return fromWire(out), nil
}

// Checkpoint stores a checkpoint on the server.
func (g *GroupCoordinator) Checkpoint(ctx context.Context, cp Checkpoint) error {
	name, arn := g.streamNames()
	return g.client.Checkpoint(ctx, &CheckpointInput{StreamName: name, StreamARN: arn, GroupName: g.group,
		MemberID: cp.Member, ShardID: cp.ShardID, LeaseEpoch: cp.Epoch, SequenceNumber: cp.SequenceNumber,
		ShardEnd: cp.ShardEnd, Release: cp.Release})
}

// Leave leaves the group.
func (g *GroupCoordinator) Leave(ctx context.Context, member string) error {
	name, arn := g.streamNames()
	return g.client.LeaveGroup(ctx, &MemberInput{StreamName: name, StreamARN: arn, GroupName: g.group, MemberID: member})
}

func fromWire(w *WireAssignment) *Assignment {
	a := &Assignment{LeaseDuration: time.Duration(w.LeaseDurationMillis) * time.Millisecond,
		HeartbeatInterval: time.Duration(w.HeartbeatIntervalMillis) * time.Millisecond}
	for _, l := range w.Leases {
		a.Leases = append(a.Leases, leaseFromWire(l))
	}
	for _, l := range w.Revoked {
		a.Revoked = append(a.Revoked, leaseFromWire(l))
	}
	return a
}

func leaseFromWire(l WireLease) Lease {
	p := ShardPosition{Type: types.ShardIteratorType(l.StartingPosition.Type),
		SequenceNumber: l.StartingPosition.SequenceNumber}
	if l.StartingPosition.Timestamp != nil {
		p.Timestamp = l.StartingPosition.Timestamp.Time()
	}
	return Lease{ShardID: l.ShardID, Epoch: l.LeaseEpoch, ParentShardIDs: l.ParentShardIDs, Start: p}
}
