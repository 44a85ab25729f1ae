package kinesisapi

import "context"

// UntagResourceInput is the input of UntagResource.
type UntagResourceInput struct {
	TagKeys     []string `json:"TagKeys"`
	ResourceARN *string  `json:"ResourceARN"`
	StreamID    string   `json:"StreamId,omitempty"`
}

// UntagResourceOutput is the output of UntagResource.
type UntagResourceOutput struct{}

// UntagResource removes tags of a stream or consumer by key.
func (a *API) UntagResource(ctx context.Context, in *UntagResourceInput) (*UntagResourceOutput, error) {
	var v validator
	v.tagKeys("tagKeys", in.TagKeys, true)
	v.resourceARN(in.ResourceARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := a.svc.UntagResource(ctx, account(ctx), *in.ResourceARN, in.TagKeys); err != nil {
		return nil, err
	}
	return &UntagResourceOutput{}, nil
}
