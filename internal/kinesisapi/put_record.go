package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// maxDataBytes is the largest Data blob the model allows (10 MiB); a
// stream's own maximum record size may be lower.
const maxDataBytes = 10 << 20

// PutRecordInput is the input of PutRecord.
type PutRecordInput struct {
	StreamName                *string `json:"StreamName,omitempty"`
	Data                      []byte  `json:"Data"`
	PartitionKey              *string `json:"PartitionKey"`
	ExplicitHashKey           *string `json:"ExplicitHashKey,omitempty"`
	SequenceNumberForOrdering *string `json:"SequenceNumberForOrdering,omitempty"`
	StreamARN                 *string `json:"StreamARN,omitempty"`
	StreamID                  string  `json:"StreamId,omitempty"`
}

// PutRecordOutput is the output of PutRecord.
type PutRecordOutput struct {
	ShardID        string `json:"ShardId"`
	SequenceNumber string `json:"SequenceNumber"`
	EncryptionType string `json:"EncryptionType,omitempty"`
}

// PutRecord writes one record.
func (a *API) PutRecord(ctx context.Context, in *PutRecordInput) (*PutRecordOutput, error) {
	var v validator
	v.str("sequenceNumberForOrdering", in.SequenceNumberForOrdering, seqNumPattern, seqNumPatternText, 0, 0)
	v.requiredStr("partitionKey", in.PartitionKey, nil, "", 1, 256)
	v.str("explicitHashKey", in.ExplicitHashKey, hashKeyPattern, hashKeyPatternText, 0, 0)
	v.blob("data", in.Data, maxDataBytes)
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	res, err := a.svc.PutRecord(ctx, &stream.PutRecordParams{Stream: ref, Data: in.Data, PartitionKey: *in.PartitionKey,
		ExplicitHashKey: val(in.ExplicitHashKey), SequenceNumberForOrdering: val(in.SequenceNumberForOrdering)})
	if err != nil {
		return nil, err
	}
	return &PutRecordOutput{ShardID: res.ShardID, SequenceNumber: res.SequenceNumber,
		EncryptionType: res.EncryptionType}, nil
}
