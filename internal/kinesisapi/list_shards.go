package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// ListShardsInput is the input of ListShards.
type ListShardsInput struct {
	StreamName              *string      `json:"StreamName,omitempty"`
	NextToken               *string      `json:"NextToken,omitempty"`
	ExclusiveStartShardID   *string      `json:"ExclusiveStartShardId,omitempty"`
	MaxResults              *int         `json:"MaxResults,omitempty"`
	StreamCreationTimestamp *Timestamp   `json:"StreamCreationTimestamp,omitempty"`
	ShardFilter             *ShardFilter `json:"ShardFilter,omitempty"`
	StreamARN               *string      `json:"StreamARN,omitempty"`
	StreamID                string       `json:"StreamId,omitempty"`
}

// ShardFilter narrows ListShards.
type ShardFilter struct {
	Type      *string    `json:"Type"`
	ShardID   *string    `json:"ShardId,omitempty"`
	Timestamp *Timestamp `json:"Timestamp,omitempty"`
}

// ListShardsOutput is the output of ListShards.
type ListShardsOutput struct {
	Shards    []Shard `json:"Shards"`
	NextToken string  `json:"NextToken,omitempty"`
}

// ListShards lists a stream's shards, a page at a time.
func (a *API) ListShards(ctx context.Context, in *ListShardsInput) (*ListShardsOutput, error) {
	var v validator
	v.name("exclusiveStartShardId", in.ExclusiveStartShardID)
	v.intRange("maxResults", in.MaxResults, 1, 10000)
	v.str("nextToken", in.NextToken, nil, "", 1, 1048576)
	v.stream(in.StreamName, in.StreamARN)
	if f := in.ShardFilter; f != nil {
		v.requiredEnum("shardFilter.type", f.Type, stream.FilterAfterShardID, stream.FilterAtTrimHorizon,
			stream.FilterFromTrimHorizon, stream.FilterAtLatest, stream.FilterAtTimestamp, stream.FilterFromTimestamp)
		v.name("shardFilter.shardId", f.ShardID)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	p := &stream.ListShardsParams{Account: account(ctx), NextToken: val(in.NextToken),
		ExclusiveStartShardID: val(in.ExclusiveStartShardID)}
	if in.NextToken == nil || in.StreamName != nil || in.StreamARN != nil {
		ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
		if err != nil {
			return nil, err
		}
		p.Stream = ref
	}
	if in.MaxResults != nil {
		p.MaxResults = *in.MaxResults
	}
	if in.StreamCreationTimestamp != nil {
		t := in.StreamCreationTimestamp.Time()
		p.StreamCreationTimestamp = &t
	}
	if f := in.ShardFilter; f != nil {
		p.Filter = &stream.ShardFilter{Type: *f.Type, ShardID: val(f.ShardID)}
		if f.Timestamp != nil {
			t := f.Timestamp.Time()
			p.Filter.Timestamp = &t
		}
	}
	res, err := a.svc.ListShards(ctx, p)
	if err != nil {
		return nil, err
	}
	return &ListShardsOutput{Shards: toShards(res.Shards), NextToken: res.NextToken}, nil
}
