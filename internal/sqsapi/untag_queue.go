package sqsapi

import (
	"context"
)

// UntagQueueInput is the input of UntagQueue.
type UntagQueueInput struct {
	QueueURL string   `json:"QueueUrl" query:"QueueUrl"`
	TagKeys  []string `json:"TagKeys,omitempty" query:"TagKey"`
}

// UntagQueueOutput is the (empty) output of UntagQueue.
type UntagQueueOutput struct{}

// UntagQueue removes tags of a queue by key.
func (a *API) UntagQueue(ctx context.Context, in *UntagQueueInput) (*UntagQueueOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := require(param{"TagKeys", len(in.TagKeys) > 0}); err != nil {
		return nil, err
	}
	if err := a.svc.UntagQueue(ctx, ref, in.TagKeys); err != nil {
		return nil, err
	}
	return &UntagQueueOutput{}, nil
}
