package sqsapi

import (
	"context"
)

// DeleteQueueInput is the input of DeleteQueue.
type DeleteQueueInput struct {
	QueueURL string `json:"QueueUrl" query:"QueueUrl"`
}

// DeleteQueueOutput is the (empty) output of DeleteQueue.
type DeleteQueueOutput struct{}

// DeleteQueue deletes a queue and its messages.
func (a *API) DeleteQueue(ctx context.Context, in *DeleteQueueInput) (*DeleteQueueOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := a.svc.DeleteQueue(ctx, ref); err != nil {
		return nil, err
	}
	return &DeleteQueueOutput{}, nil
}
