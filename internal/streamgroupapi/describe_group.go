package streamgroupapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/streamgroup"
)

// GroupInput names a group: the input of DescribeGroup and DeleteGroup.
type GroupInput struct {
	StreamName *string `json:"StreamName,omitempty"`
	StreamARN  *string `json:"StreamARN,omitempty"`
	GroupName  *string `json:"GroupName"`
}

// DescribeGroupOutput is the output of DescribeGroup.
type DescribeGroupOutput struct {
	GroupName           string        `json:"GroupName"`
	StreamARN           string        `json:"StreamARN"`
	CreationTimestamp   Timestamp     `json:"CreationTimestamp"`
	StartingPosition    Position      `json:"StartingPosition"`
	LeaseDurationMillis int64         `json:"LeaseDurationMillis"`
	Members             []Member      `json:"Members"`
	Shards              []ShardStatus `json:"Shards"`
}

// Member is a member of a group.
type Member struct {
	MemberID               string    `json:"MemberId"`
	JoinedTimestamp        Timestamp `json:"JoinedTimestamp"`
	LastHeartbeatTimestamp Timestamp `json:"LastHeartbeatTimestamp"`
	LeaseExpiryTimestamp   Timestamp `json:"LeaseExpiryTimestamp"`
	ShardIDs               []string  `json:"ShardIds"`
}

// ShardStatus is one live shard as the group sees it: OPEN or CLOSED, its
// state in the group (LEASED, UNLEASED, WAITING for a parent, FINISHED),
// its lease, the group's checkpoint and how far behind the group is.
type ShardStatus struct {
	ShardID             string   `json:"ShardId"`
	ParentShardIDs      []string `json:"ParentShardIds,omitempty"`
	ShardState          string   `json:"ShardState"`
	State               string   `json:"State"`
	Owner               string   `json:"Owner,omitempty"`
	LeaseEpoch          int64    `json:"LeaseEpoch,omitempty"`
	HandoffTo           string   `json:"HandoffTo,omitempty"`
	Checkpoint          string   `json:"Checkpoint,omitempty"`
	RecordsBehindLatest uint64   `json:"RecordsBehindLatest"`
	MillisBehindLatest  int64    `json:"MillisBehindLatest"`
}

// DescribeGroup returns a group's members, assignments, checkpoints and
// lag per shard.
func (a *API) DescribeGroup(ctx context.Context, in *GroupInput) (*DescribeGroupOutput, error) {
	ref, err := a.group(ctx, in)
	if err != nil {
		return nil, err
	}
	d, err := a.groups.Describe(ctx, ref)
	if err != nil {
		return nil, err
	}
	out := &DescribeGroupOutput{GroupName: ref.Name, StreamARN: a.streams.StreamARN(ref.Stream),
		CreationTimestamp: Timestamp(d.CreatedAt), StartingPosition: toStartingPosition(d.Start),
		LeaseDurationMillis: d.LeaseDuration.Milliseconds(), Members: []Member{}, Shards: []ShardStatus{}}
	for _, m := range d.Members {
		out.Members = append(out.Members, Member{MemberID: m.ID, JoinedTimestamp: Timestamp(m.JoinedAt),
			LastHeartbeatTimestamp: Timestamp(m.LastHeartbeat), LeaseExpiryTimestamp: Timestamp(m.ExpiresAt),
			ShardIDs: nonNil(m.ShardIDs)})
	}
	for _, s := range d.Shards {
		out.Shards = append(out.Shards, toShardStatus(s))
	}
	return out, nil
}

func toShardStatus(s streamgroup.ShardStatus) ShardStatus {
	state := "OPEN"
	if !s.Open {
		state = "CLOSED"
	}
	return ShardStatus{ShardID: s.ShardID, ParentShardIDs: s.ParentShardIDs, ShardState: state,
		State: s.State, Owner: s.Owner, LeaseEpoch: s.Epoch, HandoffTo: s.HandoffTo, Checkpoint: s.Checkpoint,
		RecordsBehindLatest: s.RecordsBehind, MillisBehindLatest: s.MillisBehind}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// DeleteGroupOutput is the (empty) output of DeleteGroup.
type DeleteGroupOutput struct{}

// DeleteGroup removes a group and its checkpoints.
func (a *API) DeleteGroup(ctx context.Context, in *GroupInput) (*DeleteGroupOutput, error) {
	ref, err := a.group(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := a.groups.Delete(ctx, ref); err != nil {
		return nil, err
	}
	return &DeleteGroupOutput{}, nil
}

// group checks a GroupInput and resolves its group.
func (a *API) group(ctx context.Context, in *GroupInput) (groupRef, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	v.group(in.GroupName)
	if err := v.err(); err != nil {
		return groupRef{}, err
	}
	return a.groupRef(ctx, in.StreamName, in.StreamARN, in.GroupName)
}
