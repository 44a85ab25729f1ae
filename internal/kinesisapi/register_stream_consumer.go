package kinesisapi

import "context"

// RegisterStreamConsumerInput is the input of RegisterStreamConsumer.
type RegisterStreamConsumerInput struct {
	StreamARN    *string           `json:"StreamARN"`
	ConsumerName *string           `json:"ConsumerName"`
	StreamID     string            `json:"StreamId,omitempty"`
	Tags         map[string]string `json:"Tags,omitempty"`
}

// RegisterStreamConsumerOutput is the output of RegisterStreamConsumer.
type RegisterStreamConsumerOutput struct {
	Consumer Consumer `json:"Consumer"`
}

// RegisterStreamConsumer registers an enhanced fan-out consumer.
func (a *API) RegisterStreamConsumer(ctx context.Context, in *RegisterStreamConsumerInput) (*RegisterStreamConsumerOutput, error) {
	var v validator
	v.requiredStr("streamARN", in.StreamARN, streamARNPattern, streamARNPatternText, 1, 2048)
	v.requiredName("consumerName", in.ConsumerName)
	v.tags("tags", in.Tags, false)
	if err := v.err(); err != nil {
		return nil, err
	}
	c, err := a.svc.RegisterStreamConsumer(ctx, account(ctx), *in.StreamARN, *in.ConsumerName, in.Tags)
	if err != nil {
		return nil, err
	}
	return &RegisterStreamConsumerOutput{Consumer: toConsumer(c)}, nil
}
