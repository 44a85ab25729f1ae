package queue

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"
)

func TestService_CreateQueue(t *testing.T) {
	t.Parallel()

	t.Run("Defaults", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "std", nil)
		attrs := b.attributes(t, r, "All")
		wantAttributes(t, attrs, map[string]string{
			"VisibilityTimeout": "30", "MaximumMessageSize": "1048576", "MessageRetentionPeriod": "345600",
			"DelaySeconds": "0", "ReceiveMessageWaitTimeSeconds": "0", "SqsManagedSseEnabled": "true",
			"QueueArn":                    "arn:aws:sqs:us-east-1:000000000000:std",
			"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0", "ApproximateNumberOfMessagesDelayed": "0",
			"CreatedTimestamp":      strconv.FormatInt(testStart.Unix(), 10),
			"LastModifiedTimestamp": strconv.FormatInt(testStart.Unix(), 10),
		})
		for _, absent := range []string{"FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "RedrivePolicy", "Policy"} {
			if v, ok := attrs[absent]; ok {
				t.Errorf("standard queue has %s=%q", absent, v)
			}
		}
	})

	t.Run("FIFODefaults", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{Region: "eu-west-1"})
		r := b.create(t, "f.fifo", map[string]string{"FifoQueue": "true"})
		wantAttributes(t, b.attributes(t, r, "All"), map[string]string{
			"FifoQueue": "true", "ContentBasedDeduplication": "false", "DeduplicationScope": "queue",
			"FifoThroughputLimit": "perQueue", "QueueArn": "arn:aws:sqs:eu-west-1:000000000000:f.fifo",
		})
	})

	t.Run("Idempotent", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		b.create(t, "q", map[string]string{"DelaySeconds": "5"})
		b.create(t, "q", map[string]string{"DelaySeconds": "5"})
		b.create(t, "q", nil)
		b.create(t, "q", map[string]string{"VisibilityTimeout": "30"})
		err := b.svc.CreateQueue(b.ctx, &CreateQueueParams{Queue: ref("q"), Attributes: map[string]string{"DelaySeconds": "6"}})
		wantError(t, err, ErrQueueNameExists, "A queue already exists with the same name and a different value for attribute DelaySeconds")
	})

	t.Run("Validation", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		tests := []struct {
			name  string
			attrs map[string]string
			kind  error
			msg   string
		}{
			{"q.fifo", nil, ErrInvalidParameterValue, msgQueueName},
			{"q", map[string]string{"FifoQueue": "true"}, ErrInvalidParameterValue, msgFIFOQueueName},
			{"q", map[string]string{"FifoQueue": "maybe"}, ErrInvalidAttributeValue, "Invalid value for the parameter FifoQueue."},
			{"q", map[string]string{"DeduplicationScope": "queue"}, ErrInvalidAttributeName, "You can specify the DeduplicationScope only when FifoQueue is set to true."},
			{"q", map[string]string{"Colour": "blue"}, ErrInvalidAttributeName, "Unknown Attribute Colour."},
			{"q", map[string]string{"ApproximateNumberOfMessages": "1"}, ErrInvalidAttributeName, "Unknown Attribute ApproximateNumberOfMessages."},
			{"q", map[string]string{"VisibilityTimeout": "43201"}, ErrInvalidAttributeValue, "Invalid value for the parameter VisibilityTimeout."},
		}
		for _, tt := range tests {
			err := b.svc.CreateQueue(b.ctx, &CreateQueueParams{Queue: ref(tt.name), Attributes: tt.attrs})
			wantError(t, err, tt.kind, tt.msg)
		}
		res, err := b.svc.ListQueues(b.ctx, &ListQueuesParams{Account: testAccount})
		if err != nil || len(res.Queues) != 0 {
			t.Errorf("failed creates left queues: %v, %v", res, err)
		}
	})

	t.Run("DeletedRecently", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := b.create(t, "q", nil)
		if err := b.svc.DeleteQueue(b.ctx, r); err != nil {
			t.Fatal(err)
		}
		err := b.svc.CreateQueue(b.ctx, &CreateQueueParams{Queue: r})
		wantError(t, err, ErrQueueDeletedRecently, "You must wait 60 seconds after deleting a queue before you can create another with the same name.")
		b.clk.Advance(60 * time.Second)
		b.create(t, "q", nil)
	})

	t.Run("Tags", func(t *testing.T) {
		t.Parallel()
		b := setup(t, Options{})
		r := ref("q")
		if err := b.svc.CreateQueue(b.ctx, &CreateQueueParams{Queue: r, Tags: map[string]string{"team": "a"}}); err != nil {
			t.Fatal(err)
		}
		if err := b.svc.TagQueue(b.ctx, r, map[string]string{"env": "dev", "team": "b"}); err != nil {
			t.Fatal(err)
		}
		if err := b.svc.UntagQueue(b.ctx, r, []string{"env", "absent"}); err != nil {
			t.Fatal(err)
		}
		tags, err := b.svc.ListQueueTags(b.ctx, r)
		if err != nil || len(tags) != 1 || tags["team"] != "b" {
			t.Errorf("tags = %v, %v", tags, err)
		}
	})
}

func TestService_GetQueueAttributes(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", nil)
	if got := b.attributes(t, r); len(got) != 0 {
		t.Errorf("no names gave %v", got)
	}
	got := b.attributes(t, r, "DelaySeconds", "QueueArn", "FifoQueue")
	if len(got) != 2 || got["DelaySeconds"] != "0" {
		t.Errorf("selected attributes = %v", got)
	}
	_, err := b.svc.GetQueueAttributes(b.ctx, r, []string{"Nope"})
	wantError(t, err, ErrInvalidAttributeName, "Unknown Attribute Nope.")
	_, err = b.svc.GetQueueAttributes(b.ctx, ref("absent"), []string{"All"})
	wantError(t, err, ErrQueueDoesNotExist, "The specified queue does not exist.")
}

func TestService_SetQueueAttributes(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", nil)
	f := b.create(t, "f.fifo", map[string]string{"FifoQueue": "true"})

	b.clk.Advance(10 * time.Second)
	if err := b.svc.SetQueueAttributes(b.ctx, r, map[string]string{"VisibilityTimeout": "60", "Policy": `{"Version":"2012-10-17"}`}); err != nil {
		t.Fatal(err)
	}
	wantAttributes(t, b.attributes(t, r, "All"), map[string]string{
		"VisibilityTimeout": "60", "Policy": `{"Version":"2012-10-17"}`,
		"LastModifiedTimestamp": strconv.FormatInt(testStart.Add(10*time.Second).Unix(), 10),
	})
	if err := b.svc.SetQueueAttributes(b.ctx, r, map[string]string{"Policy": ""}); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.attributes(t, r, "Policy")["Policy"]; ok {
		t.Error("empty Policy did not remove it")
	}

	wantError(t, b.svc.SetQueueAttributes(b.ctx, f, map[string]string{"FifoQueue": "false"}), ErrInvalidAttributeValue,
		"Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.")
	wantError(t, b.svc.SetQueueAttributes(b.ctx, r, map[string]string{"FifoQueue": "true"}), ErrInvalidAttributeName,
		"Unknown Attribute FifoQueue.")
	wantError(t, b.svc.SetQueueAttributes(b.ctx, f, map[string]string{"FifoThroughputLimit": "perMessageGroupId"}), ErrInvalidAttributeValue,
		"Invalid value for the parameter FifoThroughputLimit. Reason: The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.")
	if err := b.svc.SetQueueAttributes(b.ctx, f, map[string]string{"FifoThroughputLimit": "perMessageGroupId", "DeduplicationScope": "messageGroup"}); err != nil {
		t.Errorf("high throughput: %v", err)
	}
	wantError(t, b.svc.SetQueueAttributes(b.ctx, ref("absent"), map[string]string{"DelaySeconds": "1"}), ErrQueueDoesNotExist,
		"The specified queue does not exist.")
}

func TestService_RedrivePolicy(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	dlq := b.create(t, "dlq", nil)
	fifoDLQ := b.create(t, "dlq.fifo", map[string]string{"FifoQueue": "true"})
	policy := func(target QueueRef, n int) string {
		return `{"deadLetterTargetArn":"` + b.svc.QueueArn(target) + `","maxReceiveCount":` + strconv.Itoa(n) + `}`
	}

	src := b.create(t, "src", map[string]string{"RedrivePolicy": policy(dlq, 3)})
	if got := b.attributes(t, src, "RedrivePolicy")["RedrivePolicy"]; got != policy(dlq, 3) {
		t.Errorf("stored policy = %s", got)
	}
	missing := policy(ref("nope"), 3)
	wantError(t, b.svc.CreateQueue(b.ctx, &CreateQueueParams{Queue: ref("a"), Attributes: map[string]string{"RedrivePolicy": missing}}),
		ErrInvalidParameterValue, "Value "+missing+" for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.")
	mixed := policy(fifoDLQ, 3)
	wantError(t, b.svc.CreateQueue(b.ctx, &CreateQueueParams{Queue: ref("a"), Attributes: map[string]string{"RedrivePolicy": mixed}}),
		ErrInvalidParameterValue, "Value "+mixed+" for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source..")

	if err := b.svc.SetQueueAttributes(b.ctx, dlq, map[string]string{"RedriveAllowPolicy": `{"redrivePermission":"denyAll"}`}); err != nil {
		t.Fatal(err)
	}
	denied := policy(dlq, 2)
	wantError(t, b.svc.SetQueueAttributes(b.ctx, src, map[string]string{"RedrivePolicy": denied}), ErrInvalidParameterValue,
		"Value "+denied+" for parameter RedrivePolicy is invalid. Reason: Dead-letter target does not allow this queue as its source by its RedriveAllowPolicy.")
	allow := `{"redrivePermission":"byQueue","sourceQueueArns":["` + b.svc.QueueArn(src) + `"]}`
	if err := b.svc.SetQueueAttributes(b.ctx, dlq, map[string]string{"RedriveAllowPolicy": allow}); err != nil {
		t.Fatal(err)
	}
	if err := b.svc.SetQueueAttributes(b.ctx, src, map[string]string{"RedrivePolicy": denied}); err != nil {
		t.Errorf("byQueue source refused: %v", err)
	}

	b.create(t, "src2", map[string]string{"RedrivePolicy": policy(b.create(t, "dlq2", nil), 1), "FifoQueue": "false"})
	b.create(t, "src3.fifo", map[string]string{"RedrivePolicy": policy(fifoDLQ, 1), "FifoQueue": "true"})
	res, err := b.svc.ListDeadLetterSourceQueues(b.ctx, &ListDeadLetterSourceQueuesParams{Queue: dlq})
	if err != nil || !slices.Equal(res.Queues, []QueueRef{src}) {
		t.Errorf("sources of dlq = %v, %v", res, err)
	}

	if err := b.svc.SetQueueAttributes(b.ctx, dlq, map[string]string{"RedriveAllowPolicy": ""}); err != nil {
		t.Fatal(err)
	}
	b.create(t, "src4", map[string]string{"RedrivePolicy": policy(dlq, 5)})
	first, err := b.svc.ListDeadLetterSourceQueues(b.ctx, &ListDeadLetterSourceQueuesParams{Queue: dlq, MaxResults: intPtr(1)})
	if err != nil || !slices.Equal(first.Queues, []QueueRef{src}) || first.NextToken == "" {
		t.Fatalf("first page = %+v, %v", first, err)
	}
	second, err := b.svc.ListDeadLetterSourceQueues(b.ctx, &ListDeadLetterSourceQueuesParams{Queue: dlq, MaxResults: intPtr(1), NextToken: first.NextToken})
	if err != nil || !slices.Equal(second.Queues, []QueueRef{ref("src4")}) || second.NextToken != "" {
		t.Errorf("second page = %+v, %v", second, err)
	}
}

func TestService_ListQueues(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	for _, n := range []string{"a1", "a2", "a3", "b1"} {
		b.create(t, n, nil)
	}
	other := QueueRef{Account: "111111111111", Name: "a0"}
	if err := b.svc.CreateQueue(b.ctx, &CreateQueueParams{Queue: other}); err != nil {
		t.Fatal(err)
	}
	res, err := b.svc.ListQueues(b.ctx, &ListQueuesParams{Account: testAccount, Prefix: "a"})
	if err != nil || len(res.Queues) != 3 || res.NextToken != "" {
		t.Fatalf("prefix a = %+v, %v", res, err)
	}
	var names []string
	token := ""
	for {
		res, err := b.svc.ListQueues(b.ctx, &ListQueuesParams{Account: testAccount, MaxResults: intPtr(3), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range res.Queues {
			names = append(names, q.Name)
		}
		if token = res.NextToken; token == "" {
			break
		}
	}
	if !slices.Equal(names, []string{"a1", "a2", "a3", "b1"}) {
		t.Errorf("paged names = %v", names)
	}
	_, err = b.svc.ListQueues(b.ctx, &ListQueuesParams{Account: testAccount, MaxResults: intPtr(1001)})
	wantError(t, err, ErrInvalidParameterValue, "Value 1001 for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.")
}

func TestService_PurgeQueue(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", nil)
	b.send(t, r, SendMessageEntry{Body: "x"})
	if err := b.svc.PurgeQueue(b.ctx, r); err != nil {
		t.Fatal(err)
	}
	if n := b.attributes(t, r, "ApproximateNumberOfMessages")["ApproximateNumberOfMessages"]; n != "0" {
		t.Errorf("after purge %s messages", n)
	}
	wantError(t, b.svc.PurgeQueue(b.ctx, r), ErrPurgeQueueInProgress, "Only one PurgeQueue operation on q is allowed every 60 seconds.")
	b.clk.Advance(60 * time.Second)
	if err := b.svc.PurgeQueue(b.ctx, r); err != nil {
		t.Errorf("purge after 60 s: %v", err)
	}
}

func TestService_Permissions(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", nil)
	add := func(label string, actions ...string) error {
		return b.svc.AddPermission(b.ctx, &AddPermissionParams{Queue: r, Label: label, AccountIDs: []string{"111111111111"}, Actions: actions})
	}
	if err := add("send", "SendMessage"); err != nil {
		t.Fatal(err)
	}
	if err := add("recv", "ReceiveMessage", "DeleteMessage"); err != nil {
		t.Fatal(err)
	}
	wantError(t, add("send", "SendMessage"), ErrInvalidParameterValue, "Value send for parameter Label is invalid. Reason: Already exists.")
	wantError(t, add("x", "Fly"), ErrInvalidParameterValue, "Value SQS:Fly for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.")
	wantError(t, add("x", "SendMessage", "ReceiveMessage", "DeleteMessage", "PurgeQueue", "GetQueueUrl", "GetQueueAttributes", "ListQueueTags", "ChangeMessageVisibility"),
		ErrOverLimit, "8 Actions were found, maximum allowed is 7.")

	var doc struct {
		Version   string
		Statement []struct {
			Sid       string
			Action    any
			Principal map[string]any
			Resource  string
		}
	}
	if err := json.Unmarshal([]byte(b.attributes(t, r, "Policy")["Policy"]), &doc); err != nil {
		t.Fatal(err)
	}
	// One action or principal is a string, several a list, as AWS writes them.
	if len(doc.Statement) != 2 || doc.Version != "2008-10-17" || doc.Statement[1].Sid != "recv" ||
		!reflect.DeepEqual(doc.Statement[1].Action, []any{"SQS:ReceiveMessage", "SQS:DeleteMessage"}) ||
		doc.Statement[0].Action != "SQS:SendMessage" ||
		doc.Statement[0].Principal["AWS"] != "arn:aws:iam::111111111111:root" || doc.Statement[0].Resource != b.svc.QueueArn(r) {
		t.Errorf("policy = %+v", doc)
	}

	if err := b.svc.RemovePermission(b.ctx, r, "send"); err != nil {
		t.Fatal(err)
	}
	wantError(t, b.svc.RemovePermission(b.ctx, r, "send"), ErrInvalidParameterValue, "Value send for parameter Label is invalid. Reason: can't find label.")
	if err := b.svc.RemovePermission(b.ctx, r, "recv"); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.attributes(t, r, "Policy")["Policy"]; ok {
		t.Error("Policy kept after its last statement was removed")
	}
}
