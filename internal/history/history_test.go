package history

import (
	"slices"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/stream"
)

var t0 = time.Date(2026, time.May, 1, 12, 0, 0, 0, time.UTC)

var orders = Key{Resource: Resource{Kind: KindQueue, Account: "000000000000", Name: "orders"}, Metric: Sent}

func TestWindowCountsPerSecond(t *testing.T) {
	clk := clocktest.New(t0)
	r := New(clk, Options{})
	r.Add(orders, 3)
	clk.Advance(1500 * time.Millisecond)
	r.Add(orders, 2)
	r.Add(orders, 1)
	clk.Advance(time.Second)
	got := r.Window(orders, 5*time.Second)
	if want := []uint32{0, 0, 3, 3, 0}; !slices.Equal(got.Values, want) {
		t.Fatalf("Window(5s).Values = %v, want %v", got.Values, want)
	}
	if got.Step != time.Second || !got.Start.Equal(t0.Add(-2*time.Second)) {
		t.Fatalf("Window(5s) starts %v step %v, want %v step 1s", got.Start, got.Step, t0.Add(-2*time.Second))
	}
	if rate := r.Rate(orders, 2*time.Second); rate != 3 {
		t.Fatalf("Rate(2s) = %v, want 3 (6 events in the 2 whole seconds before now)", rate)
	}
}

func TestOldSecondsAreForgottenMinutesKept(t *testing.T) {
	clk := clocktest.New(t0)
	r := New(clk, Options{})
	r.Add(orders, 7)
	clk.Advance(90 * time.Minute)
	r.Add(orders, 1)
	secs := r.Window(orders, time.Hour)
	if len(secs.Values) != 3600 || sum(secs.Values) != 1 {
		t.Fatalf("last hour: %d values summing to %d, want 3600 summing to 1 (the 7 are older than an hour)",
			len(secs.Values), sum(secs.Values))
	}
	mins := r.Window(orders, 2*time.Hour)
	if mins.Step != time.Minute || len(mins.Values) != 120 {
		t.Fatalf("Window(2h): %d values at %v, want 120 at 1m", len(mins.Values), mins.Step)
	}
	if mins.Values[29] != 7 || mins.Values[119] != 1 || sum(mins.Values) != 8 {
		t.Fatalf("Window(2h).Values[29], [119], sum = %d, %d, %d; want 7, 1, 8",
			mins.Values[29], mins.Values[119], sum(mins.Values))
	}
	clk.Advance(25 * time.Hour)
	if got := sum(r.Window(orders, 24*time.Hour).Values); got != 0 {
		t.Fatalf("a day later the last day sums to %d, want 0", got)
	}
}

func TestLateEventsLandInTheirSlot(t *testing.T) {
	clk := clocktest.New(t0)
	r := New(clk, Options{})
	clk.Advance(10 * time.Second)
	r.Add(orders, 1)
	clk.Set(t0.Add(5 * time.Second)) // a clock stepped back
	r.Add(orders, 4)
	clk.Set(t0.Add(10 * time.Second))
	got := r.Window(orders, 6*time.Second)
	if want := []uint32{4, 0, 0, 0, 0, 1}; !slices.Equal(got.Values, want) {
		t.Fatalf("Values = %v, want %v", got.Values, want)
	}
}

func TestMaxSeriesDropsNewSeries(t *testing.T) {
	clk := clocktest.New(t0)
	r := New(clk, Options{MaxSeries: 1})
	r.Add(orders, 1)
	other := orders
	other.Name = "likes"
	r.Add(other, 5)
	if r.Dropped() != 5 || sum(r.Window(other, time.Minute).Values) != 0 {
		t.Fatalf("Dropped = %d, other series sum %d; want 5 and 0", r.Dropped(), sum(r.Window(other, time.Minute).Values))
	}
	r.Forget(orders.Resource)
	r.Add(other, 2)
	if got := sum(r.Window(other, time.Minute).Values); got != 2 {
		t.Fatalf("after Forget the other series sums to %d, want 2", got)
	}
}

func TestObservers(t *testing.T) {
	clk := clocktest.New(t0)
	r := New(clk, Options{})
	ref := queue.QueueRef{Account: "000000000000", Name: "orders"}
	qo := r.QueueObserver()
	qo.Sent(ref, 100)
	qo.Sent(ref, 100)
	qo.Received(ref, 2)
	qo.Deleted(ref, 1)
	res := QueueResource(ref)
	for metric, want := range map[string]uint32{Sent: 2, Received: 2, Deleted: 1} {
		if got := sum(r.Window(Key{Resource: res, Metric: metric}, time.Minute).Values); got != want {
			t.Errorf("%s = %d, want %d", metric, got, want)
		}
	}
	qo.QueueDeleted(ref)
	if got := sum(r.Window(Key{Resource: res, Metric: Sent}, time.Minute).Values); got != 0 {
		t.Errorf("after QueueDeleted sent = %d, want 0", got)
	}

	sref := stream.StreamRef{Account: "000000000000", Name: "clicks"}
	so := r.StreamObserver()
	so.Put(sref, 3, 30)
	so.(stream.ShardObserver).PutShards(sref, map[string]int{"shardId-000000000000": 1, "shardId-000000000001": 2})
	sres := StreamResource(sref)
	if got := sum(r.Window(Key{Resource: sres, Metric: Incoming, Shard: "shardId-000000000001"}, time.Minute).Values); got != 2 {
		t.Errorf("shard 1 incoming = %d, want 2", got)
	}
	if got := slices.Sorted(slices.Values(r.Shards(sres, Incoming))); len(got) != 2 {
		t.Errorf("Shards = %v, want two", got)
	}
	so.StreamDeleted(sref)
	if got := r.Shards(sres, Incoming); len(got) != 0 {
		t.Errorf("after StreamDeleted Shards = %v, want none", got)
	}
}

func sum(vs []uint32) uint32 {
	var s uint32
	for _, v := range vs {
		s += v
	}
	return s
}
