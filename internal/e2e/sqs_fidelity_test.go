package e2e

import (
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	awsv1 "github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	sqsv1 "github.com/aws/aws-sdk-go/service/sqs"
)

// TestFidelity_MessageAttributeWildcards: "prefix.*" selects the names
// that start with prefix, "*", ".*" and "All" select all; in both
// protocols.
func TestFidelity_MessageAttributeWildcards(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	query := queryClient(t, h.srv)
	url := h.createQueue(t, queueName(t, ""), map[string]string{"VisibilityTimeout": "0"})
	str := func(v string) types.MessageAttributeValue {
		return types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	if _, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("m"),
		MessageAttributes: map[string]types.MessageAttributeValue{"Hello": str("1"), "Help.Me": str("2"), "Other": str("3")}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		names []string
		want  []string
	}{
		{[]string{"Hel.*"}, []string{"Hello", "Help.Me"}},
		{[]string{"Help.*"}, []string{"Help.Me"}},
		{[]string{"*"}, []string{"Hello", "Help.Me", "Other"}},
		{[]string{".*"}, []string{"Hello", "Help.Me", "Other"}},
		{[]string{"All"}, []string{"Hello", "Help.Me", "Other"}},
		{[]string{"Other", "Nope.*"}, []string{"Other"}},
	} {
		out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MessageAttributeNames: tc.names})
		if err != nil || len(out.Messages) != 1 {
			t.Fatalf("JSON receive %q: %d messages, %v", tc.names, len(out.Messages), err)
		}
		if got := slices.Sorted(maps.Keys(out.Messages[0].MessageAttributes)); !slices.Equal(got, tc.want) {
			t.Errorf("JSON %q selected %q, want %q", tc.names, got, tc.want)
		}
		qout, err := query.ReceiveMessageWithContext(h.ctx, &sqsv1.ReceiveMessageInput{QueueUrl: awsv1.String(url),
			MessageAttributeNames: awsv1.StringSlice(tc.names)})
		if err != nil || len(qout.Messages) != 1 {
			t.Fatalf("query receive %q: %d messages, %v", tc.names, len(qout.Messages), err)
		}
		if got := slices.Sorted(maps.Keys(qout.Messages[0].MessageAttributes)); !slices.Equal(got, tc.want) {
			t.Errorf("query %q selected %q, want %q", tc.names, got, tc.want)
		}
	}
}

// TestFidelity_FIFOBatchNeedsGroupAndDedupIDs: on a FIFO queue, one entry
// without MessageGroupId (or without MessageDeduplicationId when the queue
// has no content-based deduplication) fails the whole SendMessageBatch
// with a 400 and sends nothing, in both protocols.
func TestFidelity_FIFOBatchNeedsGroupAndDedupIDs(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	query := queryClient(t, h.srv)
	url := h.createQueue(t, queueName(t, ".fifo"), map[string]string{"FifoQueue": "true"})
	good := types.SendMessageBatchRequestEntry{Id: aws.String("good"), MessageBody: aws.String("a"),
		MessageGroupId: aws.String("g"), MessageDeduplicationId: aws.String("d1")}
	for _, tc := range []struct {
		name string
		bad  types.SendMessageBatchRequestEntry
		msg  string
	}{
		{"NoGroup", types.SendMessageBatchRequestEntry{Id: aws.String("bad"), MessageBody: aws.String("b"),
			MessageDeduplicationId: aws.String("d2")}, "The request must contain the parameter MessageGroupId."},
		{"NoDedup", types.SendMessageBatchRequestEntry{Id: aws.String("bad"), MessageBody: aws.String("b"),
			MessageGroupId: aws.String("g")},
			"The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"},
	} {
		_, err := h.sqs.SendMessageBatch(h.ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url),
			Entries: []types.SendMessageBatchRequestEntry{good, tc.bad}})
		if apiErr := wantAPIError(t, err, "InvalidParameterValue"); apiErr != nil && apiErr.ErrorMessage() != tc.msg {
			t.Errorf("%s: JSON message %q, want %q", tc.name, apiErr.ErrorMessage(), tc.msg)
		}
		entries := []*sqsv1.SendMessageBatchRequestEntry{
			{Id: good.Id, MessageBody: good.MessageBody, MessageGroupId: good.MessageGroupId, MessageDeduplicationId: good.MessageDeduplicationId},
			{Id: tc.bad.Id, MessageBody: tc.bad.MessageBody, MessageGroupId: tc.bad.MessageGroupId, MessageDeduplicationId: tc.bad.MessageDeduplicationId},
		}
		_, err = query.SendMessageBatchWithContext(h.ctx, &sqsv1.SendMessageBatchInput{QueueUrl: awsv1.String(url), Entries: entries})
		if got := queryErrorCode(err); got != "InvalidParameterValue" {
			t.Errorf("%s: query error %v, want InvalidParameterValue", tc.name, err)
		}
	}
	if attrs := h.attributes(t, url, types.QueueAttributeNameApproximateNumberOfMessages); attrs["ApproximateNumberOfMessages"] != "0" {
		t.Errorf("a refused batch stored messages: %v", attrs)
	}
}

// queryErrorCode is the error code of a query-protocol failure, or "".
func queryErrorCode(err error) string {
	var aerr awserr.RequestFailure
	if errors.As(err, &aerr) {
		return aerr.Code()
	}
	return ""
}

// TestFidelity_QueueURLAsNameOrMalformed: a bare queue name works as the
// QueueUrl; a URL that cannot be read as a queue's answers
// NonExistentQueue; in both protocols.
func TestFidelity_QueueURLAsNameOrMalformed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	query := queryClient(t, h.srv)
	name := queueName(t, "")
	h.createQueue(t, name, nil)
	if _, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(name), MessageBody: aws.String("by name")}); err != nil {
		t.Fatalf("JSON SendMessage to the bare name: %v", err)
	}
	if _, err := query.SendMessageWithContext(h.ctx, &sqsv1.SendMessageInput{QueueUrl: awsv1.String(name),
		MessageBody: awsv1.String("by name")}); err != nil {
		t.Fatalf("query SendMessage to the bare name: %v", err)
	}
	attrs := h.attributes(t, name, types.QueueAttributeNameApproximateNumberOfMessages)
	if attrs["ApproximateNumberOfMessages"] != "2" {
		t.Errorf("queue holds %s messages, want the 2 sent by name", attrs["ApproximateNumberOfMessages"])
	}
	for _, bad := range []string{"http://localhost:4566/a/b/c", h.srv.URL + "/" + account + "/"} {
		_, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(bad), MessageBody: aws.String("x")})
		wantAPIError(t, err, "AWS.SimpleQueueService.NonExistentQueue")
		_, err = query.SendMessageWithContext(h.ctx, &sqsv1.SendMessageInput{QueueUrl: awsv1.String(bad), MessageBody: awsv1.String("x")})
		if got := queryErrorCode(err); got != "AWS.SimpleQueueService.NonExistentQueue" {
			t.Errorf("query SendMessage to %q: %v, want NonExistentQueue", bad, err)
		}
	}
}

// TestFidelity_EmptyStringsAreValues: a tag whose value is "" is kept with
// value "", and a batch entry Id "" is InvalidBatchEntryId, in both
// protocols.
func TestFidelity_EmptyStringsAreValues(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	query := queryClient(t, h.srv)
	url := h.createQueue(t, queueName(t, ""), nil)
	if _, err := h.sqs.TagQueue(h.ctx, &sqs.TagQueueInput{QueueUrl: aws.String(url), Tags: map[string]string{"json": ""}}); err != nil {
		t.Fatal(err)
	}
	if _, err := query.TagQueueWithContext(h.ctx, &sqsv1.TagQueueInput{QueueUrl: awsv1.String(url),
		Tags: map[string]*string{"query": awsv1.String("")}}); err != nil {
		t.Fatal(err)
	}
	tags, err := h.sqs.ListQueueTags(h.ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"json", "query"} {
		if v, ok := tags.Tags[key]; !ok || v != "" {
			t.Errorf("tag %q = %q (present %v), want present with value \"\"", key, v, ok)
		}
	}
	_, err = h.sqs.SendMessageBatch(h.ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url),
		Entries: []types.SendMessageBatchRequestEntry{{Id: aws.String(""), MessageBody: aws.String("x")}}})
	wantAPIError(t, err, "AWS.SimpleQueueService.InvalidBatchEntryId")
	_, err = query.SendMessageBatchWithContext(h.ctx, &sqsv1.SendMessageBatchInput{QueueUrl: awsv1.String(url),
		Entries: []*sqsv1.SendMessageBatchRequestEntry{{Id: awsv1.String(""), MessageBody: awsv1.String("x")}}})
	if got := queryErrorCode(err); got != "AWS.SimpleQueueService.InvalidBatchEntryId" {
		t.Errorf("query batch with Id \"\": %v, want InvalidBatchEntryId", err)
	}
}

// TestFidelity_AddPermissionPolicyShape: the policy AddPermission writes
// has Version 2008-10-17, a single principal or action as a string and
// several as a list, as AWS writes it; through both protocols.
func TestFidelity_AddPermissionPolicyShape(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	query := queryClient(t, h.srv)
	url := h.createQueue(t, queueName(t, ""), nil)
	if _, err := h.sqs.AddPermission(h.ctx, &sqs.AddPermissionInput{QueueUrl: aws.String(url), Label: aws.String("one"),
		AWSAccountIds: []string{"111111111111"}, Actions: []string{"SendMessage"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := query.AddPermissionWithContext(h.ctx, &sqsv1.AddPermissionInput{QueueUrl: awsv1.String(url), Label: awsv1.String("two"),
		AWSAccountIds: awsv1.StringSlice([]string{"111111111111", "222222222222"}),
		Actions:       awsv1.StringSlice([]string{"ReceiveMessage", "DeleteMessage"})}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version   string
		Statement []struct {
			Sid       string
			Principal map[string]any
			Action    any
		}
	}
	if err := json.Unmarshal([]byte(h.attributes(t, url, types.QueueAttributeNamePolicy)["Policy"]), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2008-10-17" || len(doc.Statement) != 2 {
		t.Fatalf("policy = %+v", doc)
	}
	one, two := doc.Statement[0], doc.Statement[1]
	if one.Principal["AWS"] != "arn:aws:iam::111111111111:root" || one.Action != "SQS:SendMessage" {
		t.Errorf("single principal and action: %+v, want strings", one)
	}
	if !reflect.DeepEqual(two.Principal["AWS"], []any{"arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"}) ||
		!reflect.DeepEqual(two.Action, []any{"SQS:ReceiveMessage", "SQS:DeleteMessage"}) {
		t.Errorf("several principals and actions: %+v, want lists", two)
	}
}
