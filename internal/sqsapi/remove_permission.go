package sqsapi

import (
	"context"
)

// RemovePermissionInput is the input of RemovePermission.
type RemovePermissionInput struct {
	QueueURL string `json:"QueueUrl" query:"QueueUrl"`
	Label    string `json:"Label" query:"Label"`
}

// RemovePermissionOutput is the (empty) output of RemovePermission.
type RemovePermissionOutput struct{}

// RemovePermission removes a statement from a queue's access policy.
func (a *API) RemovePermission(ctx context.Context, in *RemovePermissionInput) (*RemovePermissionOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := require(param{"Label", in.Label != ""}); err != nil {
		return nil, err
	}
	if err := a.svc.RemovePermission(ctx, ref, in.Label); err != nil {
		return nil, err
	}
	return &RemovePermissionOutput{}, nil
}
