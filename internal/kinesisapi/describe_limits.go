package kinesisapi

import "context"

// DescribeLimitsInput is the input of DescribeLimits.
type DescribeLimitsInput struct{}

// DescribeLimitsOutput is the output of DescribeLimits.
type DescribeLimitsOutput struct {
	ShardLimit               int `json:"ShardLimit"`
	OpenShardCount           int `json:"OpenShardCount"`
	OnDemandStreamCount      int `json:"OnDemandStreamCount"`
	OnDemandStreamCountLimit int `json:"OnDemandStreamCountLimit"`
}

// DescribeLimits reports the caller's shard and on-demand stream limits
// and usage.
func (a *API) DescribeLimits(ctx context.Context, in *DescribeLimitsInput) (*DescribeLimitsOutput, error) {
	l, err := a.svc.DescribeLimits(ctx, account(ctx))
	if err != nil {
		return nil, err
	}
	return &DescribeLimitsOutput{ShardLimit: l.ShardLimit, OpenShardCount: l.OpenShardCount,
		OnDemandStreamCount: l.OnDemandStreamCount, OnDemandStreamCountLimit: l.OnDemandStreamCountLimit}, nil
}
