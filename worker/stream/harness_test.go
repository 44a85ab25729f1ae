package stream_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/sdkhttp"
	"github.com/sluicemq/sluice/worker/stream"
)

// harness is an in-process sluice with a stream, clients for it and a
// record of what handlers saw.
type harness struct {
	t      *testing.T
	ctx    context.Context
	srv    *servertest.Server
	kin    *kinesis.Client
	groups *stream.GroupClient
	name   string

	mu   sync.Mutex
	seen map[string][]string // shard -> data handled, in order
	// want and done: done closes once want records were seen.
	want int
	done chan struct{}
}

func newHarness(t *testing.T, shards int32, opts ...servertest.Option) *harness {
	t.Helper()
	srv := servertest.Start(t, opts...)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	// One HTTP client for both APIs, its idle connections closed before the
	// server stops: a connection dialled for a request cancelled meanwhile
	// sits unused, and the server's shutdown waits 5 s for such a one.
	cfg := srv.AWSConfig()
	base := awshttp.NewBuildableClient().GetTransport()
	cfg.HTTPClient = &http.Client{Transport: &sdkhttp.Transport{Base: base}}
	t.Cleanup(base.CloseIdleConnections)
	h := &harness{t: t, ctx: ctx, srv: srv, kin: kinesis.NewFromConfig(cfg), name: "clicks", seen: map[string][]string{},
		done: make(chan struct{})}
	groups, err := stream.NewGroupClient(cfg, stream.GroupClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h.groups = groups
	_, err = h.kin.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(h.name), ShardCount: aws.Int32(shards)})
	if err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	return h
}

// put writes n records with partition keys key-0 ... and returns their
// data in the order of each shard.
func (h *harness) put(prefix string, n int) map[string][]string {
	h.t.Helper()
	out := map[string][]string{}
	for i := 0; i < n; i += 500 {
		var entries []types.PutRecordsRequestEntry
		for j := i; j < min(n, i+500); j++ {
			entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprintf("key-%d", j)),
				Data: fmt.Appendf(nil, "%s-%d", prefix, j)})
		}
		res, err := h.kin.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String(h.name), Records: entries})
		if err != nil || aws.ToInt32(res.FailedRecordCount) != 0 {
			h.t.Fatalf("PutRecords: %v", err)
		}
		for k, e := range res.Records {
			out[aws.ToString(e.ShardId)] = append(out[aws.ToString(e.ShardId)], string(entries[k].Data))
		}
	}
	return out
}

// expect makes done close once n more records were handled.
func (h *harness) expect(n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.want, h.done = h.count()+n, make(chan struct{})
}

func (h *harness) count() int {
	n := 0
	for _, s := range h.seen {
		n += len(s)
	}
	return n
}

// handle is a Handler recording what it sees.
func (h *harness) handle(_ context.Context, recs []stream.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range recs {
		h.seen[r.ShardID] = append(h.seen[r.ShardID], string(r.Data))
	}
	if h.want > 0 && h.count() >= h.want {
		close(h.done)
		h.want = 0
	}
	return nil
}

// wait waits for done, or fails the test.
func (h *harness) wait(what string) {
	h.t.Helper()
	select {
	case <-h.done:
	case <-h.ctx.Done():
		h.t.Fatalf("%s: timed out with %d records seen", what, h.count())
	}
}

// consume runs a consumer until the returned stop is called; stop waits
// for Consume to return.
func (h *harness) consume(c *stream.Consumer, handler stream.Handler) (stop func()) {
	ctx, cancel := context.WithCancel(h.ctx)
	errc := make(chan error, 1)
	go func() { errc <- c.Consume(ctx, handler) }()
	return func() {
		h.t.Helper()
		cancel()
		if err := <-errc; err != nil {
			h.t.Errorf("Consume: %v", err)
		}
	}
}

// fast are consumer options for tests: short polls, no backoff.
func fast(member string) stream.Options {
	return stream.Options{Member: member, BatchSize: 10, PollInterval: 5 * time.Millisecond,
		HeartbeatInterval: 20 * time.Millisecond, Backoff: func(int) time.Duration { return time.Millisecond }}
}

// wantSeen checks that each shard's records were handled exactly in the
// order they were put.
func (h *harness) wantSeen(put map[string][]string) {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	for shard, want := range put {
		got := h.seen[shard]
		if fmt.Sprint(got) != fmt.Sprint(want) {
			h.t.Errorf("shard %s: handled %d records %.200v, want %d %.200v", shard, len(got), got, len(want), want)
		}
	}
}

var errFlaky = errors.New("flaky")
