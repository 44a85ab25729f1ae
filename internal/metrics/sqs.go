package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sluicemq/sluice/internal/queue"
)

// queueLabels label every per-queue metric.
var queueLabels = []string{"account", "queue"}

// sqsMetrics are the per-queue counters; it is the queue.Observer.
type sqsMetrics struct {
	sent, received, deleted, emptyReceives *prometheus.CounterVec
	receivedUnderLimit, throttledReceives  *prometheus.CounterVec
	sentSize                               *prometheus.HistogramVec
}

func newSQSMetrics() *sqsMetrics {
	counter := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "sqs", Name: name, Help: help}, queueLabels)
	}
	return &sqsMetrics{
		sent: counter("number_of_messages_sent_total",
			"Messages stored by SendMessage and SendMessageBatch (CloudWatch NumberOfMessagesSent)."),
		received: counter("number_of_messages_received_total",
			"Messages returned by ReceiveMessage (CloudWatch NumberOfMessagesReceived)."),
		deleted: counter("number_of_messages_deleted_total",
			"Receipt handles DeleteMessage and DeleteMessageBatch accepted (CloudWatch NumberOfMessagesDeleted)."),
		emptyReceives: counter("number_of_empty_receives_total",
			"ReceiveMessage calls that returned no message (CloudWatch NumberOfEmptyReceives)."),
		receivedUnderLimit: counter("number_of_messages_received_under_limit_total",
			"Messages returned by ReceiveMessage from queues with a SluiceDeliveryRate or SluiceMaxInFlight (sluice)."),
		throttledReceives: counter("number_of_throttled_receives_total",
			"ReceiveMessage calls that returned fewer messages than asked, messages being left visible, because of the queue's SluiceDeliveryRate or SluiceMaxInFlight (sluice)."),
		sentSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Subsystem: "sqs", Name: "sent_message_size_bytes",
			Help: "Size of the messages sent, body and attributes (CloudWatch SentMessageSize).",
			// 64 B to 1 MiB, the largest message.
			Buckets: prometheus.ExponentialBuckets(64, 4, 8),
		}, queueLabels),
	}
}

func (m *sqsMetrics) register(r *prometheus.Registry) {
	r.MustRegister(m.sent, m.received, m.deleted, m.emptyReceives, m.receivedUnderLimit, m.throttledReceives, m.sentSize)
}

// Sent implements queue.Observer.
func (m *sqsMetrics) Sent(ref queue.QueueRef, size int) {
	m.sent.WithLabelValues(ref.Account, ref.Name).Inc()
	m.sentSize.WithLabelValues(ref.Account, ref.Name).Observe(float64(size))
}

// Received implements queue.Observer.
func (m *sqsMetrics) Received(ref queue.QueueRef, n int) {
	m.received.WithLabelValues(ref.Account, ref.Name).Add(float64(n))
}

// EmptyReceive implements queue.Observer.
func (m *sqsMetrics) EmptyReceive(ref queue.QueueRef) {
	m.emptyReceives.WithLabelValues(ref.Account, ref.Name).Inc()
}

// ReceivedUnderLimit implements queue.Observer.
func (m *sqsMetrics) ReceivedUnderLimit(ref queue.QueueRef, n int) {
	m.receivedUnderLimit.WithLabelValues(ref.Account, ref.Name).Add(float64(n))
}

// Throttled implements queue.Observer.
func (m *sqsMetrics) Throttled(ref queue.QueueRef) {
	m.throttledReceives.WithLabelValues(ref.Account, ref.Name).Inc()
}

// QueueDeleted implements queue.Observer: the queue's series go, so
// deleted queues do not pile up.
func (m *sqsMetrics) QueueDeleted(ref queue.QueueRef) {
	for _, v := range []*prometheus.CounterVec{m.sent, m.received, m.deleted, m.emptyReceives, m.receivedUnderLimit, m.throttledReceives} {
		v.DeleteLabelValues(ref.Account, ref.Name)
	}
	m.sentSize.DeleteLabelValues(ref.Account, ref.Name)
}

// Deleted implements queue.Observer.
func (m *sqsMetrics) Deleted(ref queue.QueueRef, n int) {
	m.deleted.WithLabelValues(ref.Account, ref.Name).Add(float64(n))
}
