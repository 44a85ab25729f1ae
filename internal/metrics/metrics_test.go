package metrics

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/store"
)

var update = flag.Bool("update", false, "rewrite testdata/metrics.golden from the registry")

// fakeQueues is a QueueStore of fixed queues.
type fakeQueues struct {
	stats map[store.QueueRef]*store.QueueStats
	order []store.QueueRef
}

func (f *fakeQueues) QueueRefs(context.Context) ([]store.QueueRef, error) { return f.order, nil }

func (f *fakeQueues) QueueStats(_ context.Context, ref store.QueueRef, _ time.Time) (*store.QueueStats, error) {
	st, ok := f.stats[ref]
	if !ok {
		return nil, store.ErrQueueNotFound
	}
	return st, nil
}

func newFakeQueues(stats ...*store.QueueStats) *fakeQueues {
	f := &fakeQueues{stats: map[store.QueueRef]*store.QueueStats{}}
	for i, st := range stats {
		ref := store.QueueRef{Account: "000000000000", Name: fmt.Sprintf("q%d", i)}
		f.order = append(f.order, ref)
		f.stats[ref] = st
	}
	return f
}

// feed makes every metric family appear: each observer method, the
// group gauges and both router hooks once.
func feed(m *Metrics) {
	q := store.QueueRef{Account: "000000000000", Name: "q0"}
	m.QueueObserver().Sent(q, 100)
	m.QueueObserver().Received(q, 1)
	m.QueueObserver().EmptyReceive(q)
	m.QueueObserver().ReceivedUnderLimit(q, 1)
	m.QueueObserver().Throttled(q)
	m.QueueObserver().Deleted(q, 1)
	s := store.StreamRef{Account: "000000000000", Name: "s0"}
	m.StreamObserver().Put(s, 2, 20)
	m.StreamObserver().WriteThrottled(s, 1)
	m.StreamObserver().Got(s, 2, 20, 1500*time.Millisecond)
	m.StreamObserver().ReadThrottled(s)
	m.WatchGroups(fakeGroups{{Group: store.GroupRef{Stream: s, Name: "g"}, ShardID: "shardId-000000000000"}})
	m.Served("sqs", nil)(&awsproto.Served{Action: "SendMessage", Status: 200, Duration: time.Millisecond})
	m.Served("kinesis", nil)(&awsproto.Served{Status: 400})
}

// describe lists the sluice families as "name type label,label...", one a
// line, sorted.
func describe(t *testing.T, families []*dto.MetricFamily) string {
	t.Helper()
	var lines []string
	for _, f := range families {
		if !strings.HasPrefix(f.GetName(), namespace+"_") {
			continue
		}
		var labels []string
		if len(f.GetMetric()) > 0 {
			for _, l := range f.GetMetric()[0].GetLabel() {
				labels = append(labels, l.GetName())
			}
		}
		line := fmt.Sprintf("%s %s %s", f.GetName(), strings.ToLower(f.GetType().String()), strings.Join(labels, ","))
		lines = append(lines, strings.TrimSpace(line))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n"
}

func TestMetricNamesGolden(t *testing.T) {
	m := New(Options{Queues: newFakeQueues(&store.QueueStats{}), Clock: clocktest.New(time.Unix(1e9, 0))})
	feed(m)
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := describe(t, families)
	golden := filepath.Join("testdata", "metrics.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/metrics -run Golden -update)", err)
	}
	if got != string(want) {
		t.Errorf("metric families changed (update README's table, then run with -update):\ngot:\n%s\nwant:\n%s", got, want)
	}
	for _, name := range []string{"go_goroutines", "process_start_time_seconds"} {
		if !slices.ContainsFunc(families, func(f *dto.MetricFamily) bool { return f.GetName() == name }) {
			t.Errorf("no %s: the Go and process collectors are missing", name)
		}
	}
}

// gauge scrapes m and returns the value of the gauge name of queue (any
// series when queue is empty).
func gauge(t *testing.T, m *Metrics, name, queue string) (float64, bool) {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, mt := range f.GetMetric() {
			if queue == "" || slices.ContainsFunc(mt.GetLabel(), func(l *dto.LabelPair) bool {
				return l.GetName() == "queue" && l.GetValue() == queue
			}) {
				return mt.GetGauge().GetValue(), true
			}
		}
	}
	return 0, false
}

func TestQueueGaugesAtScrapeTime(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Unix(1e9, 0))
	st := &store.QueueStats{Visible: 3, InFlight: 2, Delayed: 1, OldestSentAt: clk.Now().Add(-90 * time.Second)}
	m := New(Options{Queues: newFakeQueues(st), Clock: clk})
	for name, want := range map[string]float64{
		"sluice_sqs_approximate_number_of_messages_visible":     3,
		"sluice_sqs_approximate_number_of_messages_not_visible": 2,
		"sluice_sqs_approximate_number_of_messages_delayed":     1,
		"sluice_sqs_approximate_age_of_oldest_message_seconds":  90,
	} {
		if got, ok := gauge(t, m, name, "q0"); !ok || got != want {
			t.Errorf("%s = %v (found %v), want %v", name, got, ok, want)
		}
	}
	st.Visible = 7
	clk.Advance(10 * time.Second)
	if got, _ := gauge(t, m, "sluice_sqs_approximate_number_of_messages_visible", "q0"); got != 7 {
		t.Errorf("visible after a change = %v, want 7 (read at scrape time)", got)
	}
	if got, _ := gauge(t, m, "sluice_sqs_approximate_age_of_oldest_message_seconds", "q0"); got != 100 {
		t.Errorf("age after 10 s = %v, want 100", got)
	}
}

func TestQueueGaugesCapped(t *testing.T) {
	t.Parallel()
	m := New(Options{Queues: newFakeQueues(&store.QueueStats{}, &store.QueueStats{}, &store.QueueStats{}),
		MaxQueues: 2})
	if _, ok := gauge(t, m, "sluice_sqs_approximate_number_of_messages_visible", "q2"); ok {
		t.Error("the third queue is reported past MaxQueues 2")
	}
	if _, ok := gauge(t, m, "sluice_sqs_approximate_number_of_messages_visible", "q1"); !ok {
		t.Error("the second queue is not reported")
	}
	if got, _ := gauge(t, m, "sluice_sqs_queues_not_reported", ""); got != 1 {
		t.Errorf("queues_not_reported = %v, want 1", got)
	}
}
