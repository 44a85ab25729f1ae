package sqsapi

import (
	"context"
)

// SetQueueAttributesInput is the input of SetQueueAttributes.
type SetQueueAttributesInput struct {
	QueueURL   string            `json:"QueueUrl" query:"QueueUrl"`
	Attributes map[string]string `json:"Attributes,omitempty" query:"Attribute,map=Name/Value"`
}

// SetQueueAttributesOutput is the (empty) output of SetQueueAttributes.
type SetQueueAttributesOutput struct{}

// SetQueueAttributes changes attributes of a queue.
func (a *API) SetQueueAttributes(ctx context.Context, in *SetQueueAttributesInput) (*SetQueueAttributesOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := require(param{"Attributes", len(in.Attributes) > 0}); err != nil {
		return nil, err
	}
	if err := checkOwnRedriveTarget(ctx, in.Attributes); err != nil {
		return nil, err
	}
	if err := a.svc.SetQueueAttributes(ctx, ref, in.Attributes); err != nil {
		return nil, err
	}
	return &SetQueueAttributesOutput{}, nil
}
