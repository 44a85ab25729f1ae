package kinesisapi

import "context"

// DeleteResourcePolicyInput is the input of DeleteResourcePolicy.
type DeleteResourcePolicyInput struct {
	ResourceARN *string `json:"ResourceARN"`
	StreamID    string  `json:"StreamId,omitempty"`
}

// DeleteResourcePolicyOutput is the output of DeleteResourcePolicy.
type DeleteResourcePolicyOutput struct{}

// DeleteResourcePolicy removes the policy of a stream or consumer.
func (a *API) DeleteResourcePolicy(ctx context.Context, in *DeleteResourcePolicyInput) (*DeleteResourcePolicyOutput, error) {
	var v validator
	v.resourceARN(in.ResourceARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := a.svc.DeleteResourcePolicy(ctx, account(ctx), *in.ResourceARN); err != nil {
		return nil, err
	}
	return &DeleteResourcePolicyOutput{}, nil
}
