// Package metrics exposes sluice's Prometheus metrics, named after the
// CloudWatch metrics they mirror: CloudWatch's name in snake case with its
// dots as underscores, after sluice_sqs_ or sluice_kinesis_, with the unit
// (_seconds, _bytes) where CloudWatch's name lacks it and _total on
// counters. ApproximateNumberOfMessagesVisible becomes
// sluice_sqs_approximate_number_of_messages_visible,
// GetRecords.IteratorAgeMilliseconds becomes
// sluice_kinesis_get_records_iterator_age_milliseconds.
//
// A Metrics holds its own registry (no global state). Counters are fed by
// the queue and stream services through their Observer options and by the
// routers through RouterConfig.Served; the queue gauges are read from the
// store when Prometheus scrapes.
package metrics

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/stream"
)

// namespace prefixes every metric name.
const namespace = "sluice"

// Options configure New.
type Options struct {
	// Queues, when set, is read at each scrape for the queue gauges.
	Queues QueueStore
	// Clock tells the time the queue gauges are computed at; nil means
	// the wall clock.
	Clock clock.Clock
	// MaxQueues bounds the queues whose gauges one scrape reports (the
	// first in the store's order, by account then name); the rest are
	// counted in sluice_sqs_queues_not_reported. 0 means DefaultMaxQueues.
	MaxQueues int
	// Logger receives scrape errors; nil discards them.
	Logger *slog.Logger
}

// DefaultMaxQueues is Options.MaxQueues when left at zero.
const DefaultMaxQueues = 1000

// Metrics is sluice's registry and the instruments the services feed.
type Metrics struct {
	registry *prometheus.Registry
	logger   *slog.Logger
	sqs      *sqsMetrics
	kinesis  *kinesisMetrics
	requests *requestMetrics
}

// New builds the registry with the SQS, Kinesis, request, process and Go
// runtime metrics.
func New(opts Options) *Metrics {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.MaxQueues <= 0 {
		opts.MaxQueues = DefaultMaxQueues
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		logger:   opts.Logger,
		sqs:      newSQSMetrics(),
		kinesis:  newKinesisMetrics(),
		requests: newRequestMetrics(),
	}
	m.sqs.register(m.registry)
	m.kinesis.register(m.registry)
	m.requests.register(m.registry)
	if opts.Queues != nil {
		m.registry.MustRegister(newQueueCollector(opts.Queues, opts.Clock, opts.MaxQueues, opts.Logger))
	}
	m.registry.MustRegister(
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewGoCollector(),
	)
	return m
}

// Registry returns the registry, for tests and embedding programs.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// Handler serves the registry in the Prometheus exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(m.logger.Handler(), slog.LevelWarn),
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// QueueObserver returns the observer to give queue.Options.Observer.
func (m *Metrics) QueueObserver() queue.Observer { return m.sqs }

// StreamObserver returns the observer to give stream.Options.Observer.
func (m *Metrics) StreamObserver() stream.Observer { return m.kinesis }

// Served returns the hook to give an API's awsproto.RouterConfig.Served;
// api ("sqs", "kinesis") labels its requests. then, when set, is called
// after the request is counted (request logs).
func (m *Metrics) Served(api string, then func(*awsproto.Served)) func(*awsproto.Served) {
	return m.requests.served(api, then)
}

// statusCode is the code label of an HTTP status, without allocating for
// the common ones.
func statusCode(status int) string {
	switch status {
	case http.StatusOK:
		return "200"
	case http.StatusBadRequest:
		return "400"
	case http.StatusForbidden:
		return "403"
	case http.StatusInternalServerError:
		return "500"
	}
	return strconv.Itoa(status)
}
