package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/store"
)

// QueueStore is what the queue gauges read: store.QueueStore has it.
type QueueStore interface {
	// QueueRefs lists every queue of every account.
	QueueRefs(ctx context.Context) ([]store.QueueRef, error)
	// QueueStats counts a queue's messages by state at now.
	QueueStats(ctx context.Context, ref store.QueueRef, now time.Time) (*store.QueueStats, error)
}

// scrapeTimeout bounds the store reads of one scrape.
const scrapeTimeout = 10 * time.Second

// queueCollector computes the queue gauges from the store at scrape time.
type queueCollector struct {
	store     QueueStore
	clock     clock.Clock
	max       int
	logger    *slog.Logger
	visible   *prometheus.Desc
	inFlight  *prometheus.Desc
	delayed   *prometheus.Desc
	oldest    *prometheus.Desc
	notReport *prometheus.Desc
}

func newQueueCollector(st QueueStore, clk clock.Clock, maxQueues int, logger *slog.Logger) *queueCollector {
	desc := func(name, help string, labels []string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(namespace, "sqs", name), help, labels, nil)
	}
	return &queueCollector{
		store: st, clock: clk, max: maxQueues, logger: logger,
		visible: desc("approximate_number_of_messages_visible",
			"Messages available for retrieval (CloudWatch ApproximateNumberOfMessagesVisible).", queueLabels),
		inFlight: desc("approximate_number_of_messages_not_visible",
			"Messages received and neither deleted nor visible again (CloudWatch ApproximateNumberOfMessagesNotVisible).",
			queueLabels),
		delayed: desc("approximate_number_of_messages_delayed",
			"Messages not yet available because of a delay (CloudWatch ApproximateNumberOfMessagesDelayed).", queueLabels),
		oldest: desc("approximate_age_of_oldest_message_seconds",
			"Age of the oldest stored message, 0 when the queue is empty (CloudWatch ApproximateAgeOfOldestMessage).",
			queueLabels),
		notReport: desc("queues_not_reported",
			"Queues left out of this scrape's queue gauges because there are more than the limit.", nil),
	}
}

// Describe implements prometheus.Collector.
func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.visible
	ch <- c.inFlight
	ch <- c.delayed
	ch <- c.oldest
	ch <- c.notReport
}

// Collect implements prometheus.Collector: it reads the stats of at most
// max queues. A queue deleted meanwhile is skipped.
func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	refs, err := c.store.QueueRefs(ctx)
	if err != nil {
		c.logger.Warn("metrics: listing queues failed", "err", err)
		return
	}
	omitted := max(0, len(refs)-c.max)
	refs = refs[:len(refs)-omitted]
	ch <- prometheus.MustNewConstMetric(c.notReport, prometheus.GaugeValue, float64(omitted))
	now := c.clock.Now()
	for _, ref := range refs {
		st, err := c.store.QueueStats(ctx, ref, now)
		if err != nil {
			continue
		}
		age := 0.0
		if !st.OldestSentAt.IsZero() {
			age = max(0, now.Sub(st.OldestSentAt).Seconds())
		}
		gauge := func(d *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, ref.Account, ref.Name)
		}
		gauge(c.visible, float64(st.Visible))
		gauge(c.inFlight, float64(st.InFlight))
		gauge(c.delayed, float64(st.Delayed))
		gauge(c.oldest, age)
	}
}
