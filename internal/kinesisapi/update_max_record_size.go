package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// UpdateMaxRecordSizeInput is the input of UpdateMaxRecordSize.
type UpdateMaxRecordSizeInput struct {
	StreamARN          *string `json:"StreamARN,omitempty"`
	StreamID           string  `json:"StreamId,omitempty"`
	MaxRecordSizeInKiB *int    `json:"MaxRecordSizeInKiB"`
}

// UpdateMaxRecordSizeOutput is the output of UpdateMaxRecordSize.
type UpdateMaxRecordSizeOutput struct{}

// UpdateMaxRecordSize sets the largest record a stream accepts.
func (a *API) UpdateMaxRecordSize(ctx context.Context, in *UpdateMaxRecordSizeInput) (*UpdateMaxRecordSizeOutput, error) {
	var v validator
	v.streamARN(in.StreamARN)
	v.required("maxRecordSizeInKiB", in.MaxRecordSizeInKiB != nil)
	v.intRange("maxRecordSizeInKiB", in.MaxRecordSizeInKiB, stream.DefaultMaxRecordSizeKiB, stream.MaxMaxRecordSizeKiB)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, nil, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if err := a.svc.UpdateMaxRecordSize(ctx, ref, *in.MaxRecordSizeInKiB); err != nil {
		return nil, err
	}
	return &UpdateMaxRecordSizeOutput{}, nil
}
