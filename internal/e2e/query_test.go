package e2e

import (
	"errors"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	awsv1 "github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	credentialsv1 "github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"
	sqsv1 "github.com/aws/aws-sdk-go/service/sqs"

	"github.com/sluicemq/sluice/internal/servertest"
)

// queryClient returns an aws-sdk-go v1 SQS client, which speaks the query
// protocol, aimed at srv.
func queryClient(t *testing.T, srv *servertest.Server) *sqsv1.SQS {
	t.Helper()
	sess, err := session.NewSession(&awsv1.Config{
		Region:      awsv1.String(servertest.Region),
		Endpoint:    awsv1.String(srv.URL),
		Credentials: credentialsv1.NewStaticCredentials(servertest.AccessKeyID, servertest.SecretAccessKey, ""),
		MaxRetries:  awsv1.Int(0),
	})
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	return sqsv1.New(sess)
}

func TestQuery_SDKv1(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	c := queryClient(t, srv)
	ctx := testContext(t)
	name := queueName(t, "")

	created, err := c.CreateQueueWithContext(ctx, &sqsv1.CreateQueueInput{
		QueueName: awsv1.String(name), Attributes: map[string]*string{"VisibilityTimeout": awsv1.String("60")}})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}
	queueURL := created.QueueUrl
	if want := srv.URL + "/" + account + "/" + name; awsv1.StringValue(queueURL) != want {
		t.Errorf("QueueUrl = %q, want %q", awsv1.StringValue(queueURL), want)
	}

	attrs := map[string]*sqsv1.MessageAttributeValue{
		"kind": {DataType: awsv1.String("String"), StringValue: awsv1.String("invoice")},
		"blob": {DataType: awsv1.String("Binary"), BinaryValue: []byte{9, 8, 7}},
	}
	sent, err := c.SendMessageWithContext(ctx, &sqsv1.SendMessageInput{QueueUrl: queueURL,
		MessageBody: awsv1.String("via query"), MessageAttributes: attrs})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	wantMD5 := attributesMD5(map[string]types.MessageAttributeValue{
		"kind": {DataType: awsv1.String("String"), StringValue: awsv1.String("invoice")},
		"blob": {DataType: awsv1.String("Binary"), BinaryValue: []byte{9, 8, 7}},
	})
	if got := awsv1.StringValue(sent.MD5OfMessageAttributes); got != wantMD5 {
		t.Errorf("MD5OfMessageAttributes = %s, want %s", got, wantMD5)
	}

	batch, err := c.SendMessageBatchWithContext(ctx, &sqsv1.SendMessageBatchInput{QueueUrl: queueURL,
		Entries: []*sqsv1.SendMessageBatchRequestEntry{
			{Id: awsv1.String("one"), MessageBody: awsv1.String("batch 1")},
			{Id: awsv1.String("two"), MessageBody: awsv1.String("batch 2")},
		}})
	if err != nil {
		t.Fatalf("SendMessageBatch: %v", err)
	}
	if len(batch.Successful) != 2 || len(batch.Failed) != 0 {
		t.Fatalf("SendMessageBatch: %d successful, %d failed", len(batch.Successful), len(batch.Failed))
	}

	received, err := c.ReceiveMessageWithContext(ctx, &sqsv1.ReceiveMessageInput{QueueUrl: queueURL,
		MaxNumberOfMessages: awsv1.Int64(10), AttributeNames: []*string{awsv1.String("All")},
		MessageAttributeNames: []*string{awsv1.String("All")}})
	if err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	var got []string
	byBody := map[string]*sqsv1.Message{}
	for _, m := range received.Messages {
		got = append(got, awsv1.StringValue(m.Body))
		byBody[awsv1.StringValue(m.Body)] = m
	}
	slices.Sort(got)
	if want := []string{"batch 1", "batch 2", "via query"}; !slices.Equal(got, want) {
		t.Fatalf("received %v, want %v", got, want)
	}
	withAttrs := byBody["via query"]
	if awsv1.StringValue(withAttrs.MD5OfMessageAttributes) != wantMD5 ||
		awsv1.StringValue(withAttrs.MessageAttributes["kind"].StringValue) != "invoice" ||
		!slices.Equal(withAttrs.MessageAttributes["blob"].BinaryValue, []byte{9, 8, 7}) {
		t.Errorf("received attributes %v (MD5 %s), want kind=invoice blob=[9 8 7] MD5 %s",
			withAttrs.MessageAttributes, awsv1.StringValue(withAttrs.MD5OfMessageAttributes), wantMD5)
	}
	if awsv1.StringValue(withAttrs.Attributes["ApproximateReceiveCount"]) != "1" {
		t.Errorf("system attributes = %v", withAttrs.Attributes)
	}

	if _, err := c.ChangeMessageVisibilityWithContext(ctx, &sqsv1.ChangeMessageVisibilityInput{QueueUrl: queueURL,
		ReceiptHandle: byBody["batch 1"].ReceiptHandle, VisibilityTimeout: awsv1.Int64(600)}); err != nil {
		t.Errorf("ChangeMessageVisibility: %v", err)
	}
	if _, err := c.DeleteMessageWithContext(ctx, &sqsv1.DeleteMessageInput{QueueUrl: queueURL,
		ReceiptHandle: withAttrs.ReceiptHandle}); err != nil {
		t.Errorf("DeleteMessage: %v", err)
	}
	del, err := c.DeleteMessageBatchWithContext(ctx, &sqsv1.DeleteMessageBatchInput{QueueUrl: queueURL,
		Entries: []*sqsv1.DeleteMessageBatchRequestEntry{
			{Id: awsv1.String("a"), ReceiptHandle: byBody["batch 1"].ReceiptHandle},
			{Id: awsv1.String("b"), ReceiptHandle: awsv1.String("garbage")},
		}})
	if err != nil {
		t.Fatalf("DeleteMessageBatch: %v", err)
	}
	if len(del.Successful) != 1 || len(del.Failed) != 1 || awsv1.StringValue(del.Failed[0].Code) != "ReceiptHandleIsInvalid" {
		t.Errorf("DeleteMessageBatch = %v", del)
	}

	t.Run("MissingQueue", func(t *testing.T) {
		_, err := c.SendMessageWithContext(ctx, &sqsv1.SendMessageInput{
			QueueUrl: awsv1.String(srv.URL + "/" + account + "/missing"), MessageBody: awsv1.String("x")})
		var aerr awserr.RequestFailure
		if !errors.As(err, &aerr) {
			t.Fatalf("SendMessage to a missing queue: %v, want a request failure", err)
		}
		if aerr.Code() != "AWS.SimpleQueueService.NonExistentQueue" || aerr.StatusCode() != 400 {
			t.Errorf("error code %q status %d, want AWS.SimpleQueueService.NonExistentQueue 400", aerr.Code(), aerr.StatusCode())
		}
	})
}
