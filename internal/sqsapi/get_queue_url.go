package sqsapi

import (
	"context"
)

// GetQueueUrlInput is the input of GetQueueUrl.
type GetQueueUrlInput struct {
	QueueName              string `json:"QueueName" query:"QueueName"`
	QueueOwnerAWSAccountID string `json:"QueueOwnerAWSAccountId,omitempty" query:"QueueOwnerAWSAccountId"`
}

// GetQueueUrlOutput is the output of GetQueueUrl.
type GetQueueUrlOutput struct {
	QueueURL string `json:"QueueUrl,omitempty" query:"QueueUrl"`
}

// GetQueueUrl returns the URL of a queue of the caller's account. Naming
// another account as the owner finds nothing: accounts see only their own
// queues.
func (a *API) GetQueueUrl(ctx context.Context, in *GetQueueUrlInput) (*GetQueueUrlOutput, error) {
	if err := require(param{"QueueName", in.QueueName != ""}); err != nil {
		return nil, err
	}
	ref := callerQueue(ctx, in.QueueName)
	if in.QueueOwnerAWSAccountID != "" && in.QueueOwnerAWSAccountID != ref.Account {
		return nil, errQueueDoesNotExist.New("The specified queue does not exist.")
	}
	if err := a.svc.GetQueueUrl(ctx, ref); err != nil {
		return nil, err
	}
	return &GetQueueUrlOutput{QueueURL: a.queueURL(ctx, ref)}, nil
}
