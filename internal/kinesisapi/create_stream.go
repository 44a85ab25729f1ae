package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// CreateStreamInput is the input of CreateStream.
type CreateStreamInput struct {
	StreamName          *string                 `json:"StreamName"`
	ShardCount          *int                    `json:"ShardCount,omitempty"`
	StreamModeDetails   *StreamModeDetailsInput `json:"StreamModeDetails,omitempty"`
	Tags                map[string]string       `json:"Tags,omitempty"`
	WarmThroughputMiBps *int                    `json:"WarmThroughputMiBps,omitempty"`
	MaxRecordSizeInKiB  *int                    `json:"MaxRecordSizeInKiB,omitempty"`
}

// CreateStreamOutput is the output of CreateStream.
type CreateStreamOutput struct{}

// CreateStream creates a stream.
func (a *API) CreateStream(ctx context.Context, in *CreateStreamInput) (*CreateStreamOutput, error) {
	var v validator
	v.intRange("shardCount", in.ShardCount, 1, 0)
	v.requiredName("streamName", in.StreamName)
	mode := v.streamMode(in.StreamModeDetails)
	v.tags("tags", in.Tags, false)
	v.intRange("warmThroughputMiBps", in.WarmThroughputMiBps, 0, 0)
	v.intRange("maxRecordSizeInKiB", in.MaxRecordSizeInKiB, stream.DefaultMaxRecordSizeKiB, stream.MaxMaxRecordSizeKiB)
	if err := v.err(); err != nil {
		return nil, err
	}
	err := a.svc.CreateStream(ctx, &stream.CreateStreamParams{
		Stream: stream.StreamRef{Account: account(ctx), Name: *in.StreamName}, ShardCount: in.ShardCount, Mode: mode,
		Tags: in.Tags, WarmThroughputMiBps: in.WarmThroughputMiBps, MaxRecordSizeKiB: in.MaxRecordSizeInKiB,
	})
	if err != nil {
		return nil, err
	}
	return &CreateStreamOutput{}, nil
}

// StreamModeDetailsInput is a capacity mode as a request gives it.
type StreamModeDetailsInput struct {
	StreamMode *string `json:"StreamMode"`
}

// streamMode checks an optional StreamModeDetails and returns its mode,
// "" when absent.
func (v *validator) streamMode(d *StreamModeDetailsInput) string {
	if d == nil {
		return ""
	}
	v.requiredEnum("streamModeDetails.streamMode", d.StreamMode, stream.ModeProvisioned, stream.ModeOnDemand)
	return val(d.StreamMode)
}
