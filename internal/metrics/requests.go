package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sluicemq/sluice/internal/awsproto"
)

// unknownAction labels requests that named no action the API has, so the
// label's values stay bounded by the action tables.
const unknownAction = "Unknown"

// requestMetrics count and time the requests of both APIs.
type requestMetrics struct {
	count   *prometheus.CounterVec
	latency *prometheus.HistogramVec
}

func newRequestMetrics() *requestMetrics {
	return &requestMetrics{
		count: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "requests_total",
			Help: "Requests answered, by API, action and HTTP status code.",
		}, []string{"api", "action", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "request_duration_seconds",
			Help: "Time to answer a request, long polls included, by API and action.",
			// 0.5 ms to 20 s, the longest long poll.
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20},
		}, []string{"api", "action"}),
	}
}

func (m *requestMetrics) register(r *prometheus.Registry) {
	r.MustRegister(m.count, m.latency)
}

// served returns the Served hook of one API, with its label resolved once.
func (m *requestMetrics) served(api string, then func(*awsproto.Served)) func(*awsproto.Served) {
	count := m.count.MustCurryWith(prometheus.Labels{"api": api})
	latency := m.latency.MustCurryWith(prometheus.Labels{"api": api})
	return func(s *awsproto.Served) {
		action := s.Action
		if action == "" {
			action = unknownAction
		}
		count.WithLabelValues(action, statusCode(s.Status)).Inc()
		latency.WithLabelValues(action).Observe(s.Duration.Seconds())
		if then != nil {
			then(s)
		}
	}
}
