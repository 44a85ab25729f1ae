package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/config"
	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/stream"
)

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func newTestServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	cfg.Memory, cfg.Listen = true, "127.0.0.1:0"
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	return s
}

func TestReadyz_OnlyAfterResourcesApplied(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Config{Queues: []config.Queue{{Name: "seeded", Origin: "test"}}})
	reached, release := make(chan struct{}), make(chan struct{})
	s.beforeApply = func() {
		close(reached)
		<-release
	}
	started := make(chan error, 1)
	go func() { started <- s.Start(context.Background()) }()
	<-reached

	base := s.URL()
	if code, body := httpGet(t, base+"/readyz"); code != http.StatusServiceUnavailable || body != "applying configuration\n" {
		t.Errorf("readyz while applying = %d %q, want 503 \"applying configuration\"", code, body)
	}
	if code, _ := httpGet(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("healthz while applying = %d, want 200", code)
	}
	close(release)
	if err := <-started; err != nil {
		t.Fatalf("Start: %v", err)
	}
	if code, body := httpGet(t, base+"/readyz"); code != http.StatusOK || body != "ready\n" {
		t.Errorf("readyz after applying = %d %q, want 200 \"ready\"", code, body)
	}
	if err := s.queues.GetQueueUrl(context.Background(), queue.QueueRef{Account: config.DefaultAccount, Name: "seeded"}); err != nil {
		t.Errorf("seeded queue: %v", err)
	}

	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.readyz(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz after shutdown = %d, want 503", rec.Code)
	}
}

func TestStart_ReportsEveryResourceFailure(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Config{
		Queues: []config.Queue{
			{Name: "fine", Origin: "f.yaml:1"},
			{Name: "picky-dlq", Origin: "f.yaml:2", Attributes: map[string]string{"RedriveAllowPolicy": `{"redrivePermission":"sometimes"}`}},
			{Name: "source", Origin: "f.yaml:3", Redrive: &config.Redrive{DeadLetterQueue: "picky-dlq", MaxReceiveCount: 3}},
		},
		Streams: []config.Stream{
			{Name: "ok", Shards: 2, RetentionHours: 24, Origin: "f.yaml:4"},
			{Name: "huge", Shards: 200000, RetentionHours: 24, Origin: "f.yaml:5"},
		},
	})
	err := s.Start(context.Background())
	if err == nil {
		t.Fatal("Start succeeded, want the failures")
	}
	text := err.Error()
	for _, want := range []string{"f.yaml:2: queue picky-dlq: ", "f.yaml:5: stream huge: "} {
		if !strings.Contains(text, want) {
			t.Errorf("error %q does not contain %q", text, want)
		}
	}
	if strings.Contains(text, "queue source") || strings.Count(text, "\n") != 1 {
		t.Errorf("error %q: want exactly the two failures (source skipped as its DLQ failed)", text)
	}
	rec := httptest.NewRecorder()
	s.readyz(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz after a failed apply = %d, want 503", rec.Code)
	}
	ctx := context.Background()
	if err := s.queues.GetQueueUrl(ctx, queue.QueueRef{Account: config.DefaultAccount, Name: "fine"}); err != nil {
		t.Errorf("the valid queue was not created: %v", err)
	}
	if _, err := s.streams.DescribeStreamSummary(ctx, stream.StreamRef{Account: config.DefaultAccount, Name: "ok"}); err != nil {
		t.Errorf("the valid stream was not created: %v", err)
	}
}

// TestApplyResources_RestoresDeclaredState: an attribute or tag changed at
// run time gets its declared value back at the next start; what the
// configuration does not mention stays.
func TestApplyResources_RestoresDeclaredState(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newTestServer(t, Config{
		Queues: []config.Queue{{Name: "q", Origin: "test", Attributes: map[string]string{"VisibilityTimeout": "45"},
			Tags: map[string]string{"team": "web"}}},
		Streams: []config.Stream{{Name: "s", Shards: 2, RetentionHours: 48, Tags: map[string]string{"team": "web"}, Origin: "test"}},
	})
	if err := s.applyResources(ctx); err != nil {
		t.Fatal(err)
	}
	ref := queue.QueueRef{Account: config.DefaultAccount, Name: "q"}
	sref := stream.StreamRef{Account: config.DefaultAccount, Name: "s"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.queues.SetQueueAttributes(ctx, ref, map[string]string{"VisibilityTimeout": "5", "DelaySeconds": "7"}))
	must(s.queues.TagQueue(ctx, ref, map[string]string{"team": "ops", "extra": "kept"}))
	must(s.streams.DecreaseStreamRetentionPeriod(ctx, sref, 24))
	_, err := s.streams.UpdateShardCount(ctx, sref, 4, stream.ScalingTypeUniform)
	must(err)

	must(s.applyResources(ctx))
	attrs, err := s.queues.GetQueueAttributes(ctx, ref, []string{"VisibilityTimeout", "DelaySeconds"})
	must(err)
	if attrs["VisibilityTimeout"] != "45" || attrs["DelaySeconds"] != "7" {
		t.Errorf("attributes = %v, want VisibilityTimeout 45 (declared) and DelaySeconds 7 (not declared, kept)", attrs)
	}
	tags, err := s.queues.ListQueueTags(ctx, ref)
	must(err)
	if tags["team"] != "web" || tags["extra"] != "kept" {
		t.Errorf("tags = %v, want team=web and extra=kept", tags)
	}
	d, err := s.streams.DescribeStreamSummary(ctx, sref)
	must(err)
	if d.RetentionHours != 48 || d.OpenShardCount != 2 {
		t.Errorf("stream retention %d h, %d shards; want 48 h and 2 shards", d.RetentionHours, d.OpenShardCount)
	}
}

// With a state delay every stream change leaves the stream CREATING or
// UPDATING for a while; applying a declaration that needs several changes
// in a row waits for each to finish instead of failing.
func TestApplyResources_WaitsOutStateDelay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := clocktest.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	s := newTestServer(t, Config{
		Clock:            clk,
		StreamStateDelay: 500 * time.Millisecond,
		Streams:          []config.Stream{{Name: "s", Shards: 2, RetentionHours: 48, Origin: "test"}},
	})
	applied := make(chan error, 1)
	go func() { applied <- s.applyResources(ctx) }()
	// Each wait of the apply arms one timer on the fake clock: move time
	// on until it is done.
	for {
		waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		armed := make(chan error, 1)
		go func() { armed <- clk.AwaitTimers(waitCtx, 1) }()
		select {
		case err := <-applied:
			cancel()
			if err != nil {
				t.Fatalf("apply with a state delay: %v", err)
			}
			d, err := s.streams.DescribeStreamSummary(ctx, stream.StreamRef{Account: config.DefaultAccount, Name: "s"})
			if err != nil || d.RetentionHours != 48 || d.OpenShardCount != 2 {
				t.Fatalf("stream = %+v, %v; want 2 shards kept 48 h", d, err)
			}
			return
		case err := <-armed:
			cancel()
			if err != nil {
				t.Fatal("the apply neither finished nor waited on the clock")
			}
			clk.Advance(500 * time.Millisecond)
		}
	}
}
