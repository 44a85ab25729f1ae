package stream_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/sluicemq/sluice/worker/stream"
)

func TestConsumeEveryShardInOrderWithAMemoryGroup(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 3)
	put := h.put("a", 300)
	h.expect(300)
	coord := stream.NewMemoryCoordinator(h.kin, h.name, stream.MemoryOptions{Start: stream.TrimHorizon()})
	stop := h.consume(stream.NewConsumer(h.kin, h.name, coord, fast("m1")), h.handle)
	h.wait("first records")
	h.expect(30)
	more := h.put("b", 30)
	h.wait("records put while consuming")
	stop()
	for shard, recs := range more {
		put[shard] = append(put[shard], recs...)
	}
	h.wantSeen(put)
}

func TestFailedBatchesAreRetriedInOrder(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 1)
	put := h.put("a", 25)
	h.expect(25)
	var mu sync.Mutex
	failures, events := 0, []stream.EventKind{}
	handler := func(ctx context.Context, recs []stream.Record) error {
		mu.Lock()
		fail := failures < 3
		failures++
		mu.Unlock()
		if fail {
			return errFlaky
		}
		if l, ok := stream.LeaseFrom(ctx); !ok || l.ShardID != recs[0].ShardID {
			t.Errorf("LeaseFrom = %+v, %v", l, ok)
		}
		return h.handle(ctx, recs)
	}
	opts := fast("m1")
	opts.OnEvent = func(e stream.Event) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e.Kind)
	}
	coord := stream.NewGroupCoordinator(h.groups, h.name, "g", stream.TrimHorizon())
	stop := h.consume(stream.NewConsumer(h.kin, h.name, coord, opts), handler)
	h.wait("records after failures")
	stop()
	h.wantSeen(put)
	mu.Lock()
	defer mu.Unlock()
	if n := count(events, stream.HandlerFailed); n != 3 {
		t.Errorf("%d HandlerFailed events, want 3", n)
	}
	if count(events, stream.Joined) != 1 || count(events, stream.Checkpointed) == 0 {
		t.Errorf("events %v", events)
	}
}

func count(kinds []stream.EventKind, k stream.EventKind) int {
	n := 0
	for _, x := range kinds {
		if x == k {
			n++
		}
	}
	return n
}

func TestShutdownCheckpointsAndLeaves(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 2)
	h.put("a", 40)
	h.expect(40)
	coord := stream.NewGroupCoordinator(h.groups, h.name, "g", stream.TrimHorizon())
	stop := h.consume(stream.NewConsumer(h.kin, h.name, coord, fast("m1")), h.handle)
	h.wait("records")
	stop()
	d, err := h.groups.DescribeGroup(h.ctx, &stream.GroupInput{StreamName: h.name, GroupName: "g"})
	if err != nil {
		t.Fatalf("DescribeGroup: %v", err)
	}
	if len(d.Members) != 0 {
		t.Errorf("members after shutdown: %+v", d.Members)
	}
	for _, s := range d.Shards {
		if s.RecordsBehindLatest != 0 || s.Checkpoint == "" || s.State != "UNLEASED" {
			t.Errorf("shard after shutdown: %+v", s)
		}
	}
	// A new member resumes after the checkpoints: it sees only new records.
	more := h.put("b", 10)
	h.mu.Lock()
	h.seen = map[string][]string{}
	h.mu.Unlock()
	h.expect(10)
	stop = h.consume(stream.NewConsumer(h.kin, h.name, coord, fast("m2")), h.handle)
	h.wait("new records")
	stop()
	h.wantSeen(more)
}

func TestChildrenAreReadAfterTheirParent(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 1)
	before := h.put("parent", 50)[shard(0)]
	_, err := h.kin.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String(h.name),
		ShardToSplit: aws.String(shard(0)), NewStartingHashKey: aws.String("170141183460469231731687303715884105728")})
	if err != nil {
		t.Fatalf("SplitShard: %v", err)
	}
	after := h.put("child", 50)
	h.expect(100)
	var mu sync.Mutex
	var order []string
	handler := func(ctx context.Context, recs []stream.Record) error {
		mu.Lock()
		for _, r := range recs {
			order = append(order, r.ShardID)
		}
		mu.Unlock()
		return h.handle(ctx, recs)
	}
	coord := stream.NewGroupCoordinator(h.groups, h.name, "g", stream.TrimHorizon())
	stopA := h.consume(stream.NewConsumer(h.kin, h.name, coord, fast("a")), handler)
	stopB := h.consume(stream.NewConsumer(h.kin, h.name, coord, fast("b")), handler)
	h.wait("every record")
	stopA()
	stopB()
	after[shard(0)] = before
	h.wantSeen(after)
	mu.Lock()
	defer mu.Unlock()
	lastParent := slices.Index(order, shard(0)) + len(before) - 1
	if slices.Contains(order[:lastParent+1], shard(1)) || slices.Contains(order[:lastParent+1], shard(2)) || order[lastParent] != shard(0) {
		t.Errorf("a child record was handled before the parent's last: %v", order)
	}
}

func shard(i int) string {
	return []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002"}[i]
}
