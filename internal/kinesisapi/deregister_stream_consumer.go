package kinesisapi

import "context"

// DeregisterStreamConsumerInput is the input of DeregisterStreamConsumer.
type DeregisterStreamConsumerInput struct {
	StreamARN    *string `json:"StreamARN,omitempty"`
	ConsumerName *string `json:"ConsumerName,omitempty"`
	ConsumerARN  *string `json:"ConsumerARN,omitempty"`
	StreamID     string  `json:"StreamId,omitempty"`
}

// DeregisterStreamConsumerOutput is the output of DeregisterStreamConsumer.
type DeregisterStreamConsumerOutput struct{}

// DeregisterStreamConsumer removes a consumer.
func (a *API) DeregisterStreamConsumer(ctx context.Context, in *DeregisterStreamConsumerInput) (*DeregisterStreamConsumerOutput, error) {
	sel, err := consumerSelector(ctx, in.StreamARN, in.ConsumerName, in.ConsumerARN)
	if err != nil {
		return nil, err
	}
	if err := a.svc.DeregisterStreamConsumer(ctx, sel); err != nil {
		return nil, err
	}
	return &DeregisterStreamConsumerOutput{}, nil
}
