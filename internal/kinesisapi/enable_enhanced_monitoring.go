package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// EnableEnhancedMonitoringInput is the input of EnableEnhancedMonitoring.
type EnableEnhancedMonitoringInput struct {
	StreamName        *string  `json:"StreamName,omitempty"`
	ShardLevelMetrics []string `json:"ShardLevelMetrics"`
	StreamARN         *string  `json:"StreamARN,omitempty"`
	StreamID          string   `json:"StreamId,omitempty"`
}

// EnhancedMonitoringOutput is the output of Enable- and
// DisableEnhancedMonitoring.
type EnhancedMonitoringOutput struct {
	StreamName               string   `json:"StreamName,omitempty"`
	CurrentShardLevelMetrics []string `json:"CurrentShardLevelMetrics"`
	DesiredShardLevelMetrics []string `json:"DesiredShardLevelMetrics"`
	StreamARN                string   `json:"StreamARN,omitempty"`
}

// metricNames are the ShardLevelMetrics values.
var metricNames = []string{"IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
	"WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds", "ALL"}

// EnableEnhancedMonitoring enables shard-level metrics.
func (a *API) EnableEnhancedMonitoring(ctx context.Context, in *EnableEnhancedMonitoringInput) (*EnhancedMonitoringOutput, error) {
	ref, err := a.monitoringRequest(ctx, in.StreamName, in.StreamARN, in.ShardLevelMetrics)
	if err != nil {
		return nil, err
	}
	res, err := a.svc.EnableEnhancedMonitoring(ctx, ref, in.ShardLevelMetrics)
	if err != nil {
		return nil, err
	}
	return monitoringOutput(res), nil
}

// monitoringRequest checks the members shared by the monitoring actions.
func (a *API) monitoringRequest(ctx context.Context, name, arn *string, metrics []string) (stream.StreamRef, error) {
	var v validator
	v.stream(name, arn)
	v.list("shardLevelMetrics", metrics, true, 1, 7)
	for _, m := range metrics {
		v.enum("shardLevelMetrics.member", &m, metricNames...)
	}
	if err := v.err(); err != nil {
		return stream.StreamRef{}, err
	}
	return a.streamRef(ctx, name, arn)
}

func monitoringOutput(res *stream.MonitoringResult) *EnhancedMonitoringOutput {
	current, desired := res.Current, res.Desired
	if current == nil {
		current = []string{}
	}
	if desired == nil {
		desired = []string{}
	}
	return &EnhancedMonitoringOutput{StreamName: res.Stream.Name, StreamARN: res.ARN,
		CurrentShardLevelMetrics: current, DesiredShardLevelMetrics: desired}
}
