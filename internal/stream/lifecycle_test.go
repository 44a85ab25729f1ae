package stream

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/store/pebblestore/streamkv"
)

func TestService_StatusTransitions(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{CreateDelay: 500 * time.Millisecond, UpdateDelay: time.Second, DeleteDelay: time.Second})
	b.createStream(t, "s", 1)
	status := func() string {
		d, err := b.svc.DescribeStreamSummary(b.ctx, ref("s"))
		if err != nil {
			t.Fatal(err)
		}
		return d.Status
	}
	if got := status(); got != StatusCreating {
		t.Fatalf("new stream is %s", got)
	}
	_, err := b.svc.PutRecord(b.ctx, &PutRecordParams{Stream: ref("s"), Data: []byte("x"), PartitionKey: "k"})
	wantKind(t, err, ErrResourceNotFound, "Stream s under account 000000000000 not found.")
	err = b.svc.IncreaseStreamRetentionPeriod(b.ctx, ref("s"), 48)
	wantKind(t, err, ErrResourceInUse, "Stream s under account 000000000000 not ACTIVE, instead in state CREATING")

	b.clock.Advance(500 * time.Millisecond)
	if got := status(); got != StatusActive {
		t.Fatalf("after the create delay the stream is %s", got)
	}
	if err := b.svc.SplitShard(b.ctx, ref("s"), "shardId-000000000000", "1000"); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != StatusUpdating {
		t.Fatalf("after SplitShard the stream is %s", got)
	}
	b.put(t, "s", "k", "during update") // UPDATING streams take writes
	b.clock.Advance(time.Second)
	if got := status(); got != StatusActive {
		t.Fatalf("after the update delay the stream is %s", got)
	}
	if err := b.svc.DeleteStream(b.ctx, ref("s"), false); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != StatusDeleting {
		t.Fatalf("after DeleteStream the stream is %s", got)
	}
	b.clock.Advance(time.Second)
	// The name is free once the delete delay has passed.
	b.createStream(t, "s", 2)
	if err := b.svc.DeleteStream(b.ctx, ref("s"), false); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(time.Second)
	_, err = b.svc.DescribeStreamSummary(b.ctx, ref("s"))
	wantKind(t, err, ErrResourceNotFound, "Stream s under account 000000000000 not found.")
	if _, err := b.store.StreamGet(b.ctx, ref("s")); err == nil {
		t.Fatal("the deleted stream is still in the store")
	}
}

func TestService_Retention(t *testing.T) {
	t.Parallel()
	passes := make(chan time.Time, 64) // more than the passes this test causes
	b := setup(t, Options{TrimInterval: time.Hour, trimmed: func(at time.Time) { passes <- at }})
	b.createStream(t, "s", 1)
	b.put(t, "s", "k", "old")
	b.clock.Advance(23 * time.Hour)
	b.put(t, "s", "k", "young")
	b.clock.Advance(90 * time.Minute) // "old" is 24.5 hours old
	data, _ := b.readAll(t, "s", "shardId-000000000000")
	if len(data) != 1 || data[0] != "young" {
		t.Fatalf("read %v; records past retention must not be returned", data)
	}
	// The trimmer deletes the expired record from the store.
	awaitTimers(t, b.clock, 1) // the trimmer is waiting
	b.clock.Advance(time.Hour)
	for at := range passes {
		if !at.Before(b.clock.Now()) {
			break // a pass that saw the record expired
		}
	}
	res, err := b.store.ShardRecordsGet(b.ctx, &store.ShardRecordsGetParams{Stream: ref("s"), Shard: 0, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 1 || string(res.Records[0].Data) != "young" {
		t.Fatalf("store holds %d records after trimming", len(res.Records))
	}
	// Increasing retention does not bring expired data back; the young
	// record is still there 30 hours later.
	if err := b.svc.IncreaseStreamRetentionPeriod(b.ctx, ref("s"), 72); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(30 * time.Hour)
	if data, _ := b.readAll(t, "s", "shardId-000000000000"); len(data) != 1 {
		t.Fatalf("after raising retention read %v", data)
	}
	err = b.svc.DecreaseStreamRetentionPeriod(b.ctx, ref("s"), 100)
	wantKind(t, err, ErrInvalidArgument, "Requested retention period (100 hours) for stream s can not be longer than "+
		"existing retention period (72 hours). Use IncreaseRetentionPeriod API.")
	err = b.svc.IncreaseStreamRetentionPeriod(b.ctx, ref("s"), 23)
	wantKind(t, err, ErrInvalidArgument, "Minimum allowed retention period is 24 hours. Requested retention period "+
		"(23 hours) is too short.")
}

// TestService_RetentionAfterRestart checks that the trimmer of a new
// Service reaches a stream of an account that no request to it has named.
func TestService_RetentionAfterRestart(t *testing.T) {
	t.Parallel()
	fs, clk := vfs.NewMem(), clocktest.New(testStart)
	open := func() (*pebble.DB, *streamkv.Store) {
		db, err := pebble.Open("", &pebble.Options{FS: fs, Logger: quietLogger{}})
		if err != nil {
			t.Fatal(err)
		}
		st, err := streamkv.New(db, streamkv.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return db, st
	}
	ctx := t.Context()
	idle := StreamRef{Account: "222222222222", Name: "idle"}

	db, st := open()
	before := New(st, clk, Options{TrimInterval: time.Hour})
	one := 1
	if err := before.CreateStream(ctx, &CreateStreamParams{Stream: idle, ShardCount: &one}); err != nil {
		t.Fatal(err)
	}
	if _, err := before.PutRecord(ctx, &PutRecordParams{Stream: idle, Data: []byte("old"), PartitionKey: "k"}); err != nil {
		t.Fatal(err)
	}
	before.Close()
	st.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, st = open()
	passes := make(chan time.Time, 1)
	after := New(st, clk, Options{TrimInterval: time.Hour, trimmed: func(at time.Time) { passes <- at }})
	t.Cleanup(func() {
		after.Close()
		st.Close()
		db.Close()
	})
	records := func() int {
		res, err := st.ShardRecordsGet(ctx, &store.ShardRecordsGetParams{Stream: idle, Shard: 0, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Records)
	}
	if n := records(); n != 1 {
		t.Fatalf("after the restart the store holds %d records, want 1", n)
	}
	awaitTimers(t, clk, 1)      // the trimmer is waiting
	clk.Advance(25 * time.Hour) // past the 24-hour retention and the interval
	<-passes
	if n := records(); n != 0 {
		t.Fatalf("after a trim pass the store holds %d records, want none", n)
	}
}

func TestService_Throughput(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{EnforceThroughput: true})
	b.createStream(t, "s", 1)
	entries := make([]PutRecordsEntry, 500)
	for i := range entries {
		entries[i] = PutRecordsEntry{Data: []byte("x"), PartitionKey: "k"}
	}
	for round := range 2 {
		res, err := b.svc.PutRecords(b.ctx, ref("s"), entries)
		if err != nil || res.FailedRecordCount != 0 {
			t.Fatalf("round %d: %+v, %v", round, res, err)
		}
	}
	res, err := b.svc.PutRecords(b.ctx, ref("s"), entries[:2])
	if err != nil {
		t.Fatal(err)
	}
	if res.FailedRecordCount != 2 || res.Entries[0].ErrorCode != "ProvisionedThroughputExceededException" ||
		res.Entries[0].ErrorMessage != "Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000." {
		t.Fatalf("over the record rate: %+v", res)
	}
	_, err = b.svc.PutRecord(b.ctx, &PutRecordParams{Stream: ref("s"), Data: []byte("x"), PartitionKey: "k"})
	wantKind(t, err, ErrProvisionedThroughputExceeded, "")
	b.clock.Advance(time.Second)
	b.put(t, "s", "k", "refilled")

	// Bytes: one 1 MiB record fills the bucket.
	b.clock.Advance(time.Second)
	big := make([]byte, 1<<20-1)
	if _, err := b.svc.PutRecord(b.ctx, &PutRecordParams{Stream: ref("s"), Data: big, PartitionKey: "k"}); err != nil {
		t.Fatal(err)
	}
	_, err = b.svc.PutRecord(b.ctx, &PutRecordParams{Stream: ref("s"), Data: make([]byte, 1000), PartitionKey: "k"})
	wantKind(t, err, ErrProvisionedThroughputExceeded, "")

	// Reads: five GetRecords calls a second.
	it := b.iterator(t, "s", "shardId-000000000000", IteratorLatest, "")
	for i := range 5 {
		res := b.getRecords(t, it, 1)
		if i == 0 {
			it = res.NextShardIterator
		}
	}
	_, err = b.svc.GetRecords(b.ctx, &GetRecordsParams{Account: testAccount, ShardIterator: it})
	wantKind(t, err, ErrProvisionedThroughputExceeded, "Rate exceeded for stream s under account 000000000000.")
	b.clock.Advance(time.Second)
	b.getRecords(t, it, 1)
}

func TestService_ThroughputOffByDefault(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	entries := make([]PutRecordsEntry, 500)
	for i := range entries {
		entries[i] = PutRecordsEntry{Data: []byte("x"), PartitionKey: "k"}
	}
	for range 3 {
		if res, err := b.svc.PutRecords(b.ctx, ref("s"), entries); err != nil || res.FailedRecordCount != 0 {
			t.Fatalf("%+v, %v", res, err)
		}
	}
}

func TestService_ListStreamsAndShards(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	for i := range 5 {
		b.createStream(t, fmt.Sprint("s", i), 3)
	}
	res, err := b.svc.ListStreams(b.ctx, &ListStreamsParams{Account: testAccount, Limit: 2})
	if err != nil || len(res.Streams) != 2 || !res.HasMore || res.NextToken == "" {
		t.Fatalf("first page: %+v, %v", res, err)
	}
	res, err = b.svc.ListStreams(b.ctx, &ListStreamsParams{Account: testAccount, Limit: 10, NextToken: res.NextToken})
	if err != nil || len(res.Streams) != 3 || res.HasMore || res.Streams[0].Name != "s2" {
		t.Fatalf("second page: %+v, %v", res, err)
	}
	shards, err := b.svc.ListShards(b.ctx, &ListShardsParams{Account: testAccount, Stream: ref("s0"), MaxResults: 2})
	if err != nil || len(shards.Shards) != 2 || shards.NextToken == "" {
		t.Fatalf("first shard page: %+v, %v", shards, err)
	}
	_, err = b.svc.ListShards(b.ctx, &ListShardsParams{Account: testAccount, Stream: ref("s0"), NextToken: shards.NextToken})
	wantKind(t, err, ErrInvalidArgument, "NextToken and StreamName cannot be provided together.")
	next, err := b.svc.ListShards(b.ctx, &ListShardsParams{Account: testAccount, NextToken: shards.NextToken})
	if err != nil || len(next.Shards) != 1 || next.Shards[0].ShardID != "shardId-000000000002" || next.NextToken != "" {
		t.Fatalf("second shard page: %+v, %v", next, err)
	}
	b.clock.Advance(nextTokenTTL + time.Second)
	_, err = b.svc.ListShards(b.ctx, &ListShardsParams{Account: testAccount, NextToken: shards.NextToken})
	wantKind(t, err, ErrExpiredNextToken, "")

	if err := b.svc.SplitShard(b.ctx, ref("s0"), "shardId-000000000000", "1000"); err != nil {
		t.Fatal(err)
	}
	filters := map[string][]string{
		FilterAtLatest:      {"shardId-000000000001", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004"},
		FilterAtTrimHorizon: {"shardId-000000000000", "shardId-000000000001", "shardId-000000000002"},
		FilterAfterShardID:  {"shardId-000000000002", "shardId-000000000003", "shardId-000000000004"},
	}
	for typ, want := range filters {
		f := &ShardFilter{Type: typ}
		if typ == FilterAfterShardID {
			f.ShardID = "shardId-000000000001"
		}
		got, err := b.svc.ListShards(b.ctx, &ListShardsParams{Account: testAccount, Stream: ref("s0"), Filter: f})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, sh := range got.Shards {
			ids = append(ids, sh.ShardID)
		}
		if fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Errorf("filter %s: %v, want %v", typ, ids, want)
		}
	}
}

func TestService_CreateStreamErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{ShardLimit: 4})
	b.createStream(t, "s", 3)
	err := b.svc.CreateStream(b.ctx, &CreateStreamParams{Stream: ref("s"), ShardCount: new(1)})
	wantKind(t, err, ErrResourceInUse, "Stream s under account 000000000000 already exists.")
	err = b.svc.CreateStream(b.ctx, &CreateStreamParams{Stream: ref("t"), ShardCount: new(2)})
	wantKind(t, err, ErrLimitExceeded, "This request would exceed the shard limit for the account 000000000000 in "+
		"us-east-1. Current shard count for the account: 3. Limit: 4. Number of additional shards that would have "+
		"resulted from this request: 2. Refer to the AWS Service Limits page "+
		"(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request "+
		"higher limits.")
	lim, err := b.svc.DescribeLimits(b.ctx, testAccount)
	if err != nil || lim.OpenShardCount != 3 || lim.ShardLimit != 4 {
		t.Fatalf("DescribeLimits = %+v, %v", lim, err)
	}
	_, err = b.svc.ResolveStream(testAccount, "", "")
	wantKind(t, err, ErrInvalidArgument, "Stream arn and stream name can't be empty at the same time")
	r, err := b.svc.ResolveStream(testAccount, "", "arn:aws:kinesis:us-east-1:000000000000:stream/s")
	if err != nil || r != ref("s") {
		t.Fatalf("ResolveStream(ARN) = %v, %v", r, err)
	}
}

func TestService_SubscribeToShard(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	b.put(t, "s", "k", "first")
	c, err := b.svc.RegisterStreamConsumer(b.ctx, testAccount, b.svc.StreamARN(ref("s")), "app", nil)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan *SubscribeEvent)
	done := make(chan error, 1)
	ctx, cancel := context.WithCancel(b.ctx)
	defer cancel()
	go func() {
		done <- b.svc.SubscribeToShard(ctx, &SubscribeToShardParams{Account: testAccount, ConsumerARN: c.ARN,
			ShardID: "shardId-000000000000", StartingType: IteratorTrimHorizon},
			func(ev *SubscribeEvent) error { events <- ev; return nil })
	}()
	ev := <-events
	if len(ev.Records) != 1 || string(ev.Records[0].Data) != "first" ||
		ev.ContinuationSequenceNumber != ev.Records[0].SequenceNumber {
		t.Fatalf("first event: %+v", ev)
	}
	// A second subscription of the same consumer and shard within five
	// seconds is refused.
	err = b.svc.SubscribeToShard(b.ctx, &SubscribeToShardParams{Account: testAccount, ConsumerARN: c.ARN,
		ShardID: "shardId-000000000000", StartingType: IteratorLatest}, func(*SubscribeEvent) error { return nil })
	wantKind(t, err, ErrResourceInUse, "Another active subscription exists for this consumer")

	// A put wakes the subscription without the clock moving.
	b.put(t, "s", "k", "second")
	ev = <-events
	if len(ev.Records) != 1 || string(ev.Records[0].Data) != "second" {
		t.Fatalf("second event: %+v", ev)
	}
	resume := ev.ContinuationSequenceNumber

	// Splitting the shard ends the subscription with the children.
	if err := b.svc.SplitShard(b.ctx, ref("s"), "shardId-000000000000", "1000"); err != nil {
		t.Fatal(err)
	}
	ev = <-events
	if len(ev.ChildShards) != 2 || ev.ContinuationSequenceNumber != "" {
		t.Fatalf("last event: %+v", ev)
	}
	if err := <-done; err != nil {
		t.Fatalf("subscription ended with %v", err)
	}
	// Resuming after the continuation finds nothing more than the end.
	b.clock.Advance(leaseTakeover)
	var last *SubscribeEvent
	err = b.svc.SubscribeToShard(b.ctx, &SubscribeToShardParams{Account: testAccount, ConsumerARN: c.ARN,
		ShardID: "shardId-000000000000", StartingType: IteratorAfterSequenceNumber, SequenceNumber: resume},
		func(ev *SubscribeEvent) error { last = ev; return nil })
	if err != nil || last == nil || len(last.Records) != 0 || len(last.ChildShards) != 2 {
		t.Fatalf("resumed subscription: %+v, %v", last, err)
	}
}

func TestService_SubscriptionEndsAfterFiveMinutes(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	c, err := b.svc.RegisterStreamConsumer(b.ctx, testAccount, b.svc.StreamARN(ref("s")), "app", nil)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan *SubscribeEvent, 100)
	done := make(chan error, 1)
	go func() {
		done <- b.svc.SubscribeToShard(b.ctx, &SubscribeToShardParams{Account: testAccount, ConsumerARN: c.ARN,
			ShardID: "shardId-000000000000", StartingType: IteratorLatest},
			func(ev *SubscribeEvent) error { events <- ev; return nil })
	}()
	<-events // the first, empty event
	for elapsed := time.Duration(0); elapsed < SubscriptionTTL; elapsed += subscribeHeartbeat {
		awaitTimers(t, b.clock, 3) // trimmer, deadline, heartbeat
		b.clock.Advance(subscribeHeartbeat)
		if elapsed+subscribeHeartbeat < SubscriptionTTL {
			<-events
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("subscription ended with %v", err)
	}
}

func TestService_SubscribeToCreatingConsumer(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{CreateDelay: time.Second})
	b.createStream(t, "s", 1)
	b.clock.Advance(time.Second)
	c, err := b.svc.RegisterStreamConsumer(b.ctx, testAccount, b.svc.StreamARN(ref("s")), "app", nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &SubscribeToShardParams{Account: testAccount, ConsumerARN: c.ARN, ShardID: "shardId-000000000000",
		StartingType: IteratorLatest}
	err = b.svc.SubscribeToShard(b.ctx, p, func(*SubscribeEvent) error { return nil })
	wantKind(t, err, ErrResourceInUse, fmt.Sprintf("Consumer app with creation timestamp %d under stream: s , "+
		"account 000000000000 is not in ACTIVE status.", b.clock.Now().Unix()))
	b.clock.Advance(time.Second)
	stop := fmt.Errorf("stop")
	if err := b.svc.SubscribeToShard(b.ctx, p, func(*SubscribeEvent) error { return stop }); err != stop {
		t.Fatalf("subscription of an ACTIVE consumer = %v", err)
	}
}

// awaitTimers waits until n timers wait on clk, so the goroutine under test
// is known to be blocked before the test moves time.
func awaitTimers(t *testing.T, clk *clocktest.Fake, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := clk.AwaitTimers(ctx, n); err != nil {
		t.Fatalf("%d timers never waited on the clock", n)
	}
}
