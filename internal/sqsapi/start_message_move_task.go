package sqsapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/queue"
)

// StartMessageMoveTaskInput is the input of StartMessageMoveTask.
type StartMessageMoveTaskInput struct {
	SourceARN                    string `json:"SourceArn" query:"SourceArn"`
	DestinationARN               string `json:"DestinationArn,omitempty" query:"DestinationArn"`
	MaxNumberOfMessagesPerSecond *int   `json:"MaxNumberOfMessagesPerSecond,omitempty" query:"MaxNumberOfMessagesPerSecond"`
}

// StartMessageMoveTaskOutput is the output of StartMessageMoveTask.
type StartMessageMoveTaskOutput struct {
	TaskHandle string `json:"TaskHandle,omitempty" query:"TaskHandle"`
}

// StartMessageMoveTask starts moving the messages of a dead-letter queue to
// DestinationArn, or back to their source queues when it is empty.
func (a *API) StartMessageMoveTask(ctx context.Context, in *StartMessageMoveTaskInput) (*StartMessageMoveTaskOutput, error) {
	if err := require(param{"SourceArn", in.SourceARN != ""}); err != nil {
		return nil, err
	}
	if err := checkOwnARN(ctx, "SourceArn", in.SourceARN); err != nil {
		return nil, err
	}
	if err := checkOwnARN(ctx, "DestinationArn", in.DestinationARN); err != nil {
		return nil, err
	}
	handle, err := a.svc.StartMessageMoveTask(ctx, &queue.StartMessageMoveTaskParams{
		SourceArn:                    in.SourceARN,
		DestinationArn:               in.DestinationARN,
		MaxNumberOfMessagesPerSecond: in.MaxNumberOfMessagesPerSecond,
	})
	if err != nil {
		return nil, err
	}
	return &StartMessageMoveTaskOutput{TaskHandle: handle}, nil
}
