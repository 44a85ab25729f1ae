package kinesisapi

import "context"

// RemoveTagsFromStreamInput is the input of RemoveTagsFromStream.
type RemoveTagsFromStreamInput struct {
	StreamName *string  `json:"StreamName,omitempty"`
	TagKeys    []string `json:"TagKeys"`
	StreamARN  *string  `json:"StreamARN,omitempty"`
	StreamID   string   `json:"StreamId,omitempty"`
}

// RemoveTagsFromStreamOutput is the output of RemoveTagsFromStream.
type RemoveTagsFromStreamOutput struct{}

// RemoveTagsFromStream removes tags of a stream by key.
func (a *API) RemoveTagsFromStream(ctx context.Context, in *RemoveTagsFromStreamInput) (*RemoveTagsFromStreamOutput, error) {
	var v validator
	v.tagKeys("tagKeys", in.TagKeys, true)
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if err := a.svc.RemoveTagsFromStream(ctx, ref, in.TagKeys); err != nil {
		return nil, err
	}
	return &RemoveTagsFromStreamOutput{}, nil
}
