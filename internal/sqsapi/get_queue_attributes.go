package sqsapi

import (
	"context"
)

// GetQueueAttributesInput is the input of GetQueueAttributes.
type GetQueueAttributesInput struct {
	QueueURL       string   `json:"QueueUrl" query:"QueueUrl"`
	AttributeNames []string `json:"AttributeNames,omitempty" query:"AttributeName"`
}

// GetQueueAttributesOutput is the output of GetQueueAttributes.
type GetQueueAttributesOutput struct {
	Attributes map[string]string `json:"Attributes,omitempty" query:"Attribute,map=Name/Value"`
}

// GetQueueAttributes returns the named attributes of a queue.
func (a *API) GetQueueAttributes(ctx context.Context, in *GetQueueAttributesInput) (*GetQueueAttributesOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	attrs, err := a.svc.GetQueueAttributes(ctx, ref, in.AttributeNames)
	if err != nil {
		return nil, err
	}
	if len(attrs) == 0 {
		attrs = nil
	}
	return &GetQueueAttributesOutput{Attributes: attrs}, nil
}
