package kinesisapi

import "context"

// MergeShardsInput is the input of MergeShards.
type MergeShardsInput struct {
	StreamName           *string `json:"StreamName,omitempty"`
	ShardToMerge         *string `json:"ShardToMerge"`
	AdjacentShardToMerge *string `json:"AdjacentShardToMerge"`
	StreamARN            *string `json:"StreamARN,omitempty"`
	StreamID             string  `json:"StreamId,omitempty"`
}

// MergeShardsOutput is the output of MergeShards.
type MergeShardsOutput struct{}

// MergeShards merges two adjacent open shards.
func (a *API) MergeShards(ctx context.Context, in *MergeShardsInput) (*MergeShardsOutput, error) {
	var v validator
	v.requiredName("shardToMerge", in.ShardToMerge)
	v.requiredName("adjacentShardToMerge", in.AdjacentShardToMerge)
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if err := a.svc.MergeShards(ctx, ref, *in.ShardToMerge, *in.AdjacentShardToMerge); err != nil {
		return nil, err
	}
	return &MergeShardsOutput{}, nil
}
