package kinesisapi

import "context"

// PutResourcePolicyInput is the input of PutResourcePolicy.
type PutResourcePolicyInput struct {
	ResourceARN *string `json:"ResourceARN"`
	StreamID    string  `json:"StreamId,omitempty"`
	Policy      *string `json:"Policy"`
}

// PutResourcePolicyOutput is the output of PutResourcePolicy.
type PutResourcePolicyOutput struct{}

// PutResourcePolicy attaches a policy to a stream or consumer. The policy
// is kept and returned; requests are not checked against it.
func (a *API) PutResourcePolicy(ctx context.Context, in *PutResourcePolicyInput) (*PutResourcePolicyOutput, error) {
	var v validator
	v.resourceARN(in.ResourceARN)
	v.required("policy", in.Policy != nil)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := a.svc.PutResourcePolicy(ctx, account(ctx), *in.ResourceARN, *in.Policy); err != nil {
		return nil, err
	}
	return &PutResourcePolicyOutput{}, nil
}
