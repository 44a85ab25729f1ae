package streamgroupapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/streamgroup"
)

// CheckpointInput is the input of Checkpoint.
type CheckpointInput struct {
	StreamName *string `json:"StreamName,omitempty"`
	StreamARN  *string `json:"StreamARN,omitempty"`
	GroupName  *string `json:"GroupName"`
	MemberID   *string `json:"MemberId"`
	ShardID    *string `json:"ShardId"`
	// LeaseEpoch is the epoch of the member's lease of the shard, as its
	// assignment gave it.
	LeaseEpoch *int64 `json:"LeaseEpoch"`
	// SequenceNumber is the last record processed. It may be left out
	// with ShardEnd or Release.
	SequenceNumber *string `json:"SequenceNumber,omitempty"`
	// ShardEnd says the (closed) shard was read to its end.
	ShardEnd bool `json:"ShardEnd,omitempty"`
	// Release gives the lease up after checkpointing.
	Release bool `json:"Release,omitempty"`
}

// CheckpointOutput is the (empty) output of Checkpoint.
type CheckpointOutput struct{}

// Checkpoint records durably how far a member has processed a shard.
func (a *API) Checkpoint(ctx context.Context, in *CheckpointInput) (*CheckpointOutput, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	v.group(in.GroupName)
	v.member(in.MemberID, false)
	v.required("shardId", in.ShardID != nil)
	v.str("shardId", in.ShardID, namePattern, namePatternText, 1, 128)
	v.required("leaseEpoch", in.LeaseEpoch != nil)
	v.str("sequenceNumber", in.SequenceNumber, seqNumPattern, seqNumPatternText, 1, 129)
	if in.SequenceNumber == nil && !in.ShardEnd && !in.Release {
		v.required("sequenceNumber", false)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.groupRef(ctx, in.StreamName, in.StreamARN, in.GroupName)
	if err != nil {
		return nil, err
	}
	err = a.groups.Checkpoint(ctx, &streamgroup.CheckpointParams{Group: ref, Member: *in.MemberID,
		ShardID: *in.ShardID, Epoch: *in.LeaseEpoch, SequenceNumber: val(in.SequenceNumber),
		ShardEnd: in.ShardEnd, Release: in.Release})
	if err != nil {
		return nil, err
	}
	return &CheckpointOutput{}, nil
}
