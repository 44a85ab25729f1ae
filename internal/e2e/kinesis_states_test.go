package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
)

// stateDelay is the --kinesis-state-delay of the transitional-state tests.
const stateDelay = 500 * time.Millisecond

// layout is what DescribeStream shows: the status and each shard as
// "id" (open) or "id closed".
func (h *kinesisHarness) layout(t *testing.T, name string) string {
	t.Helper()
	out, err := h.kin.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatalf("DescribeStream %s: %v", name, err)
	}
	d := out.StreamDescription
	if d.Shards == nil {
		t.Fatalf("DescribeStream %s has no Shards member, want a list (maybe empty)", name)
	}
	s := string(d.StreamStatus)
	for _, sh := range d.Shards {
		s += " " + aws.ToString(sh.ShardId)[len("shardId-00000000000"):]
		if sh.SequenceNumberRange.EndingSequenceNumber != nil {
			s += "x"
		}
	}
	return s
}

// TestKinesisStates_Transitional checks what DescribeStream shows while a
// stream passes through CREATING, UPDATING and DELETING (shard n is shown
// as n, closed as nx): no shards while it is created or deleted, the
// shards it had while it is resharded, the new ones once it is ACTIVE
// again; records put while it is resharded go to the old shards.
func TestKinesisStates_Transitional(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		shards       int32
		change       func(h *kinesisHarness, name string) error
		during       string
		after        string
		putGoesTo    [2]string // shard of a record put during and after the change
		parentHolds  string    // shard whose records end with children, read after
		parentRecord string
	}{
		{name: "Create", shards: 2, change: nil, during: "CREATING", after: "ACTIVE 0 1"},
		{name: "Delete", shards: 2, change: func(h *kinesisHarness, name string) error {
			_, err := h.kin.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(name)})
			return err
		}, during: "DELETING", after: ""},
		{name: "Split", shards: 1, change: func(h *kinesisHarness, name string) error {
			_, err := h.kin.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String(name),
				ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String(shard1Start)})
			return err
		}, during: "UPDATING 0", after: "ACTIVE 0x 1 2",
			putGoesTo: [2]string{"shardId-000000000000", "shardId-000000000002"}, parentHolds: "shardId-000000000000"},
		{name: "Merge", shards: 2, change: func(h *kinesisHarness, name string) error {
			_, err := h.kin.MergeShards(h.ctx, &kinesis.MergeShardsInput{StreamName: aws.String(name),
				ShardToMerge: aws.String("shardId-000000000000"), AdjacentShardToMerge: aws.String("shardId-000000000001")})
			return err
		}, during: "UPDATING 0 1", after: "ACTIVE 0x 1x 2",
			putGoesTo: [2]string{"shardId-000000000001", "shardId-000000000002"}, parentHolds: "shardId-000000000001"},
		{name: "UpdateShardCount", shards: 1, change: func(h *kinesisHarness, name string) error {
			_, err := h.kin.UpdateShardCount(h.ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String(name),
				TargetShardCount: aws.Int32(2), ScalingType: ktypes.ScalingTypeUniformScaling})
			return err
		}, during: "UPDATING 0", after: "ACTIVE 0x 1 2",
			putGoesTo: [2]string{"shardId-000000000000", "shardId-000000000002"}, parentHolds: "shardId-000000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := clocktest.New(epoch)
			cfg := loadConfig(t, fmt.Sprintf("kinesis:\n  state_delay: %s\n", stateDelay))
			h := newKinesisHarness(t, servertest.WithConfig(cfg), servertest.WithClock(clk))
			name := h.createStream(t, tt.shards)
			if tt.change != nil {
				clk.Advance(stateDelay)
				if err := tt.change(h, name); err != nil {
					t.Fatal(err)
				}
			}
			if got := h.layout(t, name); got != tt.during {
				t.Errorf("during the change DescribeStream shows %q, want %q", got, tt.during)
			}
			if tt.putGoesTo[0] != "" {
				h.putTo(t, name, tt.putGoesTo[0], "during")
				if open := openShardIDs(h.shards(t, name)); len(open) != int(tt.shards) {
					t.Errorf("during the change ListShards shows open shards %v", open)
				}
			}
			clk.Advance(stateDelay)
			if tt.after == "" {
				_, err := h.kin.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(name)})
				wantAPIError(t, err, "ResourceNotFoundException")
				return
			}
			if got := h.layout(t, name); got != tt.after {
				t.Errorf("after the change DescribeStream shows %q, want %q", got, tt.after)
			}
			if tt.putGoesTo[1] == "" {
				return
			}
			h.putTo(t, name, tt.putGoesTo[1], "after")
			recs, last := h.readShard(t, h.trimHorizon(t, name, tt.parentHolds))
			if got := dataOf(recs); len(got) != 1 || got[0] != "during" || len(last.ChildShards) == 0 {
				t.Errorf("%s holds %q and children %+v, want the record put during the change, then its children",
					tt.parentHolds, got, last.ChildShards)
			}
		})
	}
}

// putTo puts a record whose hash key is the highest and checks the shard
// it went to.
func (h *kinesisHarness) putTo(t *testing.T, name, wantShard, data string) {
	t.Helper()
	out, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
		Data: []byte(data), ExplicitHashKey: aws.String(maxHashKey)})
	if err != nil {
		t.Fatalf("PutRecord %s: %v", data, err)
	}
	if got := aws.ToString(out.ShardId); got != wantShard {
		t.Errorf("record put %s the change went to %s, want %s", data, got, wantShard)
	}
}
