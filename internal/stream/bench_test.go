package stream

import (
	"fmt"
	"testing"
)

func BenchmarkPutRecords(b *testing.B) {
	tb := setup(b, Options{})
	shards := 4
	if err := tb.svc.CreateStream(tb.ctx, &CreateStreamParams{Stream: ref("s"), ShardCount: &shards}); err != nil {
		b.Fatal(err)
	}
	entries := make([]PutRecordsEntry, 100)
	for i := range entries {
		entries[i] = PutRecordsEntry{Data: make([]byte, 100), PartitionKey: fmt.Sprint(i)}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := tb.svc.PutRecords(tb.ctx, ref("s"), entries); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(entries))/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkGetRecords(b *testing.B) {
	tb := setup(b, Options{})
	shards := 1
	if err := tb.svc.CreateStream(tb.ctx, &CreateStreamParams{Stream: ref("s"), ShardCount: &shards}); err != nil {
		b.Fatal(err)
	}
	entries := make([]PutRecordsEntry, 500)
	for i := range entries {
		entries[i] = PutRecordsEntry{Data: make([]byte, 100), PartitionKey: "k"}
	}
	for range 200 {
		if _, err := tb.svc.PutRecords(tb.ctx, ref("s"), entries); err != nil {
			b.Fatal(err)
		}
	}
	it, err := tb.svc.GetShardIterator(tb.ctx, &GetShardIteratorParams{Stream: ref("s"), ShardID: ShardID(0),
		Type: IteratorTrimHorizon})
	if err != nil {
		b.Fatal(err)
	}
	read := 0
	b.ResetTimer()
	for b.Loop() {
		res, err := tb.svc.GetRecords(tb.ctx, &GetRecordsParams{Account: testAccount, ShardIterator: it, Limit: 1000})
		if err != nil {
			b.Fatal(err)
		}
		read += len(res.Records)
		it = res.NextShardIterator
		if len(res.Records) == 0 {
			it, _ = tb.svc.GetShardIterator(tb.ctx, &GetShardIteratorParams{Stream: ref("s"), ShardID: ShardID(0),
				Type: IteratorTrimHorizon})
		}
	}
	b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkPutRecord(b *testing.B) {
	tb := setup(b, Options{})
	shards := 4
	if err := tb.svc.CreateStream(tb.ctx, &CreateStreamParams{Stream: ref("s"), ShardCount: &shards}); err != nil {
		b.Fatal(err)
	}
	p := &PutRecordParams{Stream: ref("s"), Data: make([]byte, 100), PartitionKey: "k"}
	for b.Loop() {
		if _, err := tb.svc.PutRecord(tb.ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
