package sqsapi

import (
	"context"
)

// DeleteMessageInput is the input of DeleteMessage.
type DeleteMessageInput struct {
	QueueURL      string `json:"QueueUrl" query:"QueueUrl"`
	ReceiptHandle string `json:"ReceiptHandle" query:"ReceiptHandle"`
}

// DeleteMessageOutput is the (empty) output of DeleteMessage.
type DeleteMessageOutput struct{}

// DeleteMessage deletes a received message.
func (a *API) DeleteMessage(ctx context.Context, in *DeleteMessageInput) (*DeleteMessageOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := require(param{"ReceiptHandle", in.ReceiptHandle != ""}); err != nil {
		return nil, err
	}
	if err := a.svc.DeleteMessage(ctx, ref, in.ReceiptHandle); err != nil {
		return nil, err
	}
	return &DeleteMessageOutput{}, nil
}
