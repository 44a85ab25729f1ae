package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// DescribeAccountSettingsInput is the input of DescribeAccountSettings.
type DescribeAccountSettingsInput struct{}

// DescribeAccountSettingsOutput is the output of DescribeAccountSettings.
type DescribeAccountSettingsOutput struct {
	MinimumThroughputBillingCommitment *MinimumThroughputBillingCommitmentOutput `json:"MinimumThroughputBillingCommitment,omitempty"`
}

// MinimumThroughputBillingCommitmentOutput is an account's commitment.
type MinimumThroughputBillingCommitmentOutput struct {
	Status               string     `json:"Status"`
	StartedAt            *Timestamp `json:"StartedAt,omitempty"`
	EndedAt              *Timestamp `json:"EndedAt,omitempty"`
	EarliestAllowedEndAt *Timestamp `json:"EarliestAllowedEndAt,omitempty"`
}

// DescribeAccountSettings returns the caller's account settings.
func (a *API) DescribeAccountSettings(ctx context.Context, in *DescribeAccountSettingsInput) (*DescribeAccountSettingsOutput, error) {
	return &DescribeAccountSettingsOutput{
		MinimumThroughputBillingCommitment: commitmentOutput(a.svc.DescribeAccountSettings(account(ctx))),
	}, nil
}

func commitmentOutput(s stream.AccountSettings) *MinimumThroughputBillingCommitmentOutput {
	out := &MinimumThroughputBillingCommitmentOutput{Status: s.CommitmentStatus}
	if !s.StartedAt.IsZero() {
		out.StartedAt = NewTimestamp(s.StartedAt)
	}
	if !s.EndedAt.IsZero() {
		out.EndedAt = NewTimestamp(s.EndedAt)
	}
	return out
}
