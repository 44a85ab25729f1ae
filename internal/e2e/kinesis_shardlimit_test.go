package e2e

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/servertest"
)

// shardLimitText is AWS's refusal of shards beyond an account's limit.
func shardLimitText(current, limit, more int) string {
	return fmt.Sprintf("This request would exceed the shard limit for the account %s in %s. Current shard count for "+
		"the account: %d. Limit: %d. Number of additional shards that would have resulted from this request: %d. "+
		"Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) "+
		"for current limits and how to request higher limits.", account, servertest.Region, current, limit, more)
}

// TestKinesisShardLimit_Setting checks that kinesis.shard_limit (the
// --kinesis-shard-limit flag, SLUICE_KINESIS_SHARD_LIMIT) holds each
// account to that many open shards, as an AWS account's quota does, and
// that DescribeLimits reports it.
func TestKinesisShardLimit_Setting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		yaml      string
		wantLimit int32
		grow      func(h *kinesisHarness, name string) error
		refused   string // the LimitExceededException's text, "" if the call succeeds
	}{
		{name: "CreateStreamBeyond", yaml: "kinesis:\n  shard_limit: 3\n", wantLimit: 3,
			grow: func(h *kinesisHarness, _ string) error {
				_, err := h.kin.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("big"), ShardCount: aws.Int32(2)})
				return err
			}, refused: shardLimitText(2, 3, 2)},
		{name: "CreateStreamUpTo", yaml: "kinesis:\n  shard_limit: 3\n", wantLimit: 3,
			grow: func(h *kinesisHarness, _ string) error {
				_, err := h.kin.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("small"), ShardCount: aws.Int32(1)})
				return err
			}},
		{name: "SplitShardBeyond", yaml: "kinesis:\n  shard_limit: 2\n", wantLimit: 2,
			grow: func(h *kinesisHarness, name string) error {
				_, err := h.kin.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String(name),
					ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String("1000")})
				return err
			}, refused: shardLimitText(2, 2, 1)},
		{name: "UpdateShardCountBeyond", yaml: "kinesis:\n  shard_limit: 3\n", wantLimit: 3,
			grow: func(h *kinesisHarness, name string) error {
				_, err := h.kin.UpdateShardCount(h.ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String(name),
					TargetShardCount: aws.Int32(4), ScalingType: ktypes.ScalingTypeUniformScaling})
				return err
			}, refused: shardLimitText(2, 3, 2)},
		{name: "Default", yaml: "listen: 127.0.0.1:0\n", wantLimit: 10000,
			grow: func(h *kinesisHarness, _ string) error {
				_, err := h.kin.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("many"), ShardCount: aws.Int32(100)})
				return err
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newKinesisHarness(t, servertest.WithConfig(loadConfig(t, tt.yaml)))
			name := h.createStream(t, 2)
			limits, err := h.kin.DescribeLimits(h.ctx, &kinesis.DescribeLimitsInput{})
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToInt32(limits.ShardLimit) != tt.wantLimit {
				t.Errorf("DescribeLimits ShardLimit = %d, want %d", aws.ToInt32(limits.ShardLimit), tt.wantLimit)
			}
			err = tt.grow(h, name)
			if tt.refused == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if e := wantAPIError(t, err, "LimitExceededException"); e.ErrorMessage() != tt.refused {
				t.Errorf("message = %q\nwant      %q", e.ErrorMessage(), tt.refused)
			}
		})
	}
}
