package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Constraint texts of the Kinesis model, as ValidationException quotes
// them.
const (
	namePatternFailed = "failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
	minLengthFailed   = "failed to satisfy constraint: Member must have length greater than or equal to 1"
	hashKeyFailed     = `failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\d{0,38})`
	seqNumFailed      = `failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\d{0,128})`
)

// emptyName is the two problems AWS finds in an empty name or shard id.
func emptyName(member string) string {
	return "2 validation errors detected: Value '' at '" + member + "' " + namePatternFailed +
		"; Value '' at '" + member + "' " + minLengthFailed
}

// TestKinesisValidation_EmptyStrings checks that a member given as "" is
// checked against its constraints, required or not: AWS reports its length
// or pattern, never "must not be null", and never ignores it.
func TestKinesisValidation_EmptyStrings(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	shard := aws.String("shardId-000000000000")
	tests := []struct {
		name string
		call func(ctx context.Context, c *kinesis.Client) error
		want string
	}{
		{"CreateStreamName", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(""), ShardCount: aws.Int32(1)})
			return err
		}, emptyName("streamName")},
		{"DescribeStreamSummaryName", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("")})
			return err
		}, emptyName("streamName")},
		{"DeleteStreamARN", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamARN: aws.String("")})
			return err
		}, "2 validation errors detected: Value '' at 'streamARN' failed to satisfy constraint: Member must satisfy " +
			`regular expression pattern: arn:aws.*:kinesis:.*:\d{12}:stream/\S+; Value '' at 'streamARN' ` + minLengthFailed},
		{"PutRecordExplicitHashKey", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
				Data: []byte("x"), ExplicitHashKey: aws.String("")})
			return err
		}, "1 validation error detected: Value '' at 'explicitHashKey' " + hashKeyFailed},
		{"PutRecordSequenceNumberForOrdering", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
				Data: []byte("x"), SequenceNumberForOrdering: aws.String("")})
			return err
		}, "1 validation error detected: Value '' at 'sequenceNumberForOrdering' " + seqNumFailed},
		{"PutRecordPartitionKey", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String(""),
				Data: []byte("x")})
			return err
		}, "1 validation error detected: Value '' at 'partitionKey' " + minLengthFailed},
		{"PutRecordsExplicitHashKey", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String(name),
				Records: []ktypes.PutRecordsRequestEntry{{PartitionKey: aws.String("k"), Data: []byte("x"),
					ExplicitHashKey: aws.String("")}}})
			return err
		}, "1 validation error detected: Value '' at 'records.1.member.explicitHashKey' " + hashKeyFailed},
		{"GetShardIteratorShardId", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name),
				ShardId: aws.String(""), ShardIteratorType: ktypes.ShardIteratorTypeLatest})
			return err
		}, emptyName("shardId")},
		{"GetShardIteratorStartingSequenceNumber", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name), ShardId: shard,
				ShardIteratorType: ktypes.ShardIteratorTypeAtSequenceNumber, StartingSequenceNumber: aws.String("")})
			return err
		}, "1 validation error detected: Value '' at 'startingSequenceNumber' " + seqNumFailed},
		{"GetRecordsShardIterator", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("")})
			return err
		}, "1 validation error detected: Value '' at 'shardIterator' " + minLengthFailed},
		{"ListShardsExclusiveStartShardId", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String(name), ExclusiveStartShardId: aws.String("")})
			return err
		}, emptyName("exclusiveStartShardId")},
		{"ListShardsNextToken", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.ListShards(ctx, &kinesis.ListShardsInput{NextToken: aws.String("")})
			return err
		}, "1 validation error detected: Value '' at 'nextToken' " + minLengthFailed},
		{"ListShardsFilterShardId", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String(name),
				ShardFilter: &ktypes.ShardFilter{Type: ktypes.ShardFilterTypeAfterShardId, ShardId: aws.String("")}})
			return err
		}, emptyName("shardFilter.shardId")},
		{"DescribeStreamExclusiveStartShardId", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(name), ExclusiveStartShardId: aws.String("")})
			return err
		}, emptyName("exclusiveStartShardId")},
		{"ListStreamsExclusiveStartStreamName", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.ListStreams(ctx, &kinesis.ListStreamsInput{ExclusiveStartStreamName: aws.String("")})
			return err
		}, emptyName("exclusiveStartStreamName")},
		{"ListTagsForStreamExclusiveStartTagKey", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String(name),
				ExclusiveStartTagKey: aws.String("")})
			return err
		}, "1 validation error detected: Value '' at 'exclusiveStartTagKey' " + minLengthFailed},
		{"SplitShardNewStartingHashKey", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String(name), ShardToSplit: shard,
				NewStartingHashKey: aws.String("")})
			return err
		}, "1 validation error detected: Value '' at 'newStartingHashKey' " + hashKeyFailed},
		{"MergeShardsShardToMerge", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: aws.String(name), ShardToMerge: aws.String(""),
				AdjacentShardToMerge: shard})
			return err
		}, emptyName("shardToMerge")},
		{"RegisterStreamConsumerName", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(streamARN(name)),
				ConsumerName: aws.String("")})
			return err
		}, emptyName("consumerName")},
		{"DescribeStreamConsumerName", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.DescribeStreamConsumer(ctx, &kinesis.DescribeStreamConsumerInput{StreamARN: aws.String(streamARN(name)),
				ConsumerName: aws.String("")})
			return err
		}, emptyName("consumerName")},
		{"StartStreamEncryptionKeyId", func(ctx context.Context, c *kinesis.Client) error {
			_, err := c.StartStreamEncryption(ctx, &kinesis.StartStreamEncryptionInput{StreamName: aws.String(name),
				EncryptionType: ktypes.EncryptionTypeKms, KeyId: aws.String("")})
			return err
		}, "1 validation error detected: Value '' at 'keyId' " + minLengthFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.call(h.ctx, h.kin)
			apiErr := wantAPIError(t, err, "ValidationException")
			if apiErr.ErrorMessage() != tt.want {
				t.Errorf("message = %q\nwant      %q", apiErr.ErrorMessage(), tt.want)
			}
		})
	}
}

// TestKinesisValidation_EmptyEnums sends, by hand, the empty strings the
// SDK leaves out of enum members: AWS checks them against the enum.
func TestKinesisValidation_EmptyEnums(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	tests := []struct {
		name, action, body, want string
	}{
		{"ShardIteratorType", "GetShardIterator",
			`{"StreamName":"` + name + `","ShardId":"shardId-000000000000","ShardIteratorType":""}`,
			"1 validation error detected: Value '' at 'shardIteratorType' failed to satisfy constraint: Member must " +
				"satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]"},
		{"ShardFilterType", "ListShards", `{"StreamName":"` + name + `","ShardFilter":{"Type":""}}`,
			"1 validation error detected: Value '' at 'shardFilter.type' failed to satisfy constraint: Member must " +
				"satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, " +
				"FROM_TIMESTAMP]"},
		{"StreamMode", "CreateStream", `{"StreamName":"` + name + `x","StreamModeDetails":{"StreamMode":""}}`,
			"1 validation error detected: Value '' at 'streamModeDetails.streamMode' failed to satisfy constraint: " +
				"Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]"},
		{"ScalingType", "UpdateShardCount", `{"StreamName":"` + name + `","TargetShardCount":2,"ScalingType":""}`,
			"1 validation error detected: Value '' at 'scalingType' failed to satisfy constraint: Member must " +
				"satisfy enum value set: [UNIFORM_SCALING]"},
		{"EncryptionType", "StartStreamEncryption", `{"StreamName":"` + name + `","EncryptionType":"","KeyId":"k"}`,
			"1 validation error detected: Value '' at 'encryptionType' failed to satisfy constraint: Member must " +
				"satisfy enum value set: [NONE, KMS]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := kinesisJSON(t, h.srv.URL, tt.action, tt.body)
			e := decodeKinesisError(t, resp.Body)
			if resp.Status != 400 || e.Type != "ValidationException" || e.LowerMessage == nil || *e.LowerMessage != tt.want {
				t.Errorf("%s = %d %s", tt.action, resp.Status, resp.Body)
			}
		})
	}
}
