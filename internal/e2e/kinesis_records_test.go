package e2e

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
)

const shard0 = "shardId-000000000000"

func TestKinesis_PutRecordsAndIterators(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(epoch)
	h := newKinesisHarness(t, servertest.WithClock(clk))
	name := h.createStream(t, 1)
	entries := make([]ktypes.PutRecordsRequestEntry, 5)
	for i := range entries {
		entries[i] = ktypes.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint(i)), Data: []byte(fmt.Sprint("r", i))}
	}
	out, err := h.kin.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String(name), Records: entries})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt32(out.FailedRecordCount) != 0 || len(out.Records) != 5 {
		t.Fatalf("PutRecords = %d failed, %d results", aws.ToInt32(out.FailedRecordCount), len(out.Records))
	}
	seqs := make([]string, 5)
	for i, r := range out.Records {
		seqs[i] = aws.ToString(r.SequenceNumber)
		if aws.ToString(r.ShardId) != shard0 || seqs[i] == "" {
			t.Fatalf("entry %d: shard %s seq %q", i, aws.ToString(r.ShardId), seqs[i])
		}
	}
	clk.Advance(10 * time.Second)
	later := h.put(t, name, "x", []byte("r5"))
	seqs = append(seqs, aws.ToString(later.SequenceNumber))

	iter := func(typ ktypes.ShardIteratorType, seq string, ts *time.Time) []string {
		t.Helper()
		in := &kinesis.GetShardIteratorInput{StreamName: aws.String(name), ShardId: aws.String(shard0), ShardIteratorType: typ, Timestamp: ts}
		if seq != "" {
			in.StartingSequenceNumber = aws.String(seq)
		}
		recs, _ := h.readShard(t, h.iterator(t, in))
		return dataOf(recs)
	}
	all := []string{"r0", "r1", "r2", "r3", "r4", "r5"}
	if got := iter(ktypes.ShardIteratorTypeTrimHorizon, "", nil); !slices.Equal(got, all) {
		t.Errorf("TRIM_HORIZON = %q", got)
	}
	if got := iter(ktypes.ShardIteratorTypeAtSequenceNumber, seqs[2], nil); !slices.Equal(got, all[2:]) {
		t.Errorf("AT_SEQUENCE_NUMBER r2 = %q", got)
	}
	if got := iter(ktypes.ShardIteratorTypeAfterSequenceNumber, seqs[2], nil); !slices.Equal(got, all[3:]) {
		t.Errorf("AFTER_SEQUENCE_NUMBER r2 = %q", got)
	}
	ts := epoch.Add(5 * time.Second)
	if got := iter(ktypes.ShardIteratorTypeAtTimestamp, "", &ts); !slices.Equal(got, all[5:]) {
		t.Errorf("AT_TIMESTAMP between the batches = %q", got)
	}
	latest := h.iterator(t, &kinesis.GetShardIteratorInput{StreamName: aws.String(name), ShardId: aws.String(shard0),
		ShardIteratorType: ktypes.ShardIteratorTypeLatest})
	if recs, _ := h.readShard(t, latest); len(recs) != 0 {
		t.Errorf("LATEST read %q before any new put", dataOf(recs))
	}
	h.put(t, name, "x", []byte("r6"))
	if recs, _ := h.readShard(t, latest); !slices.Equal(dataOf(recs), []string{"r6"}) {
		t.Errorf("LATEST after a put = %q", dataOf(recs))
	}

	// Limit pages; MillisBehindLatest falls to 0 at the tip.
	page, err := h.kin.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(h.trimHorizon(t, name, shard0)), Limit: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if got := dataOf(page.Records); !slices.Equal(got, all[:2]) || page.NextShardIterator == nil {
		t.Fatalf("Limit 2 = %q", got)
	}
	if aws.ToInt64(page.MillisBehindLatest) <= 0 {
		t.Errorf("MillisBehindLatest on the first page = %d, want > 0", aws.ToInt64(page.MillisBehindLatest))
	}
	if !page.Records[0].ApproximateArrivalTimestamp.Equal(epoch) || aws.ToString(page.Records[1].PartitionKey) != "1" {
		t.Errorf("first record arrived %v with key %s", page.Records[0].ApproximateArrivalTimestamp, aws.ToString(page.Records[1].PartitionKey))
	}
	rest, err := h.kin.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: page.NextShardIterator})
	if err != nil {
		t.Fatal(err)
	}
	if got := dataOf(rest.Records); !slices.Equal(got, []string{"r2", "r3", "r4", "r5", "r6"}) || aws.ToInt64(rest.MillisBehindLatest) != 0 {
		t.Errorf("next page = %q, %d ms behind", got, aws.ToInt64(rest.MillisBehindLatest))
	}

	// An iterator expires five minutes after it was issued.
	old := h.trimHorizon(t, name, shard0)
	clk.Advance(5*time.Minute + time.Second)
	_, err = h.kin.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(old)})
	apiErr := wantAPIError(t, err, "ExpiredIteratorException")
	if !strings.HasPrefix(apiErr.ErrorMessage(), "Iterator expired.") {
		t.Errorf("message = %q", apiErr.ErrorMessage())
	}
	_, err = h.kin.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("bm90IGFuIGl0ZXJhdG9y")})
	wantAPIError(t, err, "InvalidArgumentException")
}

func TestKinesis_ErrorsAndARNs(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	_, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("missing"), PartitionKey: aws.String("k"), Data: []byte("x")})
	apiErr := wantAPIError(t, err, "ResourceNotFoundException")
	if want := "Stream missing under account " + account + " not found."; apiErr.ErrorMessage() != want {
		t.Errorf("message = %q, want %q", apiErr.ErrorMessage(), want)
	}
	_, err = h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{})
	wantAPIError(t, err, "InvalidArgumentException")

	name := h.createStream(t, 1)
	arn := aws.String(streamARN(name))
	if _, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamARN: arn, PartitionKey: aws.String("k"), Data: []byte("by arn")}); err != nil {
		t.Fatal(err)
	}
	it := h.iterator(t, &kinesis.GetShardIteratorInput{StreamARN: arn, ShardId: aws.String(shard0), ShardIteratorType: ktypes.ShardIteratorTypeTrimHorizon})
	out, err := h.kin.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(it), StreamARN: arn})
	if err != nil {
		t.Fatal(err)
	}
	if got := dataOf(out.Records); !slices.Equal(got, []string{"by arn"}) {
		t.Errorf("read by ARN = %q", got)
	}
	_, err = h.kin.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name), ShardId: aws.String("shardId-000000000009"),
		ShardIteratorType: ktypes.ShardIteratorTypeTrimHorizon})
	wantAPIError(t, err, "ResourceNotFoundException")
	_, err = h.kin.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name), ShardId: aws.String(shard0),
		ShardIteratorType: ktypes.ShardIteratorTypeTrimHorizon, StartingSequenceNumber: aws.String("1")})
	wantAPIError(t, err, "InvalidArgumentException")
	_, err = h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
		ExplicitHashKey: aws.String("340282366920938463463374607431768211456"), Data: []byte("x")})
	wantAPIError(t, err, "InvalidArgumentException")
}

func TestKinesis_LargeRecords(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	big := bytes.Repeat([]byte("0123456789abcdef"), 3<<16) // 3 MiB
	_, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"), Data: big})
	wantAPIError(t, err, "ValidationException")

	_, err = h.kin.UpdateMaxRecordSize(h.ctx, &kinesis.UpdateMaxRecordSizeInput{StreamARN: aws.String(streamARN(name)), MaxRecordSizeInKiB: aws.Int32(512)})
	wantAPIError(t, err, "ValidationException")
	if _, err := h.kin.UpdateMaxRecordSize(h.ctx, &kinesis.UpdateMaxRecordSizeInput{StreamARN: aws.String(streamARN(name)),
		MaxRecordSizeInKiB: aws.Int32(10240)}); err != nil {
		t.Fatal(err)
	}
	h.put(t, name, "k", big)
	// A PutRecords near the 10 MiB request cap: three 3 MiB records.
	entries := make([]ktypes.PutRecordsRequestEntry, 3)
	for i := range entries {
		entries[i] = ktypes.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: big}
	}
	out, err := h.kin.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String(name), Records: entries})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt32(out.FailedRecordCount) != 0 {
		t.Fatalf("PutRecords of 9 MiB: %d failed", aws.ToInt32(out.FailedRecordCount))
	}
	recs, _ := h.readShard(t, h.trimHorizon(t, name, shard0))
	if len(recs) != 4 {
		t.Fatalf("read %d records, want 4", len(recs))
	}
	for i, r := range recs {
		if !bytes.Equal(r.Data, big) {
			t.Errorf("record %d: %d bytes differ from the %d written", i, len(r.Data), len(big))
		}
	}
}

func TestKinesis_IteratorSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := newKinesisHarness(t, servertest.WithDataDir(dir))
	name := h.createStream(t, 1)
	h.put(t, name, "k", []byte("durable"))
	it := h.trimHorizon(t, name, shard0)
	h.srv.Stop(t)

	h2 := newKinesisHarness(t, servertest.WithDataDir(dir))
	out, err := h2.kin.GetRecords(h2.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(it)})
	if err != nil {
		t.Fatalf("GetRecords with an iterator from before the restart: %v", err)
	}
	if got := dataOf(out.Records); !slices.Equal(got, []string{"durable"}) {
		t.Errorf("after restart read %q", got)
	}
}
