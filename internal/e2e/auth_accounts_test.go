package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/sdkhttp"
)

// TestAuth_AccountsIsolateQueues gives Alice a queue with a message and a
// dead-letter queue with a running move task, then has Bob try every way
// to see, read, write, purge or delete them: by URL (also crafted ones),
// by name with Alice as owner, by ARN in a RedrivePolicy or a move task.
// Each attempt must find nothing, and Alice's queues must be unchanged.
func TestAuth_AccountsIsolateQueues(t *testing.T) {
	t.Parallel()
	srv := authServer(t)
	ctx := testContext(t)
	alice, bob := sqsAs(srv, keyAlice), sqsAs(srv, keyBob)

	name := queueName(t, "")
	url := createQueueAs(ctx, t, alice, name, nil)
	dlqURL := createQueueAs(ctx, t, alice, name+"-dlq", nil)
	dlqArn := queueArnAs(ctx, t, alice, dlqURL)
	arn := queueArnAs(ctx, t, alice, url)
	if _, err := alice.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url),
		Attributes: map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqArn + `","maxReceiveCount":"1"}`}}); err != nil {
		t.Fatalf("Alice sets her RedrivePolicy: %v", err)
	}
	if _, err := alice.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("alice's")}); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if _, err := alice.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(dlqURL), MessageBody: aws.String("dead")}); err != nil {
		t.Fatalf("SendMessage to the dead-letter queue: %v", err)
	}
	task, err := alice.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: aws.String(dlqArn),
		DestinationArn: aws.String(dlqArn), MaxNumberOfMessagesPerSecond: aws.Int32(1)})
	if err != nil {
		t.Fatalf("Alice starts a move task: %v", err)
	}

	// Bob's view of the server: no queue of Alice's anywhere.
	listed, err := bob.ListQueues(ctx, &sqs.ListQueuesInput{})
	if err != nil || len(listed.QueueUrls) != 0 {
		t.Errorf("Bob's ListQueues = %v, %v; want no queues", listed.QueueUrls, err)
	}
	listed, err = bob.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String(name)})
	if err != nil || len(listed.QueueUrls) != 0 {
		t.Errorf("Bob's ListQueues by prefix = %v, %v; want no queues", listed.QueueUrls, err)
	}
	_, err = bob.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	wantAPIError(t, err, "AWS.SimpleQueueService.NonExistentQueue")
	_, err = bob.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name), QueueOwnerAWSAccountId: aws.String(keyAlice.Account)})
	wantAPIError(t, err, "AWS.SimpleQueueService.NonExistentQueue")

	// Every action on Alice's queue by its URL, and by crafted URLs.
	crafted := []string{
		url,
		srv.URL + "/" + keyAlice.Account + "/" + name,
		"https://sqs.us-east-1.amazonaws.com/" + keyAlice.Account + "/" + name,
		srv.URL + "/queue/us-east-1/" + keyAlice.Account + "/" + name,
		"/" + keyAlice.Account + "/" + name,
	}
	for _, u := range crafted {
		for action, call := range queueActions(bob, u) {
			t.Run("URL/"+action, func(t *testing.T) {
				wantAPIError(t, call(ctx), "AWS.SimpleQueueService.NonExistentQueue")
			})
		}
	}

	// ARNs of Alice's queues in Bob's requests.
	bobURL := createQueueAs(ctx, t, bob, name, nil) // the same name, Bob's own queue
	if strings.Contains(bobURL, keyAlice.Account) {
		t.Fatalf("Bob's queue URL %q names Alice's account", bobURL)
	}
	for _, target := range []string{dlqArn, strings.Replace(dlqArn, name+"-dlq", "no-such-queue", 1)} {
		policy := `{"deadLetterTargetArn":"` + target + `","maxReceiveCount":"3"}`
		_, err = bob.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(bobURL),
			Attributes: map[string]string{"RedrivePolicy": policy}})
		e := wantAPIError(t, err, "InvalidParameterValue")
		if e != nil && !strings.Contains(e.ErrorMessage(), "Dead-letter target owner should be same as the source.") {
			t.Errorf("RedrivePolicy naming %s: message %q, want the same answer whether or not the queue exists", target, e.ErrorMessage())
		}
		_, err = bob.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name + "-src"),
			Attributes: map[string]string{"RedrivePolicy": policy}})
		wantAPIError(t, err, "InvalidParameterValue")
	}
	_, err = bob.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: aws.String(dlqArn)})
	wantAPIError(t, err, "ResourceNotFoundException")
	_, err = bob.ListMessageMoveTasks(ctx, &sqs.ListMessageMoveTasksInput{SourceArn: aws.String(dlqArn)})
	wantAPIError(t, err, "ResourceNotFoundException")
	_, err = bob.CancelMessageMoveTask(ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: task.TaskHandle})
	wantAPIError(t, err, "ResourceNotFoundException")
	_, err = bob.ListDeadLetterSourceQueues(ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: aws.String(dlqURL)})
	wantAPIError(t, err, "AWS.SimpleQueueService.NonExistentQueue")
	if _, err := bob.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(bobURL), MessageBody: aws.String("bob's")}); err != nil {
		t.Fatalf("Bob sends to his own queue: %v", err)
	}

	// Alice's queues are as she left them.
	attrs, err := alice.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll}})
	if err != nil {
		t.Fatalf("Alice reads her queue: %v", err)
	}
	if n := attrs.Attributes["ApproximateNumberOfMessages"]; n != "1" {
		t.Errorf("Alice's queue holds %s messages, want her 1", n)
	}
	if attrs.Attributes["QueueArn"] != arn || !strings.Contains(attrs.Attributes["RedrivePolicy"], dlqArn) {
		t.Errorf("Alice's queue attributes changed: %v", attrs.Attributes)
	}
	tasks, err := alice.ListMessageMoveTasks(ctx, &sqs.ListMessageMoveTasksInput{SourceArn: aws.String(dlqArn)})
	if err != nil || len(tasks.Results) != 1 || aws.ToString(tasks.Results[0].Status) != "RUNNING" {
		t.Errorf("Alice's move task after Bob's cancel = %+v, %v; want it RUNNING", tasks, err)
	}
	got, err := alice.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 1})
	if err != nil || len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "alice's" {
		t.Errorf("Alice receives %v, %v; want her own message", got, err)
	}
	listed, err = alice.ListQueues(ctx, &sqs.ListQueuesInput{})
	if err != nil || len(listed.QueueUrls) != 2 {
		t.Errorf("Alice's ListQueues = %v, %v; want her two queues only", listed.QueueUrls, err)
	}
}

// queueActions calls, as client, each action that names a queue by URL.
func queueActions(client *sqs.Client, url string) map[string]func(context.Context) error {
	u := aws.String(url)
	return map[string]func(context.Context) error{
		"GetQueueAttributes": func(ctx context.Context) error {
			_, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: u,
				AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll}})
			return err
		},
		"SetQueueAttributes": func(ctx context.Context) error {
			_, err := client.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: u,
				Attributes: map[string]string{"VisibilityTimeout": "5"}})
			return err
		},
		"SendMessage": func(ctx context.Context) error {
			_, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: u, MessageBody: aws.String("bob's")})
			return err
		},
		"SendMessageBatch": func(ctx context.Context) error {
			_, err := client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: u,
				Entries: []types.SendMessageBatchRequestEntry{{Id: aws.String("1"), MessageBody: aws.String("bob's")}}})
			return err
		},
		"ReceiveMessage": func(ctx context.Context) error {
			_, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: u})
			return err
		},
		"DeleteMessage": func(ctx context.Context) error {
			_, err := client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: u, ReceiptHandle: aws.String("handle")})
			return err
		},
		"ChangeMessageVisibility": func(ctx context.Context) error {
			_, err := client.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: u,
				ReceiptHandle: aws.String("handle"), VisibilityTimeout: 0})
			return err
		},
		"PurgeQueue": func(ctx context.Context) error {
			_, err := client.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: u})
			return err
		},
		"DeleteQueue": func(ctx context.Context) error {
			_, err := client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: u})
			return err
		},
		"TagQueue": func(ctx context.Context) error {
			_, err := client.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: u, Tags: map[string]string{"owner": "bob"}})
			return err
		},
		"ListQueueTags": func(ctx context.Context) error {
			_, err := client.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: u})
			return err
		},
		"AddPermission": func(ctx context.Context) error {
			_, err := client.AddPermission(ctx, &sqs.AddPermissionInput{QueueUrl: u, Label: aws.String("bob"),
				AWSAccountIds: []string{keyBob.Account}, Actions: []string{"SendMessage"}})
			return err
		},
	}
}

// TestAuth_AccountsIsolateStreams gives Alice a stream with a record, then
// has Bob try to list, describe, read, write and delete it by name and by
// ARN, and to use Alice's shard iterator.
func TestAuth_AccountsIsolateStreams(t *testing.T) {
	t.Parallel()
	srv := authServer(t)
	ctx := testContext(t)
	alice, bob := kinesisAs(srv, keyAlice), kinesisAs(srv, keyBob)

	name := queueName(t, "")
	if _, err := alice.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	if _, err := alice.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
		Data: []byte("alice's")}); err != nil {
		t.Fatalf("PutRecord: %v", err)
	}
	summary, err := alice.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatalf("DescribeStreamSummary: %v", err)
	}
	arn := summary.StreamDescriptionSummary.StreamARN
	it, err := alice.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name),
		ShardId: aws.String("shardId-000000000000"), ShardIteratorType: ktypes.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatalf("GetShardIterator: %v", err)
	}

	listed, err := bob.ListStreams(ctx, &kinesis.ListStreamsInput{})
	if err != nil || len(listed.StreamNames) != 0 || len(listed.StreamSummaries) != 0 {
		t.Errorf("Bob's ListStreams = %v, %v; want no streams", listed, err)
	}
	const notFound = "ResourceNotFoundException"
	byName, byARN := aws.String(name), arn
	attempts := map[string]func() error{
		"DescribeStreamByName": func() error {
			_, err := bob.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: byName})
			return err
		},
		"DescribeStreamByARN": func() error {
			_, err := bob.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamARN: byARN})
			return err
		},
		"DescribeStreamSummaryByARN": func() error {
			_, err := bob.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamARN: byARN})
			return err
		},
		"PutRecordByName": func() error {
			_, err := bob.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: byName, PartitionKey: aws.String("k"), Data: []byte("bob's")})
			return err
		},
		"PutRecordByARN": func() error {
			_, err := bob.PutRecord(ctx, &kinesis.PutRecordInput{StreamARN: byARN, PartitionKey: aws.String("k"), Data: []byte("bob's")})
			return err
		},
		"PutRecordsByARN": func() error {
			_, err := bob.PutRecords(ctx, &kinesis.PutRecordsInput{StreamARN: byARN,
				Records: []ktypes.PutRecordsRequestEntry{{PartitionKey: aws.String("k"), Data: []byte("bob's")}}})
			return err
		},
		"GetShardIteratorByARN": func() error {
			_, err := bob.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamARN: byARN,
				ShardId: aws.String("shardId-000000000000"), ShardIteratorType: ktypes.ShardIteratorTypeTrimHorizon})
			return err
		},
		"ListShardsByARN": func() error {
			_, err := bob.ListShards(ctx, &kinesis.ListShardsInput{StreamARN: byARN})
			return err
		},
		"ListTagsForResource": func() error {
			_, err := bob.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: byARN})
			return err
		},
		"AddTagsToStreamByARN": func() error {
			_, err := bob.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamARN: byARN, Tags: map[string]string{"owner": "bob"}})
			return err
		},
		"RegisterStreamConsumer": func() error {
			_, err := bob.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: byARN, ConsumerName: aws.String("bob")})
			return err
		},
		"DeleteStreamByARN": func() error {
			_, err := bob.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamARN: byARN})
			return err
		},
		"DeleteStreamByName": func() error {
			_, err := bob.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: byName})
			return err
		},
	}
	for action, call := range attempts {
		t.Run(action, func(t *testing.T) { wantSDKCode(t, call(), notFound) })
	}
	_, err = bob.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err == nil {
		t.Errorf("Bob's GetRecords with Alice's iterator succeeded")
	}

	if recs := readAllRecords(t, alice, name); len(recs) != 1 || string(recs[0]) != "alice's" {
		t.Errorf("Alice's stream holds %q, want her one record", recs)
	}
	tags, err := alice.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String(name)})
	if err != nil || len(tags.Tags) != 0 {
		t.Errorf("Alice's stream tags = %v, %v; want none", tags, err)
	}
	consumers, err := alice.ListStreamConsumers(ctx, &kinesis.ListStreamConsumersInput{StreamARN: arn})
	if err != nil || len(consumers.Consumers) != 0 {
		t.Errorf("Alice's stream consumers = %v, %v; want none", consumers, err)
	}
}

// wantSDKCode checks only the code of an SDK error.
func wantSDKCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("call succeeded, want %s", code)
	}
	wantAPIError(t, err, code)
}

// createQueueAs creates a queue as client and returns its URL.
func createQueueAs(ctx context.Context, t *testing.T, client *sqs.Client, name string, attrs map[string]string) string {
	t.Helper()
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("CreateQueue %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl)
}

// queueArnAs reads a queue's ARN as client.
func queueArnAs(ctx context.Context, t *testing.T, client *sqs.Client, url string) string {
	t.Helper()
	out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatalf("GetQueueAttributes QueueArn: %v", err)
	}
	return out.Attributes["QueueArn"]
}

// TestAuth_QueuePathOfAnotherAccount posts query-protocol requests signed
// by Bob to the path of Alice's queue, the way query clients address a
// queue, and checks that none reaches it.
func TestAuth_QueuePathOfAnotherAccount(t *testing.T) {
	t.Parallel()
	srv := authServer(t)
	ctx := testContext(t)
	alice := sqsAs(srv, keyAlice)
	name := queueName(t, "")
	url := createQueueAs(ctx, t, alice, name, nil)
	for _, path := range []string{"/" + keyAlice.Account + "/" + name, "/queue/us-east-1/" + keyAlice.Account + "/" + name} {
		for _, action := range []string{"SendMessage&MessageBody=bob", "PurgeQueue", "DeleteQueue", "GetQueueAttributes&AttributeName.1=All"} {
			body := []byte("Action=" + action + "&Version=" + queryVersion)
			req := apiSQSQuery.newRequest(t, srv.URL, "", body)
			req.URL.Path = path
			apiSQSQuery.sign(t, req, body, keyBob, time.Now())
			if got := sendRaw(t, req, body); got.Status != http.StatusBadRequest || got.Code != "AWS.SimpleQueueService.NonExistentQueue" {
				t.Errorf("Bob's %s at %s = %d %s %q, want 400 AWS.SimpleQueueService.NonExistentQueue",
					action, path, got.Status, got.Code, got.Message)
			}
		}
	}
	attrs, err := alice.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameApproximateNumberOfMessages}})
	if err != nil || attrs.Attributes["ApproximateNumberOfMessages"] != "0" {
		t.Errorf("Alice's queue after Bob's attempts: %v, %v; want it there and empty", attrs, err)
	}
}

// TestAuth_AccountComesFromTheCredential configures an access key of 12
// digits for another account: verified requests act in the configured
// account, never in the one the key's digits would name in development
// mode.
func TestAuth_AccountComesFromTheCredential(t *testing.T) {
	t.Parallel()
	key := authKey{ID: "999999999999", Secret: "digits/Secret+Key0000000000000000000", Account: "555555555555"}
	srv := servertest.Start(t, servertest.WithCredentials(server.Credential{AccessKey: key.ID, Secret: key.Secret, Account: key.Account}))
	ctx := testContext(t)
	url := createQueueAs(ctx, t, sqsAs(srv, key), queueName(t, ""), nil)
	if !strings.Contains(url, "/555555555555/") {
		t.Errorf("QueueUrl %q, want it in the credential's account 555555555555", url)
	}
}

// TestAuth_SubscribeToShard opens an event stream with a configured key,
// over HTTP/1.1 and cleartext HTTP/2, and refuses it to a wrong secret and
// to another account.
func TestAuth_SubscribeToShard(t *testing.T) {
	t.Parallel()
	srv := authServer(t)
	ctx := testContext(t)
	alice := kinesisAs(srv, keyAlice)
	name := queueName(t, "")
	if _, err := alice.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	summary, err := alice.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatalf("DescribeStreamSummary: %v", err)
	}
	reg, err := alice.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{
		StreamARN: summary.StreamDescriptionSummary.StreamARN, ConsumerName: aws.String("efo")})
	if err != nil {
		t.Fatalf("RegisterStreamConsumer: %v", err)
	}
	in := &kinesis.SubscribeToShardInput{ConsumerARN: reg.Consumer.ConsumerARN, ShardId: aws.String("shardId-000000000000"),
		StartingPosition: &ktypes.StartingPosition{Type: ktypes.ShardIteratorTypeTrimHorizon}}

	_, err = kinesisAs(srv, keyAlice.withSecret("wrong")).SubscribeToShard(ctx, in)
	wantSDKError(t, err, "InvalidSignatureException", http.StatusBadRequest)
	_, err = kinesisAs(srv, keyBob).SubscribeToShard(ctx, in)
	wantSDKCode(t, err, "ResourceNotFoundException")

	if _, err := alice.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
		Data: []byte("pushed")}); err != nil {
		t.Fatalf("PutRecord: %v", err)
	}
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(tr.CloseIdleConnections)
	http2 := kinesis.NewFromConfig(srv.AWSConfigAs(keyAlice.ID, keyAlice.Secret), func(o *kinesis.Options) {
		o.HTTPClient = &http.Client{Transport: &sdkhttp.Transport{Base: tr}}
	})
	out, err := http2.SubscribeToShard(ctx, in)
	if err != nil {
		t.Fatalf("SubscribeToShard over HTTP/2 with the right key: %v", err)
	}
	stream := out.GetStream()
	defer stream.Close()
	for ev := range stream.Events() {
		member, ok := ev.(*ktypes.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
		if !ok {
			t.Fatalf("event of type %T", ev)
		}
		if recs := member.Value.Records; len(recs) > 0 {
			if string(recs[0].Data) != "pushed" {
				t.Errorf("first record = %q, want the one put", recs[0].Data)
			}
			return
		}
	}
	t.Fatalf("event stream ended without the record: %v", stream.Err())
}
