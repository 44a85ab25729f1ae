package kinesisapi

import (
	"context"
	"fmt"

	"github.com/sluicemq/sluice/internal/stream"
)

// PutRecordsInput is the input of PutRecords.
type PutRecordsInput struct {
	Records    []PutRecordsRequestEntry `json:"Records"`
	StreamName *string                  `json:"StreamName,omitempty"`
	StreamARN  *string                  `json:"StreamARN,omitempty"`
	StreamID   string                   `json:"StreamId,omitempty"`
}

// PutRecordsRequestEntry is one record of PutRecords.
type PutRecordsRequestEntry struct {
	Data            []byte  `json:"Data"`
	ExplicitHashKey *string `json:"ExplicitHashKey,omitempty"`
	PartitionKey    *string `json:"PartitionKey"`
}

// PutRecordsOutput is the output of PutRecords.
type PutRecordsOutput struct {
	FailedRecordCount int                     `json:"FailedRecordCount"`
	Records           []PutRecordsResultEntry `json:"Records"`
	EncryptionType    string                  `json:"EncryptionType,omitempty"`
}

// PutRecordsResultEntry is the outcome of one record.
type PutRecordsResultEntry struct {
	SequenceNumber string `json:"SequenceNumber,omitempty"`
	ShardID        string `json:"ShardId,omitempty"`
	ErrorCode      string `json:"ErrorCode,omitempty"`
	ErrorMessage   string `json:"ErrorMessage,omitempty"`
}

// maxPutRecords is how many records one PutRecords call may carry.
const maxPutRecords = 500

// PutRecords writes up to 500 records.
func (a *API) PutRecords(ctx context.Context, in *PutRecordsInput) (*PutRecordsOutput, error) {
	var v validator
	v.required("records", in.Records != nil)
	if in.Records != nil && (len(in.Records) < 1 || len(in.Records) > maxPutRecords) {
		constraint := "Member must have length greater than or equal to 1"
		if len(in.Records) > maxPutRecords {
			constraint = fmt.Sprintf("Member must have length less than or equal to %d", maxPutRecords)
		}
		v.fail(quote(fmt.Sprintf("[%d records]", len(in.Records))), "records", constraint)
	}
	for i, r := range in.Records {
		member := fmt.Sprintf("records.%d.member.", i+1)
		v.requiredStr(member+"partitionKey", r.PartitionKey, nil, "", 1, 256)
		v.str(member+"explicitHashKey", r.ExplicitHashKey, hashKeyPattern, hashKeyPatternText, 0, 0)
		v.blob(member+"data", r.Data, maxDataBytes)
	}
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	entries := make([]stream.PutRecordsEntry, len(in.Records))
	for i, r := range in.Records {
		entries[i] = stream.PutRecordsEntry{Data: r.Data, PartitionKey: *r.PartitionKey, ExplicitHashKey: val(r.ExplicitHashKey)}
	}
	res, err := a.svc.PutRecords(ctx, ref, entries)
	if err != nil {
		return nil, err
	}
	out := &PutRecordsOutput{FailedRecordCount: res.FailedRecordCount, EncryptionType: res.EncryptionType,
		Records: make([]PutRecordsResultEntry, len(res.Entries))}
	for i, e := range res.Entries {
		out.Records[i] = PutRecordsResultEntry{SequenceNumber: e.SequenceNumber, ShardID: e.ShardID,
			ErrorCode: e.ErrorCode, ErrorMessage: e.ErrorMessage}
	}
	return out, nil
}
