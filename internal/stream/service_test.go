package stream

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/store/pebblestore/streamkv"
)

const testAccount = "000000000000"

var testStart = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// testBundle is a Service on a fresh in-memory Pebble store with a fake
// clock.
type testBundle struct {
	svc   *Service
	clock *clocktest.Fake
	store *streamkv.Store
	ctx   context.Context
}

func setup(t testing.TB, opts Options) *testBundle {
	t.Helper()
	db, err := pebble.Open("", &pebble.Options{FS: vfs.NewMem(), Logger: quietLogger{}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := streamkv.New(db, streamkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clk := clocktest.New(testStart)
	svc := New(st, clk, opts)
	t.Cleanup(func() {
		svc.Close()
		st.Close()
		db.Close()
	})
	return &testBundle{svc: svc, clock: clk, store: st, ctx: context.Background()}
}

func ref(name string) StreamRef { return StreamRef{Account: testAccount, Name: name} }

func (b *testBundle) createStream(t *testing.T, name string, shards int) {
	t.Helper()
	if err := b.svc.CreateStream(b.ctx, &CreateStreamParams{Stream: ref(name), ShardCount: &shards}); err != nil {
		t.Fatalf("CreateStream(%s): %v", name, err)
	}
}

func (b *testBundle) put(t *testing.T, name, key, data string) *PutResult {
	t.Helper()
	res, err := b.svc.PutRecord(b.ctx, &PutRecordParams{Stream: ref(name), Data: []byte(data), PartitionKey: key})
	if err != nil {
		t.Fatalf("PutRecord(%s): %v", data, err)
	}
	return res
}

func (b *testBundle) iterator(t *testing.T, name, shardID, typ, seq string) string {
	t.Helper()
	it, err := b.svc.GetShardIterator(b.ctx, &GetShardIteratorParams{Stream: ref(name), ShardID: shardID, Type: typ,
		StartingSequenceNumber: seq})
	if err != nil {
		t.Fatalf("GetShardIterator(%s, %s): %v", shardID, typ, err)
	}
	return it
}

func (b *testBundle) getRecords(t *testing.T, it string, limit int) *GetRecordsResult {
	t.Helper()
	res, err := b.svc.GetRecords(b.ctx, &GetRecordsParams{Account: testAccount, ShardIterator: it, Limit: limit})
	if err != nil {
		t.Fatalf("GetRecords: %v", err)
	}
	return res
}

// readShard reads a shard from TRIM_HORIZON to where it is caught up (open
// shard) or exhausted (closed shard), returning the data and the last
// answer.
func (b *testBundle) readAll(t *testing.T, name, shardID string) ([]string, *GetRecordsResult) {
	t.Helper()
	it := b.iterator(t, name, shardID, IteratorTrimHorizon, "")
	var data []string
	for {
		res := b.getRecords(t, it, 3)
		for _, r := range res.Records {
			data = append(data, string(r.Data))
		}
		if res.NextShardIterator == "" || len(res.Records) == 0 {
			return data, res
		}
		it = res.NextShardIterator
	}
}

func wantKind(t *testing.T, err, kind error, message string) {
	t.Helper()
	var de *Error
	if !errors.Is(err, kind) || !errors.As(err, &de) {
		t.Fatalf("error = %v, want kind %v", err, kind)
	}
	if message != "" && de.Message != message {
		t.Fatalf("message = %q\nwant      %q", de.Message, message)
	}
}

func TestService_Routing(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 3)
	// Boundaries of three even shards: 113427455640312821154458202477256070485
	// and 226854911280625642308916404954512140970.
	tests := []struct {
		explicit string
		key      string
		shard    string
	}{
		{"0", "k", "shardId-000000000000"},
		{"113427455640312821154458202477256070484", "k", "shardId-000000000000"},
		{"113427455640312821154458202477256070485", "k", "shardId-000000000001"},
		{"226854911280625642308916404954512140970", "k", "shardId-000000000002"},
		{"340282366920938463463374607431768211455", "k", "shardId-000000000002"},
		{"", "a", "shardId-000000000000"},     // 16955237001963240173058271559858726497
		{"", "hello", "shardId-000000000001"}, // 123957004363873451094272536567338222994
		{"", "partition-1", "shardId-000000000001"},
	}
	for _, tt := range tests {
		res, err := b.svc.PutRecord(b.ctx, &PutRecordParams{Stream: ref("s"), Data: []byte("x"), PartitionKey: tt.key,
			ExplicitHashKey: tt.explicit})
		if err != nil {
			t.Fatal(err)
		}
		if res.ShardID != tt.shard {
			t.Errorf("key %q explicit %q went to %s, want %s", tt.key, tt.explicit, res.ShardID, tt.shard)
		}
	}
	_, err := b.svc.PutRecord(b.ctx, &PutRecordParams{Stream: ref("s"), Data: []byte("x"), PartitionKey: "k",
		ExplicitHashKey: "340282366920938463463374607431768211456"})
	wantKind(t, err, ErrInvalidArgument, "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "+
		"Specified value was 340282366920938463463374607431768211456")
}

func TestService_SequenceNumbersIncrease(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	var seqs []string
	for i := range 5 {
		seqs = append(seqs, b.put(t, "s", "k", fmt.Sprint(i)).SequenceNumber)
		b.clock.Advance(time.Millisecond)
	}
	for i := 1; i < len(seqs); i++ {
		if len(seqs[i]) != len(seqs[i-1]) || seqs[i] <= seqs[i-1] {
			t.Fatalf("sequence numbers not increasing: %s then %s", seqs[i-1], seqs[i])
		}
	}
	records := b.getRecords(t, b.iterator(t, "s", "shardId-000000000000", IteratorAtSequenceNumber, seqs[2]), 10).Records
	if len(records) != 3 || records[0].SequenceNumber != seqs[2] {
		t.Fatalf("AT_SEQUENCE_NUMBER %s read %d records starting %v", seqs[2], len(records), records)
	}
	records = b.getRecords(t, b.iterator(t, "s", "shardId-000000000000", IteratorAfterSequenceNumber, seqs[2]), 10).Records
	if len(records) != 2 || records[0].SequenceNumber != seqs[3] {
		t.Fatalf("AFTER_SEQUENCE_NUMBER %s read %v", seqs[2], records)
	}
	desc, err := b.svc.DescribeStream(b.ctx, &DescribeStreamParams{Stream: ref("s")})
	if err != nil {
		t.Fatal(err)
	}
	start := desc.Shards[0].StartingSequenceNumber
	if start >= seqs[0] {
		t.Fatalf("StartingSequenceNumber %s is not before the first record %s", start, seqs[0])
	}
	records = b.getRecords(t, b.iterator(t, "s", "shardId-000000000000", IteratorAfterSequenceNumber, start), 10).Records
	if len(records) != 5 {
		t.Fatalf("AFTER_SEQUENCE_NUMBER StartingSequenceNumber read %d records, want 5", len(records))
	}
}

func TestService_GetShardIteratorErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 2)
	seq := b.put(t, "s", "a", "x").SequenceNumber // shard 0
	tests := []struct {
		name string
		p    GetShardIteratorParams
		kind error
		msg  string
	}{
		{"NoShard", GetShardIteratorParams{ShardID: "shardId-000000000009", Type: IteratorLatest}, ErrResourceNotFound,
			"Shard shardId-000000000009 in stream s under account 000000000000 does not exist"},
		{"BadShardID", GetShardIteratorParams{ShardID: "nope", Type: IteratorLatest}, ErrResourceNotFound,
			"Could not find shard nope in stream s under account 000000000000."},
		{"SeqWithLatest", GetShardIteratorParams{ShardID: "shardId-000000000000", Type: IteratorLatest,
			StartingSequenceNumber: seq}, ErrInvalidArgument,
			"Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or " +
				"(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified LATEST and also a " +
				"StartingSequenceNumber."},
		{"SmallSeq", GetShardIteratorParams{ShardID: "shardId-000000000000", Type: IteratorAtSequenceNumber,
			StartingSequenceNumber: "12345"}, ErrInvalidArgument,
			"Invalid StartingSequenceNumber. It encodes shardId-000000012345, while it was used in a call to a shard " +
				"with shardId-000000000000"},
		{"MalformedSeq", GetShardIteratorParams{ShardID: "shardId-000000000000", Type: IteratorAtSequenceNumber,
			StartingSequenceNumber: "1" + strings.Repeat("0", 45)}, ErrInvalidArgument,
			"StartingSequenceNumber 1" + strings.Repeat("0", 45) + " used in GetShardIterator on shard " +
				"shardId-000000000000 in stream s under account 000000000000 is invalid."},
		{"OtherShardSeq", GetShardIteratorParams{ShardID: "shardId-000000000001", Type: IteratorAtSequenceNumber,
			StartingSequenceNumber: seq}, ErrInvalidArgument,
			"Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to a shard " +
				"with shardId-000000000001"},
		{"FutureTimestamp", GetShardIteratorParams{ShardID: "shardId-000000000000", Type: IteratorAtTimestamp,
			Timestamp: new(testStart.Add(time.Second))}, ErrInvalidArgument,
			fmt.Sprintf("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "+
				"timestampInMillis: %d, currentTimestampInMillis: %d", testStart.Add(time.Second).UnixMilli(), testStart.UnixMilli())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			p.Stream = ref("s")
			_, err := b.svc.GetShardIterator(b.ctx, &p)
			wantKind(t, err, tt.kind, tt.msg)
		})
	}
}

func TestService_GetRecordsPaging(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	for i := range 25 {
		b.put(t, "s", "k", fmt.Sprintf("r%02d", i))
	}
	b.clock.Advance(time.Minute)
	it := b.iterator(t, "s", "shardId-000000000000", IteratorTrimHorizon, "")
	var got []string
	for page := 0; page < 3; page++ {
		res := b.getRecords(t, it, 10)
		for _, r := range res.Records {
			got = append(got, string(r.Data))
		}
		if page < 2 && res.MillisBehindLatest != time.Minute.Milliseconds() {
			t.Errorf("page %d MillisBehindLatest = %d, want %d", page, res.MillisBehindLatest, time.Minute.Milliseconds())
		}
		if page == 2 && res.MillisBehindLatest != 0 {
			t.Errorf("caught up but MillisBehindLatest = %d", res.MillisBehindLatest)
		}
		if res.NextShardIterator == "" || res.NextShardIterator == it {
			t.Fatalf("page %d: NextShardIterator %q, want a fresh one", page, res.NextShardIterator)
		}
		it = res.NextShardIterator
	}
	if len(got) != 25 {
		t.Fatalf("read %d records, want 25", len(got))
	}
	for i, d := range got {
		if d != fmt.Sprintf("r%02d", i) {
			t.Fatalf("record %d is %s", i, d)
		}
	}
	if res := b.getRecords(t, it, 10); len(res.Records) != 0 || res.NextShardIterator == "" {
		t.Fatalf("read past the end: %d records, next %q", len(res.Records), res.NextShardIterator)
	}
	b.put(t, "s", "k", "late")
	if res := b.getRecords(t, it, 10); len(res.Records) != 1 || string(res.Records[0].Data) != "late" {
		t.Fatalf("new record not read from the old end: %+v", res.Records)
	}
	latest := b.iterator(t, "s", "shardId-000000000000", IteratorLatest, "")
	b.put(t, "s", "k", "after-latest")
	if res := b.getRecords(t, latest, 10); len(res.Records) != 1 || string(res.Records[0].Data) != "after-latest" {
		t.Fatalf("LATEST read %+v", res.Records)
	}
}

func TestService_AtTimestamp(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	b.put(t, "s", "k", "old")
	b.clock.Advance(10 * time.Second)
	mark := b.clock.Now()
	b.put(t, "s", "k", "new")
	b.clock.Advance(time.Second)
	it, err := b.svc.GetShardIterator(b.ctx, &GetShardIteratorParams{Stream: ref("s"), ShardID: "shardId-000000000000",
		Type: IteratorAtTimestamp, Timestamp: &mark})
	if err != nil {
		t.Fatal(err)
	}
	if res := b.getRecords(t, it, 10); len(res.Records) != 1 || string(res.Records[0].Data) != "new" {
		t.Fatalf("AT_TIMESTAMP read %+v", res.Records)
	}
}

func TestService_IteratorTamperAndExpiry(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	it := b.iterator(t, "s", "shardId-000000000000", IteratorTrimHorizon, "")
	bad := []string{"", "AAAA", it[:len(it)-4] + "AAAA", it + "A"}
	for _, s := range bad {
		_, err := b.svc.GetRecords(b.ctx, &GetRecordsParams{Account: testAccount, ShardIterator: s})
		wantKind(t, err, ErrInvalidArgument, "Invalid ShardIterator.")
	}
	_, err := b.svc.GetRecords(b.ctx, &GetRecordsParams{Account: "111111111111", ShardIterator: it})
	wantKind(t, err, ErrInvalidArgument, "Invalid ShardIterator.")

	b.clock.Advance(IteratorTTL)
	b.getRecords(t, it, 1) // exactly five minutes old: still valid
	b.clock.Advance(time.Millisecond)
	issued, now := testStart, b.clock.Now()
	_, err = b.svc.GetRecords(b.ctx, &GetRecordsParams{Account: testAccount, ShardIterator: it})
	wantKind(t, err, ErrExpiredIterator, "Iterator expired. The iterator was created at time "+
		issued.Format("Mon Jan 02 15:04:05 UTC 2006")+" while right now it is "+now.Format("Mon Jan 02 15:04:05 UTC 2006")+
		" which is further in the future than the tolerated delay of 300000 milliseconds.")

	if err := b.svc.DeleteStream(b.ctx, ref("s"), false); err != nil {
		t.Fatal(err)
	}
	b.createStream(t, "s", 1)
	fresh := b.iterator(t, "s", "shardId-000000000000", IteratorTrimHorizon, "")
	if err := b.svc.DeleteStream(b.ctx, ref("s"), false); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(time.Second)
	b.createStream(t, "s", 1) // same name, a new stream
	_, err = b.svc.GetRecords(b.ctx, &GetRecordsParams{Account: testAccount, ShardIterator: fresh})
	wantKind(t, err, ErrResourceNotFound, "Shard shardId-000000000000 in stream s under account 000000000000 does not exist")
}

// quietLogger keeps Pebble's informational messages out of test output.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any)              {}
func (quietLogger) Errorf(string, ...any)             {}
func (quietLogger) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
