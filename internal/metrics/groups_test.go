package metrics

import (
	"context"
	"slices"
	"testing"

	dto "github.com/prometheus/client_model/go"

	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/streamgroup"
)

// fakeGroups is a StreamGroups of fixed lags.
type fakeGroups []streamgroup.ShardLag

func (f fakeGroups) Lags(_ context.Context, maxGroups int) ([]streamgroup.ShardLag, int, error) {
	return f, 0, nil
}

func TestGroupLagGauges(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	ref := store.GroupRef{Stream: store.StreamRef{Account: "000000000000", Name: "clicks"}, Name: "billing"}
	m.WatchGroups(fakeGroups{
		{Group: ref, ShardID: "shardId-000000000000", Lag: streamgroup.Lag{RecordsBehind: 7, MillisBehind: 1500}},
		{Group: ref, ShardID: "shardId-000000000001"},
	})
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		for _, mt := range f.GetMetric() {
			labels := mt.GetLabel()
			i := slices.IndexFunc(labels, func(l *dto.LabelPair) bool { return l.GetName() == "shard" })
			if i >= 0 {
				got[f.GetName()+" "+labels[i].GetValue()] = mt.GetGauge().GetValue()
			}
		}
	}
	want := map[string]float64{
		"sluice_kinesis_records_behind_latest shardId-000000000000": 7,
		"sluice_kinesis_millis_behind_latest shardId-000000000000":  1500,
		"sluice_kinesis_records_behind_latest shardId-000000000001": 0,
		"sluice_kinesis_millis_behind_latest shardId-000000000001":  0,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
}
