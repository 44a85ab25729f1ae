package e2e

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Hash key ranges of a stream of two shards.
const (
	shard0End   = "170141183460469231731687303715884105727"
	shard1Start = "170141183460469231731687303715884105728"
	maxHashKey  = "340282366920938463463374607431768211455"
)

// TestKinesisShardID_Resolution checks that GetShardIterator reads any
// <prefix>-<n> (and a bare n) as shardId-n, as AWS does, and words its
// refusals as AWS does: the id as given when it names no shard at all,
// the canonical id when the stream lacks it.
func TestKinesisShardID_Resolution(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 2)
	putInShard1(t, h, name)
	missing := queueName(t, "missing")
	tests := []struct {
		name, stream, shardID string
		wantData              string // a record of the shard it resolves to
		wantMessage           string // or the ResourceNotFoundException's text
	}{
		{name: "Canonical", stream: name, shardID: "shardId-000000000001", wantData: "in shard 1"},
		{name: "ShortPrefix", stream: name, shardID: "shard-1", wantData: "in shard 1"},
		{name: "AnyPrefix", stream: name, shardID: "abc-000000000001", wantData: "in shard 1"},
		{name: "Unpadded", stream: name, shardID: "shardId-1", wantData: "in shard 1"},
		{name: "Bare", stream: name, shardID: "1", wantData: "in shard 1"},
		{name: "NoPrefix", stream: name, shardID: "-1", wantData: "in shard 1"},
		{name: "LongPadding", stream: name, shardID: "x-00000000000000000001", wantData: "in shard 1"},
		{name: "NotInStream", stream: name, shardID: "shard-5",
			wantMessage: fmt.Sprintf("Shard shardId-000000000005 in stream %s under account %s does not exist", name, account)},
		{name: "TooBig", stream: name, shardID: "2147483648",
			wantMessage: fmt.Sprintf("Could not find shard 2147483648 in stream %s under account %s.", name, account)},
		{name: "PrefixedTooBig", stream: name, shardID: "shardId-002147483648",
			wantMessage: fmt.Sprintf("Could not find shard shardId-002147483648 in stream %s under account %s.", name, account)},
		{name: "NotANumber", stream: name, shardID: "ABKLFD8",
			wantMessage: fmt.Sprintf("Could not find shard ABKLFD8 in stream %s under account %s.", name, account)},
		{name: "Exponent", stream: name, shardID: "2.14E4",
			wantMessage: fmt.Sprintf("Could not find shard 2.14E4 in stream %s under account %s.", name, account)},
		{name: "UnknownStream", stream: missing, shardID: "a-00002147483647",
			wantMessage: fmt.Sprintf("Shard shardId-002147483647 in stream %s under account %s does not exist", missing, account)},
		{name: "UnknownStreamBadShard", stream: missing, shardID: "ABKLFD8",
			wantMessage: fmt.Sprintf("Could not find shard ABKLFD8 in stream %s under account %s.", missing, account)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := h.kin.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(tt.stream),
				ShardId: aws.String(tt.shardID), ShardIteratorType: ktypes.ShardIteratorTypeTrimHorizon})
			if tt.wantMessage != "" {
				if e := wantAPIError(t, err, "ResourceNotFoundException"); e.ErrorMessage() != tt.wantMessage {
					t.Errorf("message = %q\nwant      %q", e.ErrorMessage(), tt.wantMessage)
				}
				return
			}
			if err != nil {
				t.Fatalf("GetShardIterator %s: %v", tt.shardID, err)
			}
			recs, _ := h.readShard(t, aws.ToString(out.ShardIterator))
			if got := dataOf(recs); len(got) != 1 || got[0] != tt.wantData {
				t.Errorf("%s reads %q, want %q", tt.shardID, got, tt.wantData)
			}
		})
	}
}

// TestKinesisShardID_Resharding checks SplitShard's and MergeShards' shard
// ids and refusals, in AWS's words.
func TestKinesisShardID_Resharding(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 2)
	missing := queueName(t, "missing")
	notFound := func(stream, shard string) string {
		return fmt.Sprintf("Could not find shard %s in stream %s under account %s.", shard, stream, account)
	}
	notAdjacent := func(a, b string) string {
		return fmt.Sprintf("Shards %s and %s in stream %s under account %s are not an adjacent pair of shards eligible "+
			"for merging", a, b, name, account)
	}
	badKey := func(key, shard, start, end string) string {
		return fmt.Sprintf("NewStartingHashKey %s used in SplitShard() on shard %s in stream %s under account %s is not "+
			"both greater than one plus the shard's StartingHashKey %s and less than the shard's EndingHashKey %s.",
			key, shard, name, account, start, end)
	}
	split := func(stream, shard, key string) error {
		_, err := h.kin.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String(stream),
			ShardToSplit: aws.String(shard), NewStartingHashKey: aws.String(key)})
		return err
	}
	merge := func(stream, a, b string) error {
		_, err := h.kin.MergeShards(h.ctx, &kinesis.MergeShardsInput{StreamName: aws.String(stream),
			ShardToMerge: aws.String(a), AdjacentShardToMerge: aws.String(b)})
		return err
	}
	tests := []struct {
		name     string
		call     func() error
		code     string
		message  string
		wantOpen []string // the open shards afterwards, when the call succeeds
	}{
		{"SplitUnknownStream", func() error { return split(missing, "shard-0", "2") }, "ResourceNotFoundException",
			fmt.Sprintf("Stream %s under account %s not found.", missing, account), nil},
		{"SplitUnknownStreamBadShard", func() error { return split(missing, "2147483648", "2") }, "ResourceNotFoundException",
			notFound(missing, "2147483648"), nil},
		{"SplitShardNotInStream", func() error { return split(name, "shardId-5", "2") }, "ResourceNotFoundException",
			notFound(name, "shardId-000000000005"), nil},
		{"SplitKeyTooSmall", func() error { return split(name, "shard-0", "1") }, "InvalidArgumentException",
			badKey("1", "shardId-000000000000", "0", shard0End), nil},
		{"SplitKeyBeyondHashKeys", func() error { return split(name, "shard-1", "999999999999999999999999999999999999999") },
			"InvalidArgumentException",
			badKey("999999999999999999999999999999999999999", "shardId-000000000001", shard1Start, maxHashKey), nil},
		{"MergeUnknownStream", func() error { return merge(missing, "a-0", "b-1") }, "ResourceNotFoundException",
			fmt.Sprintf("Stream %s under account %s not found.", missing, account), nil},
		{"MergeBadShard", func() error { return merge(name, "ABKLFD8", "b-1") }, "ResourceNotFoundException",
			notFound(name, "ABKLFD8"), nil},
		{"MergeBadAdjacentShard", func() error { return merge(name, "a-0", "2.14E4") }, "ResourceNotFoundException",
			notFound(name, "2.14E4"), nil},
		{"MergeShardNotInStream", func() error { return merge(name, "a-0", "shardId-5") }, "ResourceNotFoundException",
			notFound(name, "shardId-000000000005"), nil},
		{"MergeInverted", func() error { return merge(name, "x-1", "y-0") }, "InvalidArgumentException",
			notAdjacent("shardId-000000000001", "shardId-000000000000"), nil},
		{"MergeItself", func() error { return merge(name, "shard-0", "0") }, "InvalidArgumentException",
			notAdjacent("shardId-000000000000", "shardId-000000000000"), nil},
		// These two change the stream, in this order.
		{"Split", func() error { return split(name, "x-0", "2") }, "", "",
			[]string{"shardId-000000000001", "shardId-000000000002", "shardId-000000000003"}},
		{"Merge", func() error { return merge(name, "a-3", "b-1") }, "", "",
			[]string{"shardId-000000000002", "shardId-000000000004"}},
		{"SplitClosed", func() error { return split(name, "shard-0", "2") }, "InvalidArgumentException",
			fmt.Sprintf("Shard shardId-000000000000 in stream %s under account %s has already been merged or split, "+
				"and thus is not eligible for merging or splitting.", name, account), nil},
	}
	for _, tt := range tests { // in order: the last ones reshard
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if tt.code != "" {
				if e := wantAPIError(t, err, tt.code); e.ErrorMessage() != tt.message {
					t.Errorf("message = %q\nwant      %q", e.ErrorMessage(), tt.message)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := openShardIDs(h.shards(t, name)); fmt.Sprint(got) != fmt.Sprint(tt.wantOpen) {
				t.Errorf("open shards = %v, want %v", got, tt.wantOpen)
			}
		})
	}
}

// openShardIDs are the ids of the shards that have no ending sequence
// number.
func openShardIDs(shards []ktypes.Shard) []string {
	var open []string
	for _, s := range shards {
		if s.SequenceNumberRange.EndingSequenceNumber == nil {
			open = append(open, aws.ToString(s.ShardId))
		}
	}
	return open
}

// TestKinesisShardID_Listing checks that ListShards' ExclusiveStartShardId
// and ShardFilter and DescribeStream's ExclusiveStartShardId resolve
// shard ids as GetShardIterator does.
func TestKinesisShardID_Listing(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 3)
	want := []string{"shardId-000000000001", "shardId-000000000002"}
	tests := []struct {
		name string
		list func() ([]ktypes.Shard, error)
	}{
		{"ListShardsExclusiveStart", func() ([]ktypes.Shard, error) {
			out, err := h.kin.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String(name),
				ExclusiveStartShardId: aws.String("shard-0")})
			if err != nil {
				return nil, err
			}
			return out.Shards, nil
		}},
		{"ListShardsAfterShardID", func() ([]ktypes.Shard, error) {
			out, err := h.kin.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String(name),
				ShardFilter: &ktypes.ShardFilter{Type: ktypes.ShardFilterTypeAfterShardId, ShardId: aws.String("abc-000000000000")}})
			if err != nil {
				return nil, err
			}
			return out.Shards, nil
		}},
		{"DescribeStreamExclusiveStart", func() ([]ktypes.Shard, error) {
			out, err := h.kin.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(name),
				ExclusiveStartShardId: aws.String("x-0")})
			if err != nil {
				return nil, err
			}
			return out.StreamDescription.Shards, nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			shards, err := tt.list()
			if err != nil {
				t.Fatal(err)
			}
			if got := openShardIDs(shards); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("shards = %v, want %v", got, want)
			}
		})
	}
}

// TestKinesisShardID_Subscribe checks that SubscribeToShard resolves its
// ShardId as GetShardIterator does.
func TestKinesisShardID_Subscribe(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 2)
	putInShard1(t, h, name)
	reg, err := h.kin.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(streamARN(name)),
		ConsumerName: aws.String("efo")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ shardID, wantError string }{
		{shardID: "shard-1"},
		{shardID: "shard-7", wantError: fmt.Sprintf("Could not find shard shardId-000000000007 in stream %s under account %s.", name, account)},
		{shardID: "ABKLFD8", wantError: fmt.Sprintf("Could not find shard ABKLFD8 in stream %s under account %s.", name, account)},
	} {
		t.Run(tt.shardID, func(t *testing.T) {
			out, err := h.kin.SubscribeToShard(h.ctx, &kinesis.SubscribeToShardInput{ConsumerARN: reg.Consumer.ConsumerARN,
				ShardId: aws.String(tt.shardID), StartingPosition: &ktypes.StartingPosition{Type: ktypes.ShardIteratorTypeTrimHorizon}})
			if tt.wantError != "" {
				if e := wantAPIError(t, err, "ResourceNotFoundException"); e.ErrorMessage() != tt.wantError {
					t.Errorf("message = %q\nwant      %q", e.ErrorMessage(), tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sub := &subscription{t: t, stream: out.GetStream()}
			defer sub.stream.Close()
			if data, _ := sub.collect(1); len(data) != 1 || data[0] != "in shard 1" {
				t.Errorf("subscription to %s delivered %q", tt.shardID, data)
			}
		})
	}
}

// putInShard1 puts a record "in shard 1" into the second shard of a stream
// of two.
func putInShard1(t *testing.T, h *kinesisHarness, name string) {
	t.Helper()
	out, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
		Data: []byte("in shard 1"), ExplicitHashKey: aws.String(shard1Start)})
	if err != nil || aws.ToString(out.ShardId) != "shardId-000000000001" {
		t.Fatalf("PutRecord into shard 1: %v", err)
	}
}
