package sqsapi

import (
	"context"
)

// TagQueueInput is the input of TagQueue.
type TagQueueInput struct {
	QueueURL string            `json:"QueueUrl" query:"QueueUrl"`
	Tags     map[string]string `json:"Tags,omitempty" query:"Tag,map=Key/Value"`
}

// TagQueueOutput is the (empty) output of TagQueue.
type TagQueueOutput struct{}

// TagQueue adds or replaces tags of a queue.
func (a *API) TagQueue(ctx context.Context, in *TagQueueInput) (*TagQueueOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := require(param{"Tags", len(in.Tags) > 0}); err != nil {
		return nil, err
	}
	if err := a.svc.TagQueue(ctx, ref, in.Tags); err != nil {
		return nil, err
	}
	return &TagQueueOutput{}, nil
}
