package kinesisapi

import "context"

// SplitShardInput is the input of SplitShard.
type SplitShardInput struct {
	StreamName         *string `json:"StreamName,omitempty"`
	ShardToSplit       *string `json:"ShardToSplit"`
	NewStartingHashKey *string `json:"NewStartingHashKey"`
	StreamARN          *string `json:"StreamARN,omitempty"`
	StreamID           string  `json:"StreamId,omitempty"`
}

// SplitShardOutput is the output of SplitShard.
type SplitShardOutput struct{}

// SplitShard splits an open shard in two.
func (a *API) SplitShard(ctx context.Context, in *SplitShardInput) (*SplitShardOutput, error) {
	var v validator
	v.requiredStr("newStartingHashKey", in.NewStartingHashKey, hashKeyPattern, hashKeyPatternText, 0, 0)
	v.stream(in.StreamName, in.StreamARN)
	v.requiredName("shardToSplit", in.ShardToSplit)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if err := a.svc.SplitShard(ctx, ref, *in.ShardToSplit, *in.NewStartingHashKey); err != nil {
		return nil, err
	}
	return &SplitShardOutput{}, nil
}
