package sqsapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/queue"
)

// CreateQueueInput is the input of CreateQueue. Its tags are "tags" in JSON
// and Tag.N.Key/Value in the query protocol, as in the AWS model.
type CreateQueueInput struct {
	QueueName  string            `json:"QueueName" query:"QueueName"`
	Attributes map[string]string `json:"Attributes,omitempty" query:"Attribute,map=Name/Value"`
	Tags       map[string]string `json:"tags,omitempty" query:"Tag,map=Key/Value"`
}

// CreateQueueOutput is the output of CreateQueue.
type CreateQueueOutput struct {
	QueueURL string `json:"QueueUrl,omitempty" query:"QueueUrl"`
}

// CreateQueue creates a queue, or returns the URL of an existing queue with
// the same name and attributes.
func (a *API) CreateQueue(ctx context.Context, in *CreateQueueInput) (*CreateQueueOutput, error) {
	if err := require(param{"QueueName", in.QueueName != ""}); err != nil {
		return nil, err
	}
	if err := checkOwnRedriveTarget(ctx, in.Attributes); err != nil {
		return nil, err
	}
	ref := callerQueue(ctx, in.QueueName)
	err := a.svc.CreateQueue(ctx, &queue.CreateQueueParams{Queue: ref, Attributes: in.Attributes, Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return &CreateQueueOutput{QueueURL: a.queueURL(ctx, ref)}, nil
}
