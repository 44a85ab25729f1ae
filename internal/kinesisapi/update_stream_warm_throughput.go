package kinesisapi

import "context"

// UpdateStreamWarmThroughputInput is the input of UpdateStreamWarmThroughput.
type UpdateStreamWarmThroughputInput struct {
	StreamARN           *string `json:"StreamARN,omitempty"`
	StreamName          *string `json:"StreamName,omitempty"`
	StreamID            string  `json:"StreamId,omitempty"`
	WarmThroughputMiBps *int    `json:"WarmThroughputMiBps"`
}

// UpdateStreamWarmThroughputOutput is the output of
// UpdateStreamWarmThroughput.
type UpdateStreamWarmThroughputOutput struct {
	StreamARN      string                `json:"StreamARN,omitempty"`
	StreamName     string                `json:"StreamName,omitempty"`
	WarmThroughput *WarmThroughputObject `json:"WarmThroughput,omitempty"`
}

// maxWarmThroughputMiBps is the largest warm throughput (10 GiB/s).
const maxWarmThroughputMiBps = 10240

// UpdateStreamWarmThroughput sets the warm throughput of an on-demand
// stream.
func (a *API) UpdateStreamWarmThroughput(ctx context.Context, in *UpdateStreamWarmThroughputInput) (*UpdateStreamWarmThroughputOutput, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	v.required("warmThroughputMiBps", in.WarmThroughputMiBps != nil)
	v.intRange("warmThroughputMiBps", in.WarmThroughputMiBps, 0, maxWarmThroughputMiBps)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if err := a.svc.UpdateStreamWarmThroughput(ctx, ref, *in.WarmThroughputMiBps); err != nil {
		return nil, err
	}
	return &UpdateStreamWarmThroughputOutput{StreamARN: a.svc.StreamARN(ref), StreamName: ref.Name,
		WarmThroughput: warmThroughput(*in.WarmThroughputMiBps)}, nil
}
