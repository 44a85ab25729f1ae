package kinesisapi

import "context"

// DescribeStreamSummaryInput is the input of DescribeStreamSummary.
type DescribeStreamSummaryInput struct {
	StreamName *string `json:"StreamName,omitempty"`
	StreamARN  *string `json:"StreamARN,omitempty"`
	StreamID   string  `json:"StreamId,omitempty"`
}

// DescribeStreamSummaryOutput is the output of DescribeStreamSummary.
type DescribeStreamSummaryOutput struct {
	StreamDescriptionSummary StreamDescriptionSummary `json:"StreamDescriptionSummary"`
}

// StreamDescriptionSummary describes a stream without its shards.
type StreamDescriptionSummary struct {
	StreamName              string                `json:"StreamName"`
	StreamARN               string                `json:"StreamARN"`
	StreamStatus            string                `json:"StreamStatus"`
	StreamModeDetails       *StreamModeDetails    `json:"StreamModeDetails,omitempty"`
	RetentionPeriodHours    int                   `json:"RetentionPeriodHours"`
	StreamCreationTimestamp Timestamp             `json:"StreamCreationTimestamp"`
	EnhancedMonitoring      []EnhancedMetrics     `json:"EnhancedMonitoring"`
	EncryptionType          string                `json:"EncryptionType,omitempty"`
	KeyID                   string                `json:"KeyId,omitempty"`
	OpenShardCount          int                   `json:"OpenShardCount"`
	ConsumerCount           *int                  `json:"ConsumerCount,omitempty"`
	WarmThroughput          *WarmThroughputObject `json:"WarmThroughput,omitempty"`
	MaxRecordSizeInKiB      *int                  `json:"MaxRecordSizeInKiB,omitempty"`
}

// DescribeStreamSummary describes a stream without listing its shards.
func (a *API) DescribeStreamSummary(ctx context.Context, in *DescribeStreamSummaryInput) (*DescribeStreamSummaryOutput, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	d, err := a.svc.DescribeStreamSummary(ctx, ref)
	if err != nil {
		return nil, err
	}
	out := StreamDescriptionSummary{
		StreamName: d.Stream.Name, StreamARN: d.ARN, StreamStatus: d.Status,
		StreamModeDetails: &StreamModeDetails{StreamMode: d.Mode}, RetentionPeriodHours: d.RetentionHours,
		StreamCreationTimestamp: Timestamp(d.Created), EnhancedMonitoring: enhancedMonitoring(d.ShardLevelMetrics),
		EncryptionType: d.EncryptionType, KeyID: d.KeyID, OpenShardCount: d.OpenShardCount,
		ConsumerCount: &d.ConsumerCount, MaxRecordSizeInKiB: &d.MaxRecordSizeKiB,
	}
	if d.Mode == "ON_DEMAND" {
		out.WarmThroughput = warmThroughput(d.WarmThroughput)
	}
	return &DescribeStreamSummaryOutput{StreamDescriptionSummary: out}, nil
}
