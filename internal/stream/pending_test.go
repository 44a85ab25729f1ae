package stream

import (
	"testing"
	"time"
)

// TestService_ReshardWaitsForUpdateDelay checks that a reshard changes the
// shards only when UPDATING ends, at that time, and that the change is
// stored: a service started on the same store after the delay sees it,
// and a second read writes nothing more.
func TestService_ReshardWaitsForUpdateDelay(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{UpdateDelay: time.Second})
	b.createStream(t, "s", 1)
	if err := b.svc.SplitShard(b.ctx, ref("s"), "shardId-000000000000", "1000"); err != nil {
		t.Fatal(err)
	}
	stored, err := b.store.StreamGet(b.ctx, ref("s"))
	if err != nil || len(stored.Shards) != 1 {
		t.Fatalf("while UPDATING the store holds %d shards (%v), want the one", len(stored.Shards), err)
	}
	if err := b.svc.MergeShards(b.ctx, ref("s"), "shardId-000000000000", "shardId-000000000001"); err == nil {
		t.Fatal("MergeShards while UPDATING succeeded")
	}
	end := b.clock.Now().Add(time.Second)
	b.clock.Advance(1500 * time.Millisecond)

	// Another service on the same store: the pending split is part of the
	// stream's metadata.
	other := New(b.store, b.clock, Options{UpdateDelay: time.Second})
	t.Cleanup(other.Close)
	d, err := other.DescribeStream(b.ctx, &DescribeStreamParams{Stream: ref("s")})
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != StatusActive || len(d.Shards) != 3 || d.Shards[0].EndingSequenceNumber == "" {
		t.Fatalf("after the delay DescribeStream = %s with %+v", d.Status, d.Shards)
	}
	stored, err = b.store.StreamGet(b.ctx, ref("s"))
	if err != nil || len(stored.Shards) != 3 {
		t.Fatalf("after the first read the store holds %d shards (%v), want 3", len(stored.Shards), err)
	}
	if !stored.Shards[0].ClosedAt.Equal(end) || !stored.Shards[1].CreatedAt.Equal(end) {
		t.Errorf("parent closed %v, child created %v; want both at the end of UPDATING, %v",
			stored.Shards[0].ClosedAt, stored.Shards[1].CreatedAt, end)
	}
	if m, _ := decodeMeta(stored.Meta); m.Reshard != nil {
		t.Errorf("the applied split is still pending: %+v", m.Reshard)
	}
}
