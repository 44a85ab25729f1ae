package metrics

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sluicemq/sluice/internal/streamgroup"
)

// DefaultMaxGroups bounds the consumer groups whose lag one scrape
// reports.
const DefaultMaxGroups = 1000

// StreamGroups is what the consumer group gauges read:
// streamgroup.Service has it.
type StreamGroups interface {
	// Lags measures at most maxGroups groups and says how many it left
	// out.
	Lags(ctx context.Context, maxGroups int) ([]streamgroup.ShardLag, int, error)
}

// groupLabels label every per-shard group gauge.
var groupLabels = []string{"account", "stream", "group", "shard"}

// groupCollector computes the lag of every consumer group per shard at
// scrape time.
type groupCollector struct {
	groups    StreamGroups
	max       int
	logger    *slog.Logger
	millis    *prometheus.Desc
	records   *prometheus.Desc
	notReport *prometheus.Desc
}

// WatchGroups adds the consumer group gauges, read from groups at each
// scrape. Call it once.
func (m *Metrics) WatchGroups(groups StreamGroups) {
	desc := func(name, help string, labels []string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(namespace, "kinesis", name), help, labels, nil)
	}
	m.registry.MustRegister(&groupCollector{
		groups: groups, max: DefaultMaxGroups, logger: m.logger,
		millis: desc("millis_behind_latest",
			"Age of the oldest record of the shard a consumer group has not checkpointed, 0 when it is caught up "+
				"(the MillisBehindLatest the KCL publishes).", groupLabels),
		records: desc("records_behind_latest",
			"Records of the shard after the consumer group's checkpoint.", groupLabels),
		notReport: desc("groups_not_reported",
			"Consumer groups left out of this scrape's lag gauges because there are more than the limit.", nil),
	})
}

// Describe implements prometheus.Collector.
func (c *groupCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.millis
	ch <- c.records
	ch <- c.notReport
}

// Collect implements prometheus.Collector.
func (c *groupCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	lags, omitted, err := c.groups.Lags(ctx, c.max)
	if err != nil {
		c.logger.Warn("metrics: measuring consumer groups failed", "err", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.notReport, prometheus.GaugeValue, float64(omitted))
	for _, l := range lags {
		labels := []string{l.Group.Stream.Account, l.Group.Stream.Name, l.Group.Name, l.ShardID}
		ch <- prometheus.MustNewConstMetric(c.millis, prometheus.GaugeValue, float64(l.MillisBehind), labels...)
		ch <- prometheus.MustNewConstMetric(c.records, prometheus.GaugeValue, float64(l.RecordsBehind), labels...)
	}
}
