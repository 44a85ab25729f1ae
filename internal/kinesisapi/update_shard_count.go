package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// UpdateShardCountInput is the input of UpdateShardCount.
type UpdateShardCountInput struct {
	StreamName       *string `json:"StreamName,omitempty"`
	TargetShardCount *int    `json:"TargetShardCount"`
	ScalingType      *string `json:"ScalingType"`
	StreamARN        *string `json:"StreamARN,omitempty"`
	StreamID         string  `json:"StreamId,omitempty"`
}

// UpdateShardCountOutput is the output of UpdateShardCount.
type UpdateShardCountOutput struct {
	StreamName        string `json:"StreamName,omitempty"`
	CurrentShardCount *int   `json:"CurrentShardCount,omitempty"`
	TargetShardCount  *int   `json:"TargetShardCount,omitempty"`
	StreamARN         string `json:"StreamARN,omitempty"`
}

// UpdateShardCount reshards a provisioned stream to a number of equal
// shards.
func (a *API) UpdateShardCount(ctx context.Context, in *UpdateShardCountInput) (*UpdateShardCountOutput, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	v.required("targetShardCount", in.TargetShardCount != nil)
	v.intRange("targetShardCount", in.TargetShardCount, 1, 0)
	v.requiredEnum("scalingType", in.ScalingType, stream.ScalingTypeUniform)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	res, err := a.svc.UpdateShardCount(ctx, ref, *in.TargetShardCount, *in.ScalingType)
	if err != nil {
		return nil, err
	}
	return &UpdateShardCountOutput{StreamName: ref.Name, StreamARN: a.svc.StreamARN(ref),
		CurrentShardCount: &res.Current, TargetShardCount: &res.Target}, nil
}
