package kinesisapi

import "context"

// UpdateStreamModeInput is the input of UpdateStreamMode.
type UpdateStreamModeInput struct {
	StreamARN           *string                 `json:"StreamARN"`
	StreamID            string                  `json:"StreamId,omitempty"`
	StreamModeDetails   *StreamModeDetailsInput `json:"StreamModeDetails"`
	WarmThroughputMiBps *int                    `json:"WarmThroughputMiBps,omitempty"`
}

// UpdateStreamModeOutput is the output of UpdateStreamMode.
type UpdateStreamModeOutput struct{}

// UpdateStreamMode switches a stream between provisioned and on-demand
// capacity.
func (a *API) UpdateStreamMode(ctx context.Context, in *UpdateStreamModeInput) (*UpdateStreamModeOutput, error) {
	var v validator
	v.requiredStr("streamARN", in.StreamARN, streamARNPattern, streamARNPatternText, 1, 2048)
	v.required("streamModeDetails", in.StreamModeDetails != nil)
	mode := v.streamMode(in.StreamModeDetails)
	v.intRange("warmThroughputMiBps", in.WarmThroughputMiBps, 0, 0)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, nil, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if err := a.svc.UpdateStreamMode(ctx, ref, mode, in.WarmThroughputMiBps); err != nil {
		return nil, err
	}
	return &UpdateStreamModeOutput{}, nil
}
