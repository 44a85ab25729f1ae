package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// GetRecordsInput is the input of GetRecords.
type GetRecordsInput struct {
	ShardIterator *string `json:"ShardIterator"`
	Limit         *int    `json:"Limit,omitempty"`
	StreamARN     *string `json:"StreamARN,omitempty"`
	StreamID      string  `json:"StreamId,omitempty"`
}

// GetRecordsOutput is the output of GetRecords.
type GetRecordsOutput struct {
	Records            []Record     `json:"Records"`
	NextShardIterator  string       `json:"NextShardIterator,omitempty"`
	MillisBehindLatest int64        `json:"MillisBehindLatest"`
	ChildShards        []ChildShard `json:"ChildShards,omitempty"`
}

// GetRecords reads records from a shard iterator's position.
func (a *API) GetRecords(ctx context.Context, in *GetRecordsInput) (*GetRecordsOutput, error) {
	var v validator
	v.intRange("limit", in.Limit, 1, 10000)
	v.requiredStr("shardIterator", in.ShardIterator, nil, "", 1, 512)
	v.streamARN(in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	p := &stream.GetRecordsParams{Account: account(ctx), ShardIterator: *in.ShardIterator, StreamARN: val(in.StreamARN)}
	if in.Limit != nil {
		p.Limit = *in.Limit
	}
	res, err := a.svc.GetRecords(ctx, p)
	if err != nil {
		return nil, err
	}
	return &GetRecordsOutput{Records: toRecords(res.Records), NextShardIterator: res.NextShardIterator,
		MillisBehindLatest: res.MillisBehindLatest, ChildShards: toChildShards(res.ChildShards)}, nil
}
