package sqsapi

import (
	"context"
)

// CancelMessageMoveTaskInput is the input of CancelMessageMoveTask.
type CancelMessageMoveTaskInput struct {
	TaskHandle string `json:"TaskHandle" query:"TaskHandle"`
}

// CancelMessageMoveTaskOutput is the output of CancelMessageMoveTask.
type CancelMessageMoveTaskOutput struct {
	ApproximateNumberOfMessagesMoved int64 `json:"ApproximateNumberOfMessagesMoved" query:"ApproximateNumberOfMessagesMoved"`
}

// CancelMessageMoveTask cancels a running message move task.
func (a *API) CancelMessageMoveTask(ctx context.Context, in *CancelMessageMoveTaskInput) (*CancelMessageMoveTaskOutput, error) {
	if err := require(param{"TaskHandle", in.TaskHandle != ""}); err != nil {
		return nil, err
	}
	if err := checkOwnTaskHandle(ctx, in.TaskHandle); err != nil {
		return nil, err
	}
	moved, err := a.svc.CancelMessageMoveTask(ctx, in.TaskHandle)
	if err != nil {
		return nil, err
	}
	return &CancelMessageMoveTaskOutput{ApproximateNumberOfMessagesMoved: moved}, nil
}
