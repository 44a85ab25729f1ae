package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// DescribeStreamConsumerInput is the input of DescribeStreamConsumer.
type DescribeStreamConsumerInput struct {
	StreamARN    *string `json:"StreamARN,omitempty"`
	ConsumerName *string `json:"ConsumerName,omitempty"`
	ConsumerARN  *string `json:"ConsumerARN,omitempty"`
	StreamID     string  `json:"StreamId,omitempty"`
}

// DescribeStreamConsumerOutput is the output of DescribeStreamConsumer.
type DescribeStreamConsumerOutput struct {
	ConsumerDescription ConsumerDescription `json:"ConsumerDescription"`
}

// ConsumerDescription describes a consumer and its stream.
type ConsumerDescription struct {
	ConsumerName              string    `json:"ConsumerName"`
	ConsumerARN               string    `json:"ConsumerARN"`
	ConsumerStatus            string    `json:"ConsumerStatus"`
	ConsumerCreationTimestamp Timestamp `json:"ConsumerCreationTimestamp"`
	StreamARN                 string    `json:"StreamARN"`
}

// DescribeStreamConsumer describes a consumer named by its ARN, or by its
// stream's ARN and its name.
func (a *API) DescribeStreamConsumer(ctx context.Context, in *DescribeStreamConsumerInput) (*DescribeStreamConsumerOutput, error) {
	sel, err := consumerSelector(ctx, in.StreamARN, in.ConsumerName, in.ConsumerARN)
	if err != nil {
		return nil, err
	}
	c, err := a.svc.DescribeStreamConsumer(ctx, sel)
	if err != nil {
		return nil, err
	}
	return &DescribeStreamConsumerOutput{ConsumerDescription: ConsumerDescription{ConsumerName: c.Name,
		ConsumerARN: c.ARN, ConsumerStatus: c.Status, ConsumerCreationTimestamp: Timestamp(c.Created),
		StreamARN: c.StreamARN}}, nil
}

// consumerSelector checks the members that name a consumer.
func consumerSelector(ctx context.Context, streamARN, name, consumerARN *string) (stream.ConsumerSelector, error) {
	var v validator
	v.streamARN(streamARN)
	v.name("consumerName", name)
	v.str("consumerARN", consumerARN, consumerARNPattern, consumerARNText, 1, 2048)
	if err := v.err(); err != nil {
		return stream.ConsumerSelector{}, err
	}
	return stream.ConsumerSelector{Account: account(ctx), ConsumerARN: val(consumerARN), StreamARN: val(streamARN),
		ConsumerName: val(name)}, nil
}
