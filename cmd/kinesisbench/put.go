package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/loadgen"
)

// runPut drives PutRecords or PutRecord for a fixed duration.
func runPut(ctx context.Context, o options, out io.Writer) error {
	c := newClient(o.endpoint, o.clients)
	if err := ensureStream(ctx, c, o.stream, o.shards); err != nil {
		return err
	}
	var rec loadgen.Recorder
	deadline := time.Now().Add(o.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range o.clients {
		wg.Go(func() {
			entries := batchEntries(w, o.batch, o.size)
			for i := 0; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				var err error
				if o.mode == "putrecords" {
					err = putRecords(ctx, c, o.stream, entries)
				} else {
					e := entries[i%len(entries)]
					_, err = c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: &o.stream, PartitionKey: e.PartitionKey, Data: e.Data})
				}
				rec.Add(time.Since(t0), err)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	perRequest := 1
	label := fmt.Sprintf("putrecord c=%d size=%d shards=%d", o.clients, o.size, o.shards)
	if o.mode == "putrecords" {
		perRequest = o.batch
		label = fmt.Sprintf("putrecords c=%d batch=%d size=%d shards=%d", o.clients, o.batch, o.size, o.shards)
	}
	n, p50, p99 := rec.Percentiles()
	secs := elapsed.Seconds()
	failed, first := rec.Errors()
	fmt.Fprintf(out, "%s: %d requests in %.1fs = %.0f req/s, %.0f records/s, p50 %.2f ms, p99 %.2f ms, errors %d\n",
		label, n, secs, float64(n)/secs, float64(n*perRequest)/secs, loadgen.Millis(p50), loadgen.Millis(p99), failed)
	if first != nil {
		fmt.Fprintf(out, "first error: %v\n", first)
	}
	return nil
}

// batchEntries returns n records of size bytes whose partition keys, unique
// to worker w, spread over the shards.
func batchEntries(w, n, size int) []types.PutRecordsRequestEntry {
	data := bytes.Repeat([]byte("x"), size)
	entries := make([]types.PutRecordsRequestEntry, n)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprintf("w%d-k%d", w, i)), Data: data}
	}
	return entries
}

// putRecords sends one PutRecords request and treats any failed record as
// a failed request.
func putRecords(ctx context.Context, c *kinesis.Client, stream string, entries []types.PutRecordsRequestEntry) error {
	res, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: &stream, Records: entries})
	if err != nil {
		return err
	}
	if n := aws.ToInt32(res.FailedRecordCount); n > 0 {
		for _, r := range res.Records {
			if r.ErrorCode != nil {
				return fmt.Errorf("%d of %d records failed: %s: %s", n, len(entries), aws.ToString(r.ErrorCode), aws.ToString(r.ErrorMessage))
			}
		}
		return fmt.Errorf("%d of %d records failed", n, len(entries))
	}
	return nil
}

// prefill writes n records with PutRecords from many clients.
func prefill(ctx context.Context, c *kinesis.Client, o options) error {
	var left atomic.Int64
	left.Store(int64(o.prefill))
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for w := range o.clients {
		wg.Go(func() {
			entries := batchEntries(w, o.batch, o.size)
			for {
				n := min(int64(o.batch), left.Add(-int64(o.batch))+int64(o.batch))
				if n <= 0 {
					return
				}
				if err := putRecords(ctx, c, o.stream, entries[:n]); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return fmt.Errorf("prefill: %w", err)
	}
	return nil
}
