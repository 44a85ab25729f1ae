package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// ListStreamConsumersInput is the input of ListStreamConsumers.
type ListStreamConsumersInput struct {
	StreamARN               *string    `json:"StreamARN"`
	NextToken               *string    `json:"NextToken,omitempty"`
	MaxResults              *int       `json:"MaxResults,omitempty"`
	StreamCreationTimestamp *Timestamp `json:"StreamCreationTimestamp,omitempty"`
	StreamID                string     `json:"StreamId,omitempty"`
}

// ListStreamConsumersOutput is the output of ListStreamConsumers.
type ListStreamConsumersOutput struct {
	Consumers []Consumer `json:"Consumers"`
	NextToken string     `json:"NextToken,omitempty"`
}

// ListStreamConsumers lists a stream's consumers in name order.
func (a *API) ListStreamConsumers(ctx context.Context, in *ListStreamConsumersInput) (*ListStreamConsumersOutput, error) {
	var v validator
	v.requiredStr("streamARN", in.StreamARN, streamARNPattern, streamARNPatternText, 1, 2048)
	v.str("nextToken", in.NextToken, nil, "", 1, 1048576)
	v.intRange("maxResults", in.MaxResults, 1, 10000)
	if err := v.err(); err != nil {
		return nil, err
	}
	p := &stream.ListStreamConsumersParams{Account: account(ctx), StreamARN: *in.StreamARN, NextToken: val(in.NextToken)}
	if in.MaxResults != nil {
		p.MaxResults = *in.MaxResults
	}
	consumers, next, err := a.svc.ListStreamConsumers(ctx, p)
	if err != nil {
		return nil, err
	}
	out := &ListStreamConsumersOutput{Consumers: make([]Consumer, len(consumers)), NextToken: next}
	for i := range consumers {
		out.Consumers[i] = toConsumer(&consumers[i])
	}
	return out, nil
}
