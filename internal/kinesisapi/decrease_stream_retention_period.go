package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// DecreaseStreamRetentionPeriodInput is the input of
// DecreaseStreamRetentionPeriod.
type DecreaseStreamRetentionPeriodInput struct {
	StreamName           *string `json:"StreamName,omitempty"`
	RetentionPeriodHours *int    `json:"RetentionPeriodHours"`
	StreamARN            *string `json:"StreamARN,omitempty"`
	StreamID             string  `json:"StreamId,omitempty"`
}

// DecreaseStreamRetentionPeriodOutput is the output of
// DecreaseStreamRetentionPeriod.
type DecreaseStreamRetentionPeriodOutput struct{}

// DecreaseStreamRetentionPeriod lowers a stream's retention period.
func (a *API) DecreaseStreamRetentionPeriod(ctx context.Context, in *DecreaseStreamRetentionPeriodInput) (*DecreaseStreamRetentionPeriodOutput, error) {
	ref, hours, err := a.retentionRequest(ctx, in.StreamName, in.StreamARN, in.RetentionPeriodHours)
	if err != nil {
		return nil, err
	}
	if err := a.svc.DecreaseStreamRetentionPeriod(ctx, ref, hours); err != nil {
		return nil, err
	}
	return &DecreaseStreamRetentionPeriodOutput{}, nil
}

// retentionRequest checks the members shared by the retention actions.
func (a *API) retentionRequest(ctx context.Context, name, arn *string, hours *int) (stream.StreamRef, int, error) {
	var v validator
	v.required("retentionPeriodHours", hours != nil)
	v.stream(name, arn)
	if err := v.err(); err != nil {
		return stream.StreamRef{}, 0, err
	}
	ref, err := a.streamRef(ctx, name, arn)
	return ref, *hours, err
}
