package kinesisapi

import "context"

// DisableEnhancedMonitoringInput is the input of DisableEnhancedMonitoring.
type DisableEnhancedMonitoringInput struct {
	StreamName        *string  `json:"StreamName,omitempty"`
	ShardLevelMetrics []string `json:"ShardLevelMetrics"`
	StreamARN         *string  `json:"StreamARN,omitempty"`
	StreamID          string   `json:"StreamId,omitempty"`
}

// DisableEnhancedMonitoring disables shard-level metrics.
func (a *API) DisableEnhancedMonitoring(ctx context.Context, in *DisableEnhancedMonitoringInput) (*EnhancedMonitoringOutput, error) {
	ref, err := a.monitoringRequest(ctx, in.StreamName, in.StreamARN, in.ShardLevelMetrics)
	if err != nil {
		return nil, err
	}
	res, err := a.svc.DisableEnhancedMonitoring(ctx, ref, in.ShardLevelMetrics)
	if err != nil {
		return nil, err
	}
	return monitoringOutput(res), nil
}
