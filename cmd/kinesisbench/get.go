package main

import (
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

// runGet prefills the stream, then drains every shard from TRIM_HORIZON,
// timing each GetRecords call.
func runGet(ctx context.Context, o options, out io.Writer) error {
	c := newClient(o.endpoint, max(o.clients, o.readers))
	if err := ensureStream(ctx, c, o.stream, o.shards); err != nil {
		return err
	}
	t0 := time.Now()
	if err := prefill(ctx, c, o); err != nil {
		return err
	}
	fill := time.Since(t0)
	fmt.Fprintf(out, "prefill: %d records in %.1fs = %.0f records/s\n", o.prefill, fill.Seconds(), float64(o.prefill)/fill.Seconds())

	shards, err := listShards(ctx, c, o.stream)
	if err != nil {
		return err
	}
	todo := make(chan string, len(shards))
	for _, s := range shards {
		todo <- s
	}
	close(todo)
	var rec loadgen.Recorder
	var drained atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range o.readers {
		wg.Go(func() {
			for shard := range todo {
				n, err := drainShard(ctx, c, o, shard, &rec)
				drained.Add(n)
				if err != nil {
					rec.Add(0, fmt.Errorf("%s: %w", shard, err))
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	calls, p50, p99 := rec.Percentiles()
	secs := elapsed.Seconds()
	failed, first := rec.Errors()
	fmt.Fprintf(out, "getrecords readers=%d limit=%d size=%d shards=%d prefill=%d: drained %d records in %.2fs = %.0f records/s, %d calls = %.1f calls/s, p50 %.2f ms, p99 %.2f ms, errors %d\n",
		o.readers, o.limit, o.size, len(shards), o.prefill, drained.Load(), secs, float64(drained.Load())/secs,
		calls, float64(calls)/secs, loadgen.Millis(p50), loadgen.Millis(p99), failed)
	if first != nil {
		fmt.Fprintf(out, "first error: %v\n", first)
	}
	if drained.Load() < int64(o.prefill) {
		return fmt.Errorf("drained %d records, fewer than the %d prefilled", drained.Load(), o.prefill)
	}
	return nil
}

func listShards(ctx context.Context, c *kinesis.Client, stream string) ([]string, error) {
	var ids []string
	in := &kinesis.ListShardsInput{StreamName: &stream}
	for {
		res, err := c.ListShards(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("list shards: %w", err)
		}
		for _, s := range res.Shards {
			ids = append(ids, aws.ToString(s.ShardId))
		}
		if res.NextToken == nil {
			return ids, nil
		}
		in = &kinesis.ListShardsInput{NextToken: res.NextToken}
	}
}

// drainShard reads a shard from TRIM_HORIZON until a call returns no
// records at the tip (or the shard ends) and returns how many it read.
func drainShard(ctx context.Context, c *kinesis.Client, o options, shard string, rec *loadgen.Recorder) (int64, error) {
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: &o.stream, ShardId: &shard,
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if err != nil {
		return 0, err
	}
	iter := it.ShardIterator
	var n int64
	for iter != nil {
		t0 := time.Now()
		res, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(int32(o.limit))})
		if err != nil {
			return n, err
		}
		rec.Add(time.Since(t0), nil)
		n += int64(len(res.Records))
		if len(res.Records) == 0 && aws.ToInt64(res.MillisBehindLatest) == 0 {
			break
		}
		iter = res.NextShardIterator
	}
	return n, nil
}
