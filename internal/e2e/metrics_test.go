package e2e

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
)

// scrape reads the server's /metrics with the Prometheus text parser.
func scrape(t *testing.T, srv *servertest.Server) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s", resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families
}

// value is the value of the series of family name whose labels include
// labels (name, value pairs); found is false when there is none.
func value(families map[string]*dto.MetricFamily, name string, labels ...string) (v float64, found bool) {
	f, ok := families[name]
	if !ok {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		if !hasLabels(m, labels) {
			continue
		}
		switch f.GetType() {
		case dto.MetricType_COUNTER:
			return m.GetCounter().GetValue(), true
		case dto.MetricType_GAUGE:
			return m.GetGauge().GetValue(), true
		case dto.MetricType_HISTOGRAM:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

func hasLabels(m *dto.Metric, labels []string) bool {
	for i := 0; i+1 < len(labels); i += 2 {
		if !slices.ContainsFunc(m.GetLabel(), func(l *dto.LabelPair) bool {
			return l.GetName() == labels[i] && l.GetValue() == labels[i+1]
		}) {
			return false
		}
	}
	return true
}

// wantValues checks several series of one scrape.
func wantValues(t *testing.T, families map[string]*dto.MetricFamily, want map[string]float64, labels ...string) {
	t.Helper()
	for name, w := range want {
		got, ok := value(families, name, labels...)
		if !ok || got != w {
			t.Errorf("%s%v = %v (present %v), want %v", name, labels, got, ok, w)
		}
	}
}

func TestMetricsFollowSendReceiveDelete(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))
	h := newHarness(t, servertest.WithClock(clk))
	name := queueName(t, "")
	url := h.createQueue(t, name, nil)
	for _, body := range []string{"one", "two", "three"} {
		if _, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)}); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(30 * time.Second)
	q := []string{"account", account, "queue", name}
	wantValues(t, scrape(t, h.srv), map[string]float64{
		"sluice_sqs_number_of_messages_sent_total":              3,
		"sluice_sqs_sent_message_size_bytes":                    3,
		"sluice_sqs_approximate_number_of_messages_visible":     3,
		"sluice_sqs_approximate_number_of_messages_not_visible": 0,
		"sluice_sqs_approximate_age_of_oldest_message_seconds":  30,
	}, q...)

	var handles []string
	empty := 0
	for len(handles) < 3 {
		out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url),
			MaxNumberOfMessages: 10, WaitTimeSeconds: 0})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			empty++
		}
		for _, m := range out.Messages {
			handles = append(handles, aws.ToString(m.ReceiptHandle))
		}
	}
	for _, rh := range handles[:2] {
		if _, err := h.sqs.DeleteMessage(h.ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: aws.String(rh)}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 0})
	if err != nil || len(out.Messages) != 0 {
		t.Fatalf("receive with all in flight = %d messages, %v; want none", len(out.Messages), err)
	}
	empty++
	families := scrape(t, h.srv)
	wantValues(t, families, map[string]float64{
		"sluice_sqs_number_of_messages_received_total":          3,
		"sluice_sqs_number_of_messages_deleted_total":           2,
		"sluice_sqs_number_of_empty_receives_total":             float64(empty),
		"sluice_sqs_approximate_number_of_messages_visible":     0,
		"sluice_sqs_approximate_number_of_messages_not_visible": 1,
	}, q...)
	wantValues(t, families, map[string]float64{"sluice_requests_total": 3},
		"api", "sqs", "action", "SendMessage", "code", "200")
	wantValues(t, families, map[string]float64{"sluice_requests_total": 2},
		"api", "sqs", "action", "DeleteMessage", "code", "200")
	wantValues(t, families, map[string]float64{"sluice_request_duration_seconds": 3},
		"api", "sqs", "action", "SendMessage")

	if _, err := h.sqs.DeleteQueue(h.ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(url)}); err != nil {
		t.Fatal(err)
	}
	families = scrape(t, h.srv)
	for _, name := range []string{"sluice_sqs_number_of_messages_sent_total", "sluice_sqs_sent_message_size_bytes",
		"sluice_sqs_approximate_number_of_messages_visible"} {
		if v, ok := value(families, name, q...); ok {
			t.Errorf("%s of the deleted queue still reported (%v)", name, v)
		}
	}
}

func TestMetricsCountErrorsByCode(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	before, _ := value(scrape(t, h.srv), "sluice_requests_total", "api", "sqs", "action", "GetQueueUrl", "code", "400")
	_, err := h.sqs.GetQueueUrl(h.ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(queueName(t, "-missing"))})
	if err == nil {
		t.Fatal("GetQueueUrl of a missing queue succeeded")
	}
	after, _ := value(scrape(t, h.srv), "sluice_requests_total", "api", "sqs", "action", "GetQueueUrl", "code", "400")
	if after != before+1 {
		t.Errorf("GetQueueUrl 400s went from %v to %v, want one more", before, after)
	}
}

func TestMetricsFollowPutAndGetRecords(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))
	srv := servertest.Start(t, servertest.WithClock(clk))
	h := &kinesisHarness{srv: srv, kin: srv.Kinesis(t), ctx: testContext(t)}
	name := h.createStream(t, 1)
	_, err := h.kin.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String(name), Records: []ktypes.PutRecordsRequestEntry{
		{Data: []byte("abc"), PartitionKey: aws.String("k")},
		{Data: []byte("defg"), PartitionKey: aws.String("k")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(5 * time.Second)
	recs, _ := h.kin.GetRecords(h.ctx, &kinesis.GetRecordsInput{
		ShardIterator: aws.String(h.trimHorizon(t, name, "shardId-000000000000"))})
	if recs == nil || len(recs.Records) != 2 {
		t.Fatalf("GetRecords = %v, want 2 records", recs)
	}
	s := []string{"account", account, "stream", name}
	wantValues(t, scrape(t, srv), map[string]float64{
		"sluice_kinesis_incoming_records_total":                2,
		"sluice_kinesis_incoming_bytes_total":                  9, // data and partition keys
		"sluice_kinesis_get_records_records_total":             2,
		"sluice_kinesis_get_records_bytes_total":               7,
		"sluice_kinesis_get_records_iterator_age_milliseconds": 5000,
	}, s...)

	if _, err := h.kin.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	if v, ok := value(scrape(t, srv), "sluice_kinesis_incoming_records_total", s...); ok {
		t.Errorf("incoming records of the deleted stream still reported (%v)", v)
	}
}
