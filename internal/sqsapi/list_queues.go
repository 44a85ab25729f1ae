package sqsapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/queue"
)

// ListQueuesInput is the input of ListQueues.
type ListQueuesInput struct {
	QueueNamePrefix string `json:"QueueNamePrefix,omitempty" query:"QueueNamePrefix"`
	NextToken       string `json:"NextToken,omitempty" query:"NextToken"`
	MaxResults      *int   `json:"MaxResults,omitempty" query:"MaxResults"`
}

// ListQueuesOutput is the output of ListQueues.
type ListQueuesOutput struct {
	QueueURLs []string `json:"QueueUrls,omitempty" query:"QueueUrl"`
	NextToken string   `json:"NextToken,omitempty" query:"NextToken"`
}

// ListQueues lists the caller's queues, optionally those whose names start
// with a prefix.
func (a *API) ListQueues(ctx context.Context, in *ListQueuesInput) (*ListQueuesOutput, error) {
	res, err := a.svc.ListQueues(ctx, &queue.ListQueuesParams{
		Account:    awsproto.RequestFrom(ctx).Account,
		Prefix:     in.QueueNamePrefix,
		MaxResults: in.MaxResults,
		NextToken:  in.NextToken,
	})
	if err != nil {
		return nil, err
	}
	return &ListQueuesOutput{QueueURLs: a.queueURLs(ctx, res.Queues), NextToken: res.NextToken}, nil
}
