package sqsapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/queue"
)

// ListDeadLetterSourceQueuesInput is the input of ListDeadLetterSourceQueues.
type ListDeadLetterSourceQueuesInput struct {
	QueueURL   string `json:"QueueUrl" query:"QueueUrl"`
	NextToken  string `json:"NextToken,omitempty" query:"NextToken"`
	MaxResults *int   `json:"MaxResults,omitempty" query:"MaxResults"`
}

// ListDeadLetterSourceQueuesOutput is the output of
// ListDeadLetterSourceQueues. Its URLs are "queueUrls" in JSON and repeated
// QueueUrl elements in the query protocol, as in the AWS model.
type ListDeadLetterSourceQueuesOutput struct {
	QueueURLs []string `json:"queueUrls,omitempty" query:"QueueUrl"`
	NextToken string   `json:"NextToken,omitempty" query:"NextToken"`
}

// ListDeadLetterSourceQueues lists the queues whose redrive policy names
// the given queue as their dead-letter queue.
func (a *API) ListDeadLetterSourceQueues(ctx context.Context, in *ListDeadLetterSourceQueuesInput) (*ListDeadLetterSourceQueuesOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	res, err := a.svc.ListDeadLetterSourceQueues(ctx, &queue.ListDeadLetterSourceQueuesParams{
		Queue: ref, MaxResults: in.MaxResults, NextToken: in.NextToken,
	})
	if err != nil {
		return nil, err
	}
	return &ListDeadLetterSourceQueuesOutput{QueueURLs: a.queueURLs(ctx, res.Queues), NextToken: res.NextToken}, nil
}
