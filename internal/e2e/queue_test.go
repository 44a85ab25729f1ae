package e2e

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/servertest"
)

func TestJSON_QueueLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	name := queueName(t, "")

	url := h.createQueue(t, name, map[string]string{"VisibilityTimeout": "45", "DelaySeconds": "0"})
	if want := h.srv.URL + "/" + account + "/" + name; url != want {
		t.Errorf("QueueUrl = %q, want %q", url, want)
	}

	t.Run("CreateAgainSameAttributesIsIdempotent", func(t *testing.T) {
		again := h.createQueue(t, name, map[string]string{"VisibilityTimeout": "45"})
		if again != url {
			t.Errorf("second CreateQueue = %q, want %q", again, url)
		}
	})

	t.Run("GetQueueUrl", func(t *testing.T) {
		out, err := h.sqs.GetQueueUrl(h.ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
		if err != nil {
			t.Fatalf("GetQueueUrl: %v", err)
		}
		if got := aws.ToString(out.QueueUrl); got != url {
			t.Errorf("GetQueueUrl = %q, want %q", got, url)
		}
		out, err = h.sqs.GetQueueUrl(h.ctx, &sqs.GetQueueUrlInput{
			QueueName: aws.String(name), QueueOwnerAWSAccountId: aws.String(account)})
		if err != nil || aws.ToString(out.QueueUrl) != url {
			t.Errorf("GetQueueUrl with owner = %v, %v; want %q", out, err, url)
		}
	})

	t.Run("GetQueueAttributes", func(t *testing.T) {
		attrs := h.attributes(t, url, types.QueueAttributeNameAll)
		want := map[string]string{
			"VisibilityTimeout":             "45",
			"DelaySeconds":                  "0",
			"MaximumMessageSize":            "1048576",
			"MessageRetentionPeriod":        "345600",
			"ReceiveMessageWaitTimeSeconds": "0",
			"ApproximateNumberOfMessages":   "0",
			"QueueArn":                      "arn:aws:sqs:us-east-1:" + account + ":" + name,
		}
		for k, v := range want {
			if attrs[k] != v {
				t.Errorf("attribute %s = %q, want %q", k, attrs[k], v)
			}
		}
		for _, k := range []string{"CreatedTimestamp", "LastModifiedTimestamp"} {
			if _, err := strconv.ParseInt(attrs[k], 10, 64); err != nil {
				t.Errorf("attribute %s = %q, want integer epoch seconds", k, attrs[k])
			}
		}
		if _, ok := attrs["FifoQueue"]; ok {
			t.Errorf("standard queue reports FifoQueue: %v", attrs)
		}
		if none := h.attributes(t, url); len(none) != 0 {
			t.Errorf("GetQueueAttributes without names = %v, want nothing", none)
		}
	})

	t.Run("SetQueueAttributes", func(t *testing.T) {
		_, err := h.sqs.SetQueueAttributes(h.ctx, &sqs.SetQueueAttributesInput{
			QueueUrl:   aws.String(url),
			Attributes: map[string]string{"VisibilityTimeout": "90", "ReceiveMessageWaitTimeSeconds": "5"},
		})
		if err != nil {
			t.Fatalf("SetQueueAttributes: %v", err)
		}
		attrs := h.attributes(t, url, types.QueueAttributeNameVisibilityTimeout, types.QueueAttributeNameReceiveMessageWaitTimeSeconds)
		if attrs["VisibilityTimeout"] != "90" || attrs["ReceiveMessageWaitTimeSeconds"] != "5" {
			t.Errorf("attributes after set = %v", attrs)
		}
		if len(attrs) != 2 {
			t.Errorf("asked for 2 attributes, got %v", attrs)
		}
	})

	t.Run("Tags", func(t *testing.T) {
		if _, err := h.sqs.TagQueue(h.ctx, &sqs.TagQueueInput{QueueUrl: aws.String(url),
			Tags: map[string]string{"team": "search", "env": "dev"}}); err != nil {
			t.Fatalf("TagQueue: %v", err)
		}
		if _, err := h.sqs.UntagQueue(h.ctx, &sqs.UntagQueueInput{QueueUrl: aws.String(url),
			TagKeys: []string{"env", "absent"}}); err != nil {
			t.Fatalf("UntagQueue: %v", err)
		}
		out, err := h.sqs.ListQueueTags(h.ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
		if err != nil {
			t.Fatalf("ListQueueTags: %v", err)
		}
		if len(out.Tags) != 1 || out.Tags["team"] != "search" {
			t.Errorf("tags = %v, want map[team:search]", out.Tags)
		}
	})

	t.Run("Permissions", func(t *testing.T) {
		if _, err := h.sqs.AddPermission(h.ctx, &sqs.AddPermissionInput{
			QueueUrl: aws.String(url), Label: aws.String("send-from-partner"),
			AWSAccountIds: []string{"111122223333"}, Actions: []string{"SendMessage", "GetQueueUrl"},
		}); err != nil {
			t.Fatalf("AddPermission: %v", err)
		}
		policy := h.attributes(t, url, types.QueueAttributeNamePolicy)["Policy"]
		if !strings.Contains(policy, "send-from-partner") || !strings.Contains(policy, "111122223333") ||
			!strings.Contains(policy, "SQS:SendMessage") {
			t.Errorf("Policy after AddPermission = %s", policy)
		}
		if !json.Valid([]byte(policy)) {
			t.Errorf("Policy is not JSON: %s", policy)
		}
		if _, err := h.sqs.RemovePermission(h.ctx, &sqs.RemovePermissionInput{
			QueueUrl: aws.String(url), Label: aws.String("send-from-partner")}); err != nil {
			t.Fatalf("RemovePermission: %v", err)
		}
		if policy := h.attributes(t, url, types.QueueAttributeNamePolicy)["Policy"]; strings.Contains(policy, "send-from-partner") {
			t.Errorf("Policy after RemovePermission still has the statement: %s", policy)
		}
	})

	t.Run("DeleteQueue", func(t *testing.T) {
		if _, err := h.sqs.DeleteQueue(h.ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(url)}); err != nil {
			t.Fatalf("DeleteQueue: %v", err)
		}
		_, err := h.sqs.GetQueueUrl(h.ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
		var notExist *types.QueueDoesNotExist
		if !errors.As(err, &notExist) {
			t.Fatalf("GetQueueUrl after delete: %v, want QueueDoesNotExist", err)
		}
	})
}

func TestJSON_ListQueues(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var urls []string
	for _, name := range []string{"orders-c", "orders-a", "orders-b", "billing"} {
		urls = append(urls, h.createQueue(t, name, nil))
	}

	out, err := h.sqs.ListQueues(h.ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("orders-")})
	if err != nil {
		t.Fatalf("ListQueues: %v", err)
	}
	want := []string{urls[1], urls[2], urls[0]}
	if !slices.Equal(out.QueueUrls, want) {
		t.Errorf("ListQueues(orders-) = %v, want %v", out.QueueUrls, want)
	}
	if out.NextToken != nil {
		t.Errorf("NextToken without MaxResults = %q, want none", *out.NextToken)
	}

	// Page through all queues two at a time.
	var paged []string
	p := sqs.NewListQueuesPaginator(h.sqs, &sqs.ListQueuesInput{MaxResults: aws.Int32(2)})
	for pages := 0; p.HasMorePages(); pages++ {
		if pages > 4 {
			t.Fatalf("paginator did not finish after %d pages: %v", pages, paged)
		}
		page, err := p.NextPage(h.ctx)
		if err != nil {
			t.Fatalf("ListQueues page: %v", err)
		}
		if len(page.QueueUrls) > 2 {
			t.Errorf("page has %d queues, want at most 2", len(page.QueueUrls))
		}
		paged = append(paged, page.QueueUrls...)
	}
	wantAll := []string{urls[3], urls[1], urls[2], urls[0]}
	if !slices.Equal(paged, wantAll) {
		t.Errorf("paged ListQueues = %v, want %v", paged, wantAll)
	}
}

func TestJSON_PurgeQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ""), nil)
	for i := range 3 {
		h.send(t, url, "m"+strconv.Itoa(i))
	}
	if _, err := h.sqs.PurgeQueue(h.ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String(url)}); err != nil {
		t.Fatalf("PurgeQueue: %v", err)
	}
	if msgs := h.receive(t, url, 10, 30); len(msgs) != 0 {
		t.Errorf("receive after purge = %v, want nothing", bodies(msgs))
	}
	_, err := h.sqs.PurgeQueue(h.ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String(url)})
	var inProgress *types.PurgeQueueInProgress
	if !errors.As(err, &inProgress) {
		t.Fatalf("second PurgeQueue = %v, want PurgeQueueInProgress", err)
	}
	wantAPIError(t, err, "AWS.SimpleQueueService.PurgeQueueInProgress")
}

func TestJSON_FIFOQueueAttributes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ".fifo"), map[string]string{
		"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	attrs := h.attributes(t, url, types.QueueAttributeNameAll)
	if attrs["FifoQueue"] != "true" || attrs["ContentBasedDeduplication"] != "true" {
		t.Errorf("FIFO attributes = %v", attrs)
	}
}

func TestJSON_AdvertisedURL(t *testing.T) {
	t.Parallel()
	h := newHarness(t, servertest.WithAdvertisedURL("https://sqs.internal.example:8443"))
	name := queueName(t, "")
	url := h.createQueue(t, name, nil)
	if want := "https://sqs.internal.example:8443/" + account + "/" + name; url != want {
		t.Fatalf("QueueUrl = %q, want %q", url, want)
	}
	// The advertised host is not this server's, but the queue is found by
	// the URL's path whatever its host.
	if _, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("x")}); err != nil {
		t.Errorf("SendMessage to the advertised URL: %v", err)
	}
}
