package sqsapi

import (
	"context"
)

// PurgeQueueInput is the input of PurgeQueue.
type PurgeQueueInput struct {
	QueueURL string `json:"QueueUrl" query:"QueueUrl"`
}

// PurgeQueueOutput is the (empty) output of PurgeQueue.
type PurgeQueueOutput struct{}

// PurgeQueue deletes every message of a queue.
func (a *API) PurgeQueue(ctx context.Context, in *PurgeQueueInput) (*PurgeQueueOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := a.svc.PurgeQueue(ctx, ref); err != nil {
		return nil, err
	}
	return &PurgeQueueOutput{}, nil
}
