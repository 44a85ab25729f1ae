package sqsapi

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestCreateQueueAndFindIt(t *testing.T) {
	t.Parallel()
	b := setup(t)
	out := must(b.api.CreateQueue(b.ctx, &CreateQueueInput{
		QueueName: "orders",
		Tags:      map[string]string{"team": "shop"},
	}))(t)
	const want = "http://localhost:4566/000000000000/orders"
	if out.QueueURL != want {
		t.Fatalf("QueueUrl = %q, want %q", out.QueueURL, want)
	}
	got := must(b.api.GetQueueUrl(b.ctx, &GetQueueUrlInput{QueueName: "orders"}))(t)
	if got.QueueURL != want {
		t.Errorf("GetQueueUrl = %q", got.QueueURL)
	}
	got = must(b.api.GetQueueUrl(b.ctx, &GetQueueUrlInput{QueueName: "orders", QueueOwnerAWSAccountID: testAccount}))(t)
	if got.QueueURL != want {
		t.Errorf("GetQueueUrl with own account = %q", got.QueueURL)
	}
	tags := must(b.api.ListQueueTags(b.ctx, &ListQueueTagsInput{QueueURL: want}))(t)
	if !maps.Equal(tags.Tags, map[string]string{"team": "shop"}) {
		t.Errorf("tags = %v", tags.Tags)
	}
	_, err := b.api.GetQueueUrl(b.ctx, &GetQueueUrlInput{QueueName: "missing"})
	awsErr := b.wantError(t, err, "QueueDoesNotExist")
	if awsErr.QueryCode != "AWS.SimpleQueueService.NonExistentQueue" || awsErr.Status != 400 {
		t.Errorf("error %+v", awsErr)
	}
}

func TestCreateQueueAdvertisedURL(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.api.opts.AdvertisedURL = "https://mq.example.com"
	url := b.createQueue(t, "q", nil)
	if url != "https://mq.example.com/000000000000/q" {
		t.Fatalf("QueueUrl = %q", url)
	}
	// The advertised URL resolves like any other.
	must(b.api.SendMessage(b.ctx, &SendMessageInput{QueueURL: url, MessageBody: "x"}))(t)
}

func TestCreateQueueConflict(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.createQueue(t, "q", map[string]string{"DelaySeconds": "0"})
	b.createQueue(t, "q", map[string]string{"DelaySeconds": "0"})
	_, err := b.api.CreateQueue(b.ctx, &CreateQueueInput{QueueName: "q", Attributes: map[string]string{"DelaySeconds": "5"}})
	awsErr := b.wantError(t, err, "QueueNameExists")
	if awsErr.QueryCode != "QueueAlreadyExists" {
		t.Errorf("query code %q", awsErr.QueryCode)
	}
}

func TestListQueues(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, name := range []string{"b-one", "a-one", "a-two"} {
		b.createQueue(t, name, nil)
	}
	out := must(b.api.ListQueues(b.ctx, &ListQueuesInput{QueueNamePrefix: "a-"}))(t)
	want := []string{"http://localhost:4566/000000000000/a-one", "http://localhost:4566/000000000000/a-two"}
	if !slices.Equal(out.QueueURLs, want) || out.NextToken != "" {
		t.Errorf("ListQueues = %q, %q", out.QueueURLs, out.NextToken)
	}
	page := must(b.api.ListQueues(b.ctx, &ListQueuesInput{MaxResults: ptr(2)}))(t)
	if len(page.QueueURLs) != 2 || page.NextToken == "" {
		t.Fatalf("first page = %q, token %q", page.QueueURLs, page.NextToken)
	}
	rest := must(b.api.ListQueues(b.ctx, &ListQueuesInput{MaxResults: ptr(2), NextToken: page.NextToken}))(t)
	if !slices.Equal(rest.QueueURLs, []string{"http://localhost:4566/000000000000/b-one"}) {
		t.Errorf("second page = %q", rest.QueueURLs)
	}
	none := must(b.api.ListQueues(b.ctx, &ListQueuesInput{QueueNamePrefix: "zzz"}))(t)
	if none.QueueURLs != nil {
		t.Errorf("empty listing is %#v, want nil", none.QueueURLs)
	}
}

func TestQueueAttributes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	out := must(b.api.GetQueueAttributes(b.ctx, &GetQueueAttributesInput{QueueURL: url}))(t)
	if out.Attributes != nil {
		t.Errorf("no names gave %v, want nil", out.Attributes)
	}
	must(b.api.SetQueueAttributes(b.ctx, &SetQueueAttributesInput{
		QueueURL: url, Attributes: map[string]string{"VisibilityTimeout": "45"},
	}))(t)
	out = must(b.api.GetQueueAttributes(b.ctx, &GetQueueAttributesInput{QueueURL: url, AttributeNames: []string{"All"}}))(t)
	if out.Attributes["VisibilityTimeout"] != "45" {
		t.Errorf("VisibilityTimeout = %q", out.Attributes["VisibilityTimeout"])
	}
	if out.Attributes["QueueArn"] != "arn:aws:sqs:us-east-1:000000000000:q" {
		t.Errorf("QueueArn = %q", out.Attributes["QueueArn"])
	}
	_, err := b.api.GetQueueAttributes(b.ctx, &GetQueueAttributesInput{QueueURL: url, AttributeNames: []string{"Bogus"}})
	b.wantError(t, err, "InvalidAttributeName")
	_, err = b.api.SetQueueAttributes(b.ctx, &SetQueueAttributesInput{QueueURL: url})
	b.wantError(t, err, "MissingRequiredParameterException")
}

func TestTags(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	out := must(b.api.ListQueueTags(b.ctx, &ListQueueTagsInput{QueueURL: url}))(t)
	if out.Tags != nil {
		t.Errorf("no tags gave %#v, want nil", out.Tags)
	}
	must(b.api.TagQueue(b.ctx, &TagQueueInput{QueueURL: url, Tags: map[string]string{"a": "1", "b": "2"}}))(t)
	must(b.api.UntagQueue(b.ctx, &UntagQueueInput{QueueURL: url, TagKeys: []string{"a"}}))(t)
	out = must(b.api.ListQueueTags(b.ctx, &ListQueueTagsInput{QueueURL: url}))(t)
	if !maps.Equal(out.Tags, map[string]string{"b": "2"}) {
		t.Errorf("tags = %v", out.Tags)
	}
	_, err := b.api.UntagQueue(b.ctx, &UntagQueueInput{QueueURL: url})
	awsErr := b.wantError(t, err, "MissingRequiredParameterException")
	if awsErr.Message != "The request must contain the parameter TagKeys." {
		t.Errorf("message %q", awsErr.Message)
	}
}

func TestDeleteAndPurgeQueue(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	must(b.api.PurgeQueue(b.ctx, &PurgeQueueInput{QueueURL: url}))(t)
	_, err := b.api.PurgeQueue(b.ctx, &PurgeQueueInput{QueueURL: url})
	awsErr := b.wantError(t, err, "PurgeQueueInProgress")
	if awsErr.Status != 403 || awsErr.QueryCode != "AWS.SimpleQueueService.PurgeQueueInProgress" {
		t.Errorf("error %+v", awsErr)
	}
	must(b.api.DeleteQueue(b.ctx, &DeleteQueueInput{QueueURL: url}))(t)
	_, err = b.api.GetQueueUrl(b.ctx, &GetQueueUrlInput{QueueName: "q"})
	b.wantError(t, err, "QueueDoesNotExist")
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	url := b.createQueue(t, "q", nil)
	must(b.api.AddPermission(b.ctx, &AddPermissionInput{
		QueueURL: url, Label: "send", AWSAccountIDs: []string{otherAccount}, Actions: []string{"SendMessage"},
	}))(t)
	attrs := must(b.api.GetQueueAttributes(b.ctx, &GetQueueAttributesInput{QueueURL: url, AttributeNames: []string{"Policy"}}))(t)
	if !strings.Contains(attrs.Attributes["Policy"], "send") {
		t.Errorf("Policy = %q", attrs.Attributes["Policy"])
	}
	must(b.api.RemovePermission(b.ctx, &RemovePermissionInput{QueueURL: url, Label: "send"}))(t)
	_, err := b.api.AddPermission(b.ctx, &AddPermissionInput{QueueURL: url, Label: "x", AWSAccountIDs: []string{otherAccount}})
	awsErr := b.wantError(t, err, "MissingRequiredParameterException")
	if awsErr.Message != "The request must contain the parameter Actions." {
		t.Errorf("message %q", awsErr.Message)
	}
}

func TestDeadLetterSourceQueues(t *testing.T) {
	t.Parallel()
	b := setup(t)
	dlq := b.createQueue(t, "dlq", nil)
	policy := `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"3"}`
	src := b.createQueue(t, "src", map[string]string{"RedrivePolicy": policy})
	b.createQueue(t, "unrelated", nil)
	out := must(b.api.ListDeadLetterSourceQueues(b.ctx, &ListDeadLetterSourceQueuesInput{QueueURL: dlq}))(t)
	if !slices.Equal(out.QueueURLs, []string{src}) {
		t.Errorf("sources = %q, want %q", out.QueueURLs, src)
	}
}
