package kinesisapi

import "context"

// GetResourcePolicyInput is the input of GetResourcePolicy.
type GetResourcePolicyInput struct {
	ResourceARN *string `json:"ResourceARN"`
	StreamID    string  `json:"StreamId,omitempty"`
}

// GetResourcePolicyOutput is the output of GetResourcePolicy.
type GetResourcePolicyOutput struct {
	Policy string `json:"Policy"`
}

// GetResourcePolicy returns the policy of a stream or consumer.
func (a *API) GetResourcePolicy(ctx context.Context, in *GetResourcePolicyInput) (*GetResourcePolicyOutput, error) {
	var v validator
	v.resourceARN(in.ResourceARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	policy, err := a.svc.GetResourcePolicy(ctx, account(ctx), *in.ResourceARN)
	if err != nil {
		return nil, err
	}
	return &GetResourcePolicyOutput{Policy: policy}, nil
}
