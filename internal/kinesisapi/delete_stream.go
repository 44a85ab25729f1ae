package kinesisapi

import "context"

// DeleteStreamInput is the input of DeleteStream.
type DeleteStreamInput struct {
	StreamName              *string `json:"StreamName,omitempty"`
	EnforceConsumerDeletion *bool   `json:"EnforceConsumerDeletion,omitempty"`
	StreamARN               *string `json:"StreamARN,omitempty"`
	StreamID                string  `json:"StreamId,omitempty"`
}

// DeleteStreamOutput is the output of DeleteStream.
type DeleteStreamOutput struct{}

// DeleteStream deletes a stream and its records.
func (a *API) DeleteStream(ctx context.Context, in *DeleteStreamInput) (*DeleteStreamOutput, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	enforce := in.EnforceConsumerDeletion != nil && *in.EnforceConsumerDeletion
	if err := a.svc.DeleteStream(ctx, ref, enforce); err != nil {
		return nil, err
	}
	return &DeleteStreamOutput{}, nil
}
