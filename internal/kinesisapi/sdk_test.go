package kinesisapi

// End-to-end through real client code: aws-sdk-go v1's Kinesis client,
// which speaks AWS JSON 1.1, against a Router on a loopback server. These
// tests do not run in parallel: creating an aws-sdk-go session writes
// package state (session.loadCustomCABundle) that other clients read.

import (
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/kinesis"

	"github.com/sluicemq/sluice/internal/awsproto"
)

func newSDKClient(t *testing.T, b *testBundle) *kinesis.Kinesis {
	t.Helper()
	rt := awsproto.NewRouter(awsproto.RouterConfig{Operations: b.api.Operations(), Error: b.api.Error,
		TargetPrefix: TargetPrefix, JSONVersion: JSONVersion, DefaultAccount: testAccount,
		MaxBodyBytes: 16 << 20})
	srv := httptest.NewServer(rt)
	t.Cleanup(srv.Close)
	sess, err := session.NewSessionWithOptions(session.Options{
		SharedConfigState: session.SharedConfigDisable,
		Config: aws.Config{
			Endpoint:    aws.String(srv.URL),
			Region:      aws.String("us-east-1"),
			Credentials: credentials.NewStaticCredentials("AKIDEXAMPLE", "secret", ""),
			MaxRetries:  aws.Int(0),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return kinesis.New(sess)
}

func TestSDK_StreamLifecycle(t *testing.T) {
	b := setup(t)
	c := newSDKClient(t, b)
	if _, err := c.CreateStream(&kinesis.CreateStreamInput{StreamName: aws.String("orders"), ShardCount: aws.Int64(2)}); err != nil {
		t.Fatal(err)
	}
	if err := c.WaitUntilStreamExists(&kinesis.DescribeStreamInput{StreamName: aws.String("orders")}); err != nil {
		t.Fatal(err)
	}
	put, err := c.PutRecord(&kinesis.PutRecordInput{StreamName: aws.String("orders"), Data: []byte("hello"),
		PartitionKey: aws.String("a")})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := c.PutRecords(&kinesis.PutRecordsInput{StreamARN: aws.String("arn:aws:kinesis:us-east-1:" + testAccount + ":stream/orders"),
		Records: []*kinesis.PutRecordsRequestEntry{
			{Data: []byte("world"), PartitionKey: aws.String("a")},
			{Data: []byte("other"), PartitionKey: aws.String("partition-1")}, // shard 1
		}})
	if err != nil || aws.Int64Value(batch.FailedRecordCount) != 0 || len(batch.Records) != 2 {
		t.Fatalf("PutRecords = %v, %v", batch, err)
	}
	shards, err := c.ListShards(&kinesis.ListShardsInput{StreamName: aws.String("orders")})
	if err != nil || len(shards.Shards) != 2 {
		t.Fatalf("ListShards = %v, %v", shards, err)
	}
	it, err := c.GetShardIterator(&kinesis.GetShardIteratorInput{StreamName: aws.String("orders"),
		ShardId: put.ShardId, ShardIteratorType: aws.String("TRIM_HORIZON")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetRecords(&kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Records) != 2 || string(got.Records[0].Data) != "hello" || string(got.Records[1].Data) != "world" ||
		aws.StringValue(got.Records[0].SequenceNumber) != aws.StringValue(put.SequenceNumber) ||
		!got.Records[0].ApproximateArrivalTimestamp.Equal(b.clock.Now()) {
		t.Fatalf("GetRecords = %v", got)
	}

	if _, err := c.SplitShard(&kinesis.SplitShardInput{StreamName: aws.String("orders"), ShardToSplit: put.ShardId,
		NewStartingHashKey: aws.String("1000")}); err != nil {
		t.Fatal(err)
	}
	end, err := c.GetRecords(&kinesis.GetRecordsInput{ShardIterator: got.NextShardIterator})
	if err != nil || end.NextShardIterator != nil || len(end.ChildShards) != 2 {
		t.Fatalf("end of the split shard = %v, %v", end, err)
	}
	sum, err := c.DescribeStreamSummary(&kinesis.DescribeStreamSummaryInput{StreamName: aws.String("orders")})
	if err != nil || aws.Int64Value(sum.StreamDescriptionSummary.OpenShardCount) != 3 ||
		aws.StringValue(sum.StreamDescriptionSummary.StreamModeDetails.StreamMode) != "PROVISIONED" {
		t.Fatalf("DescribeStreamSummary = %v, %v", sum, err)
	}
	list, err := c.ListStreams(&kinesis.ListStreamsInput{})
	if err != nil || len(list.StreamSummaries) != 1 || aws.StringValue(list.StreamNames[0]) != "orders" {
		t.Fatalf("ListStreams = %v, %v", list, err)
	}

	consumer, err := c.RegisterStreamConsumer(&kinesis.RegisterStreamConsumerInput{
		StreamARN: sum.StreamDescriptionSummary.StreamARN, ConsumerName: aws.String("app")})
	if err != nil {
		t.Fatal(err)
	}
	consumers, err := c.ListStreamConsumers(&kinesis.ListStreamConsumersInput{StreamARN: sum.StreamDescriptionSummary.StreamARN})
	if err != nil || len(consumers.Consumers) != 1 ||
		aws.StringValue(consumers.Consumers[0].ConsumerARN) != aws.StringValue(consumer.Consumer.ConsumerARN) {
		t.Fatalf("ListStreamConsumers = %v, %v", consumers, err)
	}
	if _, err := c.AddTagsToStream(&kinesis.AddTagsToStreamInput{StreamName: aws.String("orders"),
		Tags: map[string]*string{"team": aws.String("payments")}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListTagsForStream(&kinesis.ListTagsForStreamInput{StreamName: aws.String("orders")})
	if err != nil || len(tags.Tags) != 1 || aws.StringValue(tags.Tags[0].Value) != "payments" {
		t.Fatalf("ListTagsForStream = %v, %v", tags, err)
	}
	if _, err := c.DeleteStream(&kinesis.DeleteStreamInput{StreamName: aws.String("orders"),
		EnforceConsumerDeletion: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	if err := c.WaitUntilStreamNotExists(&kinesis.DescribeStreamInput{StreamName: aws.String("orders")}); err != nil {
		t.Fatal(err)
	}
}

func TestSDK_Errors(t *testing.T) {
	b := setup(t)
	c := newSDKClient(t, b)
	_, err := c.DescribeStream(&kinesis.DescribeStreamInput{StreamName: aws.String("missing")})
	var ae awserr.RequestFailure
	if !errors.As(err, &ae) || ae.Code() != kinesis.ErrCodeResourceNotFoundException || ae.StatusCode() != 400 ||
		ae.Message() != "Stream missing under account "+testAccount+" not found." {
		t.Fatalf("DescribeStream(missing) = %v", err)
	}
	_, err = c.GetRecords(&kinesis.GetRecordsInput{ShardIterator: aws.String("AAAAAAAAAAE=")})
	if !errors.As(err, &ae) || ae.Code() != kinesis.ErrCodeInvalidArgumentException || ae.Message() != "Invalid ShardIterator." {
		t.Fatalf("GetRecords(bad iterator) = %v", err)
	}
	_, err = c.CreateStream(&kinesis.CreateStreamInput{StreamName: aws.String("bad name"), ShardCount: aws.Int64(1)})
	if !errors.As(err, &ae) || ae.Code() != "ValidationException" {
		t.Fatalf("CreateStream(bad name) = %v", err)
	}
}
