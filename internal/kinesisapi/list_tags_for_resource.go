package kinesisapi

import "context"

// ListTagsForResourceInput is the input of ListTagsForResource.
type ListTagsForResourceInput struct {
	ResourceARN *string `json:"ResourceARN"`
	StreamID    string  `json:"StreamId,omitempty"`
}

// ListTagsForResourceOutput is the output of ListTagsForResource.
type ListTagsForResourceOutput struct {
	Tags []Tag `json:"Tags"`
}

// ListTagsForResource lists the tags of a stream or consumer.
func (a *API) ListTagsForResource(ctx context.Context, in *ListTagsForResourceInput) (*ListTagsForResourceOutput, error) {
	var v validator
	v.resourceARN(in.ResourceARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	tags, err := a.svc.ListTagsForResource(ctx, account(ctx), *in.ResourceARN)
	if err != nil {
		return nil, err
	}
	return &ListTagsForResourceOutput{Tags: toTags(tags)}, nil
}
