package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sluicemq/sluice/internal/stream"
)

// streamLabels label every per-stream metric.
var streamLabels = []string{"account", "stream"}

// kinesisMetrics are the per-stream metrics; it is the stream.Observer.
type kinesisMetrics struct {
	incomingRecords, incomingBytes *prometheus.CounterVec
	gotRecords, gotBytes           *prometheus.CounterVec
	iteratorAge                    *prometheus.GaugeVec
	writeExceeded, readExceeded    *prometheus.CounterVec
}

func newKinesisMetrics() *kinesisMetrics {
	counter := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "kinesis", Name: name, Help: help}, streamLabels)
	}
	return &kinesisMetrics{
		incomingRecords: counter("incoming_records_total",
			"Records appended by PutRecord and PutRecords (CloudWatch IncomingRecords)."),
		incomingBytes: counter("incoming_bytes_total",
			"Bytes appended, data and partition keys (CloudWatch IncomingBytes)."),
		gotRecords: counter("get_records_records_total",
			"Records returned by GetRecords (CloudWatch GetRecords.Records)."),
		gotBytes: counter("get_records_bytes_total",
			"Data bytes returned by GetRecords (CloudWatch GetRecords.Bytes)."),
		iteratorAge: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: namespace, Subsystem: "kinesis", Name: "get_records_iterator_age_milliseconds",
			Help: "Age of the last record the latest GetRecords returned, 0 when it returned none " +
				"(CloudWatch GetRecords.IteratorAgeMilliseconds).",
		}, streamLabels),
		writeExceeded: counter("write_provisioned_throughput_exceeded_total",
			"Records refused by a shard's write limit (CloudWatch WriteProvisionedThroughputExceeded)."),
		readExceeded: counter("read_provisioned_throughput_exceeded_total",
			"GetRecords calls refused by a shard's read limit (CloudWatch ReadProvisionedThroughputExceeded)."),
	}
}

func (m *kinesisMetrics) register(r *prometheus.Registry) {
	r.MustRegister(m.incomingRecords, m.incomingBytes, m.gotRecords, m.gotBytes, m.iteratorAge,
		m.writeExceeded, m.readExceeded)
}

// Put implements stream.Observer.
func (m *kinesisMetrics) Put(ref stream.StreamRef, records, bytes int) {
	m.incomingRecords.WithLabelValues(ref.Account, ref.Name).Add(float64(records))
	m.incomingBytes.WithLabelValues(ref.Account, ref.Name).Add(float64(bytes))
}

// WriteThrottled implements stream.Observer.
func (m *kinesisMetrics) WriteThrottled(ref stream.StreamRef, records int) {
	m.writeExceeded.WithLabelValues(ref.Account, ref.Name).Add(float64(records))
}

// Got implements stream.Observer.
func (m *kinesisMetrics) Got(ref stream.StreamRef, records, bytes int, iteratorAge time.Duration) {
	m.gotRecords.WithLabelValues(ref.Account, ref.Name).Add(float64(records))
	m.gotBytes.WithLabelValues(ref.Account, ref.Name).Add(float64(bytes))
	m.iteratorAge.WithLabelValues(ref.Account, ref.Name).Set(float64(iteratorAge.Milliseconds()))
}

// StreamDeleted implements stream.Observer: the stream's series go, so
// deleted streams do not pile up.
func (m *kinesisMetrics) StreamDeleted(ref stream.StreamRef) {
	for _, v := range []*prometheus.CounterVec{m.incomingRecords, m.incomingBytes, m.gotRecords, m.gotBytes,
		m.writeExceeded, m.readExceeded} {
		v.DeleteLabelValues(ref.Account, ref.Name)
	}
	m.iteratorAge.DeleteLabelValues(ref.Account, ref.Name)
}

// ReadThrottled implements stream.Observer.
func (m *kinesisMetrics) ReadThrottled(ref stream.StreamRef) {
	m.readExceeded.WithLabelValues(ref.Account, ref.Name).Inc()
}
