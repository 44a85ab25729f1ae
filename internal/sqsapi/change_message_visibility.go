package sqsapi

import (
	"context"
)

// ChangeMessageVisibilityInput is the input of ChangeMessageVisibility.
type ChangeMessageVisibilityInput struct {
	QueueURL          string `json:"QueueUrl" query:"QueueUrl"`
	ReceiptHandle     string `json:"ReceiptHandle" query:"ReceiptHandle"`
	VisibilityTimeout int    `json:"VisibilityTimeout" query:"VisibilityTimeout"`
}

// ChangeMessageVisibilityOutput is the (empty) output of
// ChangeMessageVisibility.
type ChangeMessageVisibilityOutput struct{}

// ChangeMessageVisibility changes the visibility timeout of a received
// message.
func (a *API) ChangeMessageVisibility(ctx context.Context, in *ChangeMessageVisibilityInput) (*ChangeMessageVisibilityOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := require(param{"ReceiptHandle", in.ReceiptHandle != ""}); err != nil {
		return nil, err
	}
	if err := a.svc.ChangeMessageVisibility(ctx, ref, in.ReceiptHandle, in.VisibilityTimeout); err != nil {
		return nil, err
	}
	return &ChangeMessageVisibilityOutput{}, nil
}
