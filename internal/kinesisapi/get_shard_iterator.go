package kinesisapi

import (
	"context"
	"time"

	"github.com/sluicemq/sluice/internal/stream"
)

// GetShardIteratorInput is the input of GetShardIterator.
type GetShardIteratorInput struct {
	StreamName             *string    `json:"StreamName,omitempty"`
	ShardID                *string    `json:"ShardId"`
	ShardIteratorType      *string    `json:"ShardIteratorType"`
	StartingSequenceNumber *string    `json:"StartingSequenceNumber,omitempty"`
	Timestamp              *Timestamp `json:"Timestamp,omitempty"`
	StreamARN              *string    `json:"StreamARN,omitempty"`
	StreamID               string     `json:"StreamId,omitempty"`
}

// GetShardIteratorOutput is the output of GetShardIterator.
type GetShardIteratorOutput struct {
	ShardIterator string `json:"ShardIterator,omitempty"`
}

// iteratorTypes are the ShardIteratorType values, as AWS lists them.
var iteratorTypes = []string{stream.IteratorAtSequenceNumber, stream.IteratorAfterSequenceNumber,
	stream.IteratorTrimHorizon, stream.IteratorLatest, stream.IteratorAtTimestamp}

// GetShardIterator returns an iterator positioned in a shard.
func (a *API) GetShardIterator(ctx context.Context, in *GetShardIteratorInput) (*GetShardIteratorOutput, error) {
	var v validator
	v.requiredName("shardId", in.ShardID)
	v.requiredEnum("shardIteratorType", in.ShardIteratorType, iteratorTypes...)
	v.str("startingSequenceNumber", in.StartingSequenceNumber, seqNumPattern, seqNumPatternText, 0, 0)
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	it, err := a.svc.GetShardIterator(ctx, &stream.GetShardIteratorParams{Stream: ref, ShardID: *in.ShardID,
		Type: *in.ShardIteratorType, StartingSequenceNumber: val(in.StartingSequenceNumber), Timestamp: timeOf(in.Timestamp)})
	if err != nil {
		return nil, err
	}
	return &GetShardIteratorOutput{ShardIterator: it}, nil
}

// timeOf returns the time of an optional timestamp.
func timeOf(ts *Timestamp) *time.Time {
	if ts == nil {
		return nil
	}
	t := ts.Time()
	return &t
}
