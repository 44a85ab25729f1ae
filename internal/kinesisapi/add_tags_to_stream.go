package kinesisapi

import "context"

// AddTagsToStreamInput is the input of AddTagsToStream.
type AddTagsToStreamInput struct {
	StreamName *string           `json:"StreamName,omitempty"`
	Tags       map[string]string `json:"Tags"`
	StreamARN  *string           `json:"StreamARN,omitempty"`
	StreamID   string            `json:"StreamId,omitempty"`
}

// AddTagsToStreamOutput is the output of AddTagsToStream.
type AddTagsToStreamOutput struct{}

// AddTagsToStream adds or replaces tags of a stream.
func (a *API) AddTagsToStream(ctx context.Context, in *AddTagsToStreamInput) (*AddTagsToStreamOutput, error) {
	var v validator
	v.tags("tags", in.Tags, true)
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if err := a.svc.AddTagsToStream(ctx, ref, in.Tags); err != nil {
		return nil, err
	}
	return &AddTagsToStreamOutput{}, nil
}
