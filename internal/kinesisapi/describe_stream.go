package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// DescribeStreamInput is the input of DescribeStream.
type DescribeStreamInput struct {
	StreamName            *string `json:"StreamName,omitempty"`
	Limit                 *int    `json:"Limit,omitempty"`
	ExclusiveStartShardID *string `json:"ExclusiveStartShardId,omitempty"`
	StreamARN             *string `json:"StreamARN,omitempty"`
	StreamID              string  `json:"StreamId,omitempty"`
}

// DescribeStreamOutput is the output of DescribeStream.
type DescribeStreamOutput struct {
	StreamDescription StreamDescription `json:"StreamDescription"`
}

// StreamDescription describes a stream and a page of its shards.
type StreamDescription struct {
	StreamName              string             `json:"StreamName"`
	StreamARN               string             `json:"StreamARN"`
	StreamStatus            string             `json:"StreamStatus"`
	StreamModeDetails       *StreamModeDetails `json:"StreamModeDetails,omitempty"`
	Shards                  []Shard            `json:"Shards"`
	HasMoreShards           bool               `json:"HasMoreShards"`
	RetentionPeriodHours    int                `json:"RetentionPeriodHours"`
	StreamCreationTimestamp Timestamp          `json:"StreamCreationTimestamp"`
	EnhancedMonitoring      []EnhancedMetrics  `json:"EnhancedMonitoring"`
	EncryptionType          string             `json:"EncryptionType,omitempty"`
	KeyID                   string             `json:"KeyId,omitempty"`
}

// DescribeStream describes a stream and up to Limit of its shards.
func (a *API) DescribeStream(ctx context.Context, in *DescribeStreamInput) (*DescribeStreamOutput, error) {
	var v validator
	v.intRange("limit", in.Limit, 1, 10000)
	v.name("exclusiveStartShardId", in.ExclusiveStartShardID)
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	p := &stream.DescribeStreamParams{Stream: ref, ExclusiveStartShardID: val(in.ExclusiveStartShardID)}
	if in.Limit != nil {
		p.Limit = *in.Limit
	}
	d, err := a.svc.DescribeStream(ctx, p)
	if err != nil {
		return nil, err
	}
	return &DescribeStreamOutput{StreamDescription: StreamDescription{
		StreamName: d.Stream.Name, StreamARN: d.ARN, StreamStatus: d.Status,
		StreamModeDetails: &StreamModeDetails{StreamMode: d.Mode}, Shards: toShards(d.Shards),
		HasMoreShards: d.HasMoreShards, RetentionPeriodHours: d.RetentionHours,
		StreamCreationTimestamp: Timestamp(d.Created), EnhancedMonitoring: enhancedMonitoring(d.ShardLevelMetrics),
		EncryptionType: d.EncryptionType, KeyID: d.KeyID,
	}}, nil
}
