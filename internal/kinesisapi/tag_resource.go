package kinesisapi

import "context"

// TagResourceInput is the input of TagResource.
type TagResourceInput struct {
	Tags        map[string]string `json:"Tags"`
	ResourceARN *string           `json:"ResourceARN"`
	StreamID    string            `json:"StreamId,omitempty"`
}

// TagResourceOutput is the output of TagResource.
type TagResourceOutput struct{}

// TagResource adds or replaces tags of a stream or consumer.
func (a *API) TagResource(ctx context.Context, in *TagResourceInput) (*TagResourceOutput, error) {
	var v validator
	v.tags("tags", in.Tags, true)
	v.resourceARN(in.ResourceARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := a.svc.TagResource(ctx, account(ctx), *in.ResourceARN, in.Tags); err != nil {
		return nil, err
	}
	return &TagResourceOutput{}, nil
}

// resourceARN checks the ResourceARN of the resource actions.
func (v *validator) resourceARN(arn *string) {
	v.requiredStr("resourceARN", arn, resourceARNPattern, resourceARNText, 1, 2048)
}
