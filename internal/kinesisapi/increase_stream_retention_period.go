package kinesisapi

import "context"

// IncreaseStreamRetentionPeriodInput is the input of
// IncreaseStreamRetentionPeriod.
type IncreaseStreamRetentionPeriodInput struct {
	StreamName           *string `json:"StreamName,omitempty"`
	RetentionPeriodHours *int    `json:"RetentionPeriodHours"`
	StreamARN            *string `json:"StreamARN,omitempty"`
	StreamID             string  `json:"StreamId,omitempty"`
}

// IncreaseStreamRetentionPeriodOutput is the output of
// IncreaseStreamRetentionPeriod.
type IncreaseStreamRetentionPeriodOutput struct{}

// IncreaseStreamRetentionPeriod raises a stream's retention period.
func (a *API) IncreaseStreamRetentionPeriod(ctx context.Context, in *IncreaseStreamRetentionPeriodInput) (*IncreaseStreamRetentionPeriodOutput, error) {
	ref, hours, err := a.retentionRequest(ctx, in.StreamName, in.StreamARN, in.RetentionPeriodHours)
	if err != nil {
		return nil, err
	}
	if err := a.svc.IncreaseStreamRetentionPeriod(ctx, ref, hours); err != nil {
		return nil, err
	}
	return &IncreaseStreamRetentionPeriodOutput{}, nil
}
