package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/sdkhttp"
	"github.com/sluicemq/sluice/worker/stream"
)

// TestGroups_ConsumersShareAStreamAndSurviveAKill runs two consumer
// groups over one 4-shard stream: three members in group "a" and one in
// group "b", all goroutines of this process. Mid-way one member of "a" is
// killed (its connections cut, no leave) and a new member joins; the
// server's clock then moves past the killed member's lease. Each group must
// handle every record at least once, each lease tenure in shard order
// without gaps, and the only records "a" handles twice must be those the
// killed member handled after its last checkpoint.
func TestGroups_ConsumersShareAStreamAndSurviveAKill(t *testing.T) {
	t.Parallel()
	perPhase := 25000
	if testing.Short() {
		perPhase = 5000
	}
	clk := clocktest.New(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	h := newGroupsHarness(t, 4, servertest.WithClock(clk))
	rec := newRecorder(2 * perPhase)
	run := func(group, member string, gate func(stream.Lease, int)) *groupMember {
		return startMember(t, h, rec, group, member, gate)
	}
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	m1, m3 := run("a", "m1", nil), run("a", "m3", nil)
	m2 := run("a", "m2", func(_ stream.Lease, handled int) {
		if handled >= 300 {
			once.Do(func() { close(reached); <-release })
		}
	})
	b1 := run("b", "b1", nil)
	h.awaitBalanced(t, rec, "a", 3, m1, m2, m3, b1)

	order := h.putPhase(t, "p1", perPhase)
	awaitClosed(t, "m2 handling its 300th record", reached)
	m2.kill()
	close(release)
	m2.stop(t)
	for shard, seqs := range h.putPhase(t, "p2", perPhase) {
		order[shard] = append(order[shard], seqs...)
	}
	m4 := run("a", "m4", nil)
	h.expireMember(t, clk, rec, "a", "m2", m1, m3, m4, b1)
	awaitClosed(t, "group a handling every record", rec.done["a"])
	awaitClosed(t, "group b handling every record", rec.done["b"])
	for _, m := range []*groupMember{m1, m3, m4, b1} {
		m.stop(t)
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	positions := positionsOf(order)
	rec.checkTenures(t, positions)
	window := rec.uncommitted("m2")
	dups := rec.duplicates(t, "a", window)
	if n := rec.duplicateCount("b"); n != 0 {
		t.Errorf("group b, never disturbed, handled %d records twice", n)
	}
	t.Logf("%d records in 4 shards, 2 groups: group a handled %d records twice, all within the %d records the killed member "+
		"handled after its last checkpoints; group b none", 2*perPhase, dups, len(window))
}

// groupMember is one running consumer.
type groupMember struct {
	name   string
	cancel context.CancelFunc
	errc   chan error
	killed *atomic.Bool
	base   *http.Transport
}

// startMember starts a consumer of group whose handler records into rec
// and then calls gate, when set, with the lease and how many records the
// member has handled.
func startMember(t *testing.T, h *groupsHarness, rec *recorder, group, name string, gate func(stream.Lease, int)) *groupMember {
	t.Helper()
	m := &groupMember{name: name, errc: make(chan error, 1), killed: new(atomic.Bool),
		base: awshttp.NewBuildableClient().GetTransport()}
	t.Cleanup(m.base.CloseIdleConnections)
	cfg := h.srv.AWSConfig()
	cfg.RetryMaxAttempts = 3
	cfg.HTTPClient = &http.Client{Transport: &sdkhttp.Transport{Base: killable{m.base, m.killed}}}
	groups := groupClientOf(t, cfg, nil)
	coord := stream.NewGroupCoordinator(groups, h.name, group, stream.TrimHorizon())
	opts := stream.Options{Member: name, BatchSize: 100, PollInterval: 2 * time.Millisecond,
		HeartbeatInterval: 5 * time.Millisecond, Backoff: func(int) time.Duration { return time.Millisecond },
		OnEvent: rec.event}
	c := stream.NewConsumer(kinesis.NewFromConfig(cfg), h.name, coord, opts)
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	go func() {
		m.errc <- c.Consume(ctx, func(ctx context.Context, recs []stream.Record) error {
			l, _ := stream.LeaseFrom(ctx)
			handled := rec.handle(group, name, l, recs)
			if gate != nil {
				gate(l, handled)
			}
			return nil
		})
	}()
	return m
}

// kill cuts the member off: every request it sends from now on fails, as
// if its process died.
func (m *groupMember) kill() { m.killed.Store(true) }

// stop ends the member's Consume and waits for it.
func (m *groupMember) stop(t *testing.T) {
	t.Helper()
	m.cancel()
	select {
	case err := <-m.errc:
		if err != nil {
			t.Errorf("%s: Consume: %v", m.name, err)
		}
	case <-time.After(testTimeout):
		t.Fatalf("%s: Consume did not return", m.name)
	}
}

// killable fails every request once killed is set.
type killable struct {
	base   http.RoundTripper
	killed *atomic.Bool
}

var errKilled = errors.New("the member was killed")

func (k killable) RoundTrip(req *http.Request) (*http.Response, error) {
	if k.killed.Load() {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, errKilled
	}
	return k.base.RoundTrip(req)
}

func awaitClosed(t *testing.T, what string, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(testTimeout):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// putPhase puts n records with PutRecords and returns each shard's
// sequence numbers in order.
func (h *groupsHarness) putPhase(t *testing.T, phase string, n int) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for i := 0; i < n; i += 500 {
		var entries []ktypes.PutRecordsRequestEntry
		for j := i; j < min(n, i+500); j++ {
			entries = append(entries, ktypes.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprintf("user-%d", j%997)),
				Data: fmt.Appendf(nil, "%s-%d", phase, j)})
		}
		res, err := h.kin.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String(h.name), Records: entries})
		if err != nil || aws.ToInt32(res.FailedRecordCount) != 0 {
			t.Fatalf("PutRecords: %v", err)
		}
		for _, e := range res.Records {
			out[aws.ToString(e.ShardId)] = append(out[aws.ToString(e.ShardId)], aws.ToString(e.SequenceNumber))
		}
	}
	return out
}

// awaitBalanced waits until a group has want members, each holding a
// shard, every shard leased and no handoff under way; it looks after each
// round of heartbeats of the members.
func (h *groupsHarness) awaitBalanced(t *testing.T, rec *recorder, group string, want int, members ...*groupMember) {
	t.Helper()
	for range 1000 {
		rec.awaitHeartbeats(t, members...)
		if balanced(h.describe(t, group), want) {
			return
		}
	}
	t.Fatalf("group %s never balanced: %+v", group, h.describe(t, group))
}

func balanced(d *stream.GroupDescription, want int) bool {
	if len(d.Members) != want {
		return false
	}
	for _, m := range d.Members {
		if len(m.ShardIDs) == 0 {
			return false
		}
	}
	for _, s := range d.Shards {
		if s.State != "LEASED" || s.HandoffTo != "" {
			return false
		}
	}
	return true
}

// expireMember moves the server's clock on, 2 s at a time, each step only
// once every live member has heartbeated since, until the group has
// forgotten the silent member.
func (h *groupsHarness) expireMember(t *testing.T, clk *clocktest.Fake, rec *recorder, group, silent string, live ...*groupMember) {
	t.Helper()
	for range 20 {
		rec.awaitHeartbeats(t, live...)
		rec.awaitHeartbeats(t, live...)
		gone := true
		for _, m := range h.describe(t, group).Members {
			gone = gone && m.MemberID != silent
		}
		if gone {
			return
		}
		clk.Advance(2 * time.Second)
	}
	t.Fatalf("member %s never expired", silent)
}
