package sqsapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/queue"
)

// AddPermissionInput is the input of AddPermission.
type AddPermissionInput struct {
	QueueURL      string   `json:"QueueUrl" query:"QueueUrl"`
	Label         string   `json:"Label" query:"Label"`
	AWSAccountIDs []string `json:"AWSAccountIds,omitempty" query:"AWSAccountId"`
	Actions       []string `json:"Actions,omitempty" query:"ActionName"`
}

// AddPermissionOutput is the (empty) output of AddPermission.
type AddPermissionOutput struct{}

// AddPermission adds a statement to a queue's access policy.
func (a *API) AddPermission(ctx context.Context, in *AddPermissionInput) (*AddPermissionOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	err = require(
		param{"Label", in.Label != ""},
		param{"AWSAccountIds", len(in.AWSAccountIDs) > 0},
		param{"Actions", len(in.Actions) > 0},
	)
	if err != nil {
		return nil, err
	}
	err = a.svc.AddPermission(ctx, &queue.AddPermissionParams{
		Queue: ref, Label: in.Label, AccountIDs: in.AWSAccountIDs, Actions: in.Actions,
	})
	if err != nil {
		return nil, err
	}
	return &AddPermissionOutput{}, nil
}
