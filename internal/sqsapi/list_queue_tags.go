package sqsapi

import (
	"context"
)

// ListQueueTagsInput is the input of ListQueueTags.
type ListQueueTagsInput struct {
	QueueURL string `json:"QueueUrl" query:"QueueUrl"`
}

// ListQueueTagsOutput is the output of ListQueueTags.
type ListQueueTagsOutput struct {
	Tags map[string]string `json:"Tags,omitempty" query:"Tag,map=Key/Value"`
}

// ListQueueTags returns a queue's tags.
func (a *API) ListQueueTags(ctx context.Context, in *ListQueueTagsInput) (*ListQueueTagsOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	tags, err := a.svc.ListQueueTags(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(tags) == 0 {
		tags = nil
	}
	return &ListQueueTagsOutput{Tags: tags}, nil
}
