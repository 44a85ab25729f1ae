// Package workerprom exports a worker.Consumer's events as Prometheus
// metrics:
//
//	sluice_worker_events_total{queue, kind}               counter
//	sluice_worker_handler_duration_seconds{queue, outcome} histogram
//
// kind is an EventKind's name (handled, failed, gave_up, released,
// delete_failed, receive_failed); outcome is handled, failed or gave_up.
//
//	m := workerprom.New(prometheus.DefaultRegisterer)
//	c := worker.NewConsumer(client, url, worker.Options{OnEvent: m.Observer("likes")})
package workerprom

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sluicemq/sluice/worker"
)

// Metrics holds the metrics of any number of consumers, told apart by the
// queue label.
type Metrics struct {
	events    *prometheus.CounterVec
	durations *prometheus.HistogramVec
}

// New registers the metrics with reg.
func New(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sluice_worker_events_total",
			Help: "Events of worker consumers: messages handled, failed, given up, released, failed deletes and receives.",
		}, []string{"queue", "kind"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sluice_worker_handler_duration_seconds",
			Help:    "How long worker handlers ran, by outcome.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 10),
		}, []string{"queue", "outcome"}),
	}
	reg.MustRegister(m.events, m.durations)
	return m
}

// Observer returns an Options.OnEvent that records the events of a
// consumer of queue (a name for the label, such as the queue's name).
func (m *Metrics) Observer(queue string) func(worker.Event) {
	return func(e worker.Event) {
		m.events.WithLabelValues(queue, e.Kind.String()).Inc()
		switch e.Kind {
		case worker.Handled, worker.Failed, worker.GaveUp:
			m.durations.WithLabelValues(queue, e.Kind.String()).Observe(e.Duration.Seconds())
		}
	}
}
