package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/servertest"
)

// kinesisHarness is a server plus a Kinesis client aimed at it.
type kinesisHarness struct {
	srv *servertest.Server
	kin *kinesis.Client
	ctx context.Context
}

func newKinesisHarness(t *testing.T, opts ...servertest.Option) *kinesisHarness {
	t.Helper()
	srv := servertest.Start(t, opts...)
	return &kinesisHarness{srv: srv, kin: srv.Kinesis(t), ctx: testContext(t)}
}

// streamARN is the ARN sluice gives a stream of the default account.
func streamARN(name string) string {
	return fmt.Sprintf("arn:aws:kinesis:%s:%s:stream/%s", servertest.Region, account, name)
}

// createStream creates a provisioned stream with shards shards and
// returns its name.
func (h *kinesisHarness) createStream(t *testing.T, shards int32) string {
	t.Helper()
	name := queueName(t, "")
	_, err := h.kin.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(shards)})
	if err != nil {
		t.Fatalf("CreateStream %s: %v", name, err)
	}
	return name
}

// put writes one record to a stream and returns where it went.
func (h *kinesisHarness) put(t *testing.T, name, key string, data []byte) *kinesis.PutRecordOutput {
	t.Helper()
	out, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name),
		PartitionKey: aws.String(key), Data: data})
	if err != nil {
		t.Fatalf("PutRecord %s: %v", name, err)
	}
	return out
}

// iterator returns a shard iterator of the given type.
func (h *kinesisHarness) iterator(t *testing.T, in *kinesis.GetShardIteratorInput) string {
	t.Helper()
	out, err := h.kin.GetShardIterator(h.ctx, in)
	if err != nil {
		t.Fatalf("GetShardIterator %s %s: %v", aws.ToString(in.ShardId), in.ShardIteratorType, err)
	}
	return aws.ToString(out.ShardIterator)
}

// trimHorizon returns a TRIM_HORIZON iterator of a shard.
func (h *kinesisHarness) trimHorizon(t *testing.T, name, shard string) string {
	t.Helper()
	return h.iterator(t, &kinesis.GetShardIteratorInput{StreamName: aws.String(name), ShardId: aws.String(shard),
		ShardIteratorType: ktypes.ShardIteratorTypeTrimHorizon})
}

// readShard reads a shard from an iterator until a read comes back empty
// or the shard ends, and returns the records and the last response.
func (h *kinesisHarness) readShard(t *testing.T, it string) ([]ktypes.Record, *kinesis.GetRecordsOutput) {
	t.Helper()
	var recs []ktypes.Record
	for {
		out, err := h.kin.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(it)})
		if err != nil {
			t.Fatalf("GetRecords: %v", err)
		}
		recs = append(recs, out.Records...)
		if len(out.Records) == 0 || out.NextShardIterator == nil {
			return recs, out
		}
		it = aws.ToString(out.NextShardIterator)
	}
}

// shards lists the shards of a stream, in order.
func (h *kinesisHarness) shards(t *testing.T, name string) []ktypes.Shard {
	t.Helper()
	out, err := h.kin.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatalf("ListShards %s: %v", name, err)
	}
	return out.Shards
}

// dataOf returns the data of records as strings.
func dataOf(recs []ktypes.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = string(r.Data)
	}
	return out
}

func TestKinesis_PutAndRead(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	first := h.put(t, name, "k", []byte("one"))
	h.put(t, name, "k", []byte("two"))
	if aws.ToString(first.ShardId) != "shardId-000000000000" {
		t.Errorf("ShardId = %q", aws.ToString(first.ShardId))
	}
	recs, _ := h.readShard(t, h.trimHorizon(t, name, "shardId-000000000000"))
	if got := dataOf(recs); len(got) != 2 || got[0] != "one" || got[1] != "two" {
		t.Fatalf("records = %q, want one, two", got)
	}
	if aws.ToString(recs[0].SequenceNumber) != aws.ToString(first.SequenceNumber) {
		t.Errorf("first record's sequence number %s, PutRecord said %s", aws.ToString(recs[0].SequenceNumber), aws.ToString(first.SequenceNumber))
	}
}
