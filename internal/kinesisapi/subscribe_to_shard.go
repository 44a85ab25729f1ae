package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// SubscribeToShardInput is the input of SubscribeToShard.
type SubscribeToShardInput struct {
	ConsumerARN      *string           `json:"ConsumerARN"`
	StreamID         string            `json:"StreamId,omitempty"`
	ShardID          *string           `json:"ShardId"`
	StartingPosition *StartingPosition `json:"StartingPosition"`
}

// StartingPosition is where a subscription starts reading.
type StartingPosition struct {
	Type           *string    `json:"Type"`
	SequenceNumber *string    `json:"SequenceNumber,omitempty"`
	Timestamp      *Timestamp `json:"Timestamp,omitempty"`
}

// SubscribeToShardEvent is the payload of one SubscribeToShardEvent
// message of the event stream.
type SubscribeToShardEvent struct {
	Records                    []Record     `json:"Records"`
	ContinuationSequenceNumber string       `json:"ContinuationSequenceNumber,omitempty"`
	MillisBehindLatest         int64        `json:"MillisBehindLatest"`
	ChildShards                []ChildShard `json:"ChildShards,omitempty"`
}

// SubscribeToShard checks a subscription request and delivers its events
// to deliver until the subscription ends (five minutes, ctx, the end of a
// closed shard, or a failing deliver). An error before the first event is
// an ordinary error response; the event-stream transport that calls this
// sends later errors as exception messages.
func (a *API) SubscribeToShard(ctx context.Context, in *SubscribeToShardInput, deliver func(*SubscribeToShardEvent) error) error {
	var v validator
	v.requiredStr("consumerARN", in.ConsumerARN, consumerARNPattern, consumerARNText, 1, 2048)
	v.requiredName("shardId", in.ShardID)
	v.required("startingPosition", in.StartingPosition != nil)
	if sp := in.StartingPosition; sp != nil {
		v.requiredEnum("startingPosition.type", sp.Type, iteratorTypes...)
		v.str("startingPosition.sequenceNumber", sp.SequenceNumber, seqNumPattern, seqNumPatternText, 0, 0)
	}
	if err := v.err(); err != nil {
		return err
	}
	sp := in.StartingPosition
	p := &stream.SubscribeToShardParams{Account: account(ctx), ConsumerARN: *in.ConsumerARN, ShardID: *in.ShardID,
		StartingType: *sp.Type, SequenceNumber: val(sp.SequenceNumber), Timestamp: timeOf(sp.Timestamp)}
	return a.svc.SubscribeToShard(ctx, p, func(ev *stream.SubscribeEvent) error {
		return deliver(&SubscribeToShardEvent{Records: toRecords(ev.Records),
			ContinuationSequenceNumber: ev.ContinuationSequenceNumber, MillisBehindLatest: ev.MillisBehindLatest,
			ChildShards: toChildShards(ev.ChildShards)})
	})
}
