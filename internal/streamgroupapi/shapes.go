package streamgroupapi

import (
	"github.com/sluicemq/sluice/internal/kinesisapi"
	"github.com/sluicemq/sluice/internal/streamgroup"
)

// Timestamp is an AWS timestamp, written as Kinesis writes it: epoch
// seconds with a millisecond fraction.
type Timestamp = kinesisapi.Timestamp

// StartingPosition is where a group starts reading: TRIM_HORIZON, LATEST,
// or AT_TIMESTAMP with a Timestamp.
type StartingPosition struct {
	Type      *string    `json:"Type"`
	Timestamp *Timestamp `json:"Timestamp,omitempty"`
}

// check validates a starting position member; nil is allowed.
func (p *StartingPosition) check(v *validator, member string) {
	if p == nil {
		return
	}
	v.required(member+".type", p.Type != nil)
	v.enum(member+".type", p.Type, startTypes...)
	if p.Type != nil && *p.Type == streamgroup.StartAtTimestamp && p.Timestamp == nil {
		v.required(member+".timestamp", false)
	}
}

// start is the domain form of p, LATEST when p is nil.
func (p *StartingPosition) start() streamgroup.StartPosition {
	if p == nil || p.Type == nil {
		return streamgroup.StartPosition{Type: streamgroup.StartLatest}
	}
	out := streamgroup.StartPosition{Type: *p.Type}
	if p.Timestamp != nil && *p.Type == streamgroup.StartAtTimestamp {
		out.Timestamp = p.Timestamp.Time()
	}
	return out
}

func toStartingPosition(p streamgroup.StartPosition) Position {
	out := Position{Type: p.Type}
	if p.Type == streamgroup.StartAtTimestamp {
		out.Timestamp = kinesisapi.NewTimestamp(p.Timestamp)
	}
	return out
}

// Position is where to read from: a GetShardIterator type with its
// argument (SequenceNumber for AFTER_SEQUENCE_NUMBER, Timestamp for
// AT_TIMESTAMP).
type Position struct {
	Type           string     `json:"Type"`
	SequenceNumber string     `json:"SequenceNumber,omitempty"`
	Timestamp      *Timestamp `json:"Timestamp,omitempty"`
}

// Lease is a shard a member holds: the epoch to checkpoint with and where
// to start reading when taking the shard up.
type Lease struct {
	ShardID          string   `json:"ShardId"`
	LeaseEpoch       int64    `json:"LeaseEpoch"`
	ParentShardIDs   []string `json:"ParentShardIds,omitempty"`
	StartingPosition Position `json:"StartingPosition"`
}

// Assignment is the answer to JoinGroup and Heartbeat: what the member
// should process (Leases), what it should stop, checkpoint and release
// (Revoked), and how often to heartbeat.
type Assignment struct {
	MemberID                string  `json:"MemberId"`
	LeaseDurationMillis     int64   `json:"LeaseDurationMillis"`
	HeartbeatIntervalMillis int64   `json:"HeartbeatIntervalMillis"`
	Leases                  []Lease `json:"Leases"`
	Revoked                 []Lease `json:"Revoked"`
}

func toAssignment(a *streamgroup.Assignment) *Assignment {
	out := &Assignment{MemberID: a.Member, LeaseDurationMillis: a.LeaseDuration.Milliseconds(),
		HeartbeatIntervalMillis: a.HeartbeatInterval.Milliseconds(),
		Leases:                  toLeases(a.Leases), Revoked: toLeases(a.Revoked)}
	return out
}

func toLeases(in []streamgroup.Lease) []Lease {
	out := make([]Lease, 0, len(in))
	for _, l := range in {
		p := Position{Type: l.Start.Type, SequenceNumber: l.Start.SequenceNumber}
		if l.Start.Type == streamgroup.PositionAtTimestamp {
			p.Timestamp = kinesisapi.NewTimestamp(l.Start.Timestamp)
		}
		out = append(out, Lease{ShardID: l.ShardID, LeaseEpoch: l.Epoch, ParentShardIDs: l.ParentShardIDs,
			StartingPosition: p})
	}
	return out
}
