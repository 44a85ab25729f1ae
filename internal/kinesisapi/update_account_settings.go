package kinesisapi

import "context"

// UpdateAccountSettingsInput is the input of UpdateAccountSettings.
type UpdateAccountSettingsInput struct {
	MinimumThroughputBillingCommitment *MinimumThroughputBillingCommitmentInput `json:"MinimumThroughputBillingCommitment"`
}

// MinimumThroughputBillingCommitmentInput turns the commitment on or off.
type MinimumThroughputBillingCommitmentInput struct {
	Status *string `json:"Status"`
}

// UpdateAccountSettingsOutput is the output of UpdateAccountSettings.
type UpdateAccountSettingsOutput struct {
	MinimumThroughputBillingCommitment *MinimumThroughputBillingCommitmentOutput `json:"MinimumThroughputBillingCommitment,omitempty"`
}

// UpdateAccountSettings changes the caller's account settings.
func (a *API) UpdateAccountSettings(ctx context.Context, in *UpdateAccountSettingsInput) (*UpdateAccountSettingsOutput, error) {
	var v validator
	c := in.MinimumThroughputBillingCommitment
	v.required("minimumThroughputBillingCommitment", c != nil)
	if c != nil {
		v.requiredEnum("minimumThroughputBillingCommitment.status", c.Status, "ENABLED", "DISABLED")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	s, err := a.svc.UpdateAccountSettings(account(ctx), *c.Status)
	if err != nil {
		return nil, err
	}
	return &UpdateAccountSettingsOutput{MinimumThroughputBillingCommitment: commitmentOutput(s)}, nil
}
