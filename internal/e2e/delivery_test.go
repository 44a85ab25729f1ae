package e2e

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	awsv1 "github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	sqsv1 "github.com/aws/aws-sdk-go/service/sqs"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
)

// deliveryAttributes are sluice's delivery attributes, as the SDKs pass
// attribute names they do not model.
var deliveryAttributes = []types.QueueAttributeName{"SluiceDeliveryRate", "SluiceDeliveryBurst", "SluiceMaxInFlight"}

// fillQueue sends n small messages with SendMessageBatch.
func (h *harness) fillQueue(t *testing.T, url string, n int) {
	t.Helper()
	for sent := 0; sent < n; {
		var entries []types.SendMessageBatchRequestEntry
		for i := 0; i < 10 && sent < n; i++ {
			entries = append(entries, types.SendMessageBatchRequestEntry{
				Id: aws.String(fmt.Sprint(i)), MessageBody: aws.String(fmt.Sprint("m", sent))})
			sent++
		}
		out, err := h.sqs.SendMessageBatch(h.ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
		if err != nil || len(out.Failed) > 0 {
			t.Fatalf("SendMessageBatch: %v (failed %v)", err, out)
		}
	}
}

// TestJSON_DeliveryRateIsFlatAcrossReceivers drives four concurrent long
// polling receivers of a queue with SluiceDeliveryRate 1000 and moves the
// fake clock in 20 ms steps. After each step it waits until every
// receiver is back waiting on the clock, so each second of fake time
// counts all it delivered.
func TestJSON_DeliveryRateIsFlatAcrossReceivers(t *testing.T) {
	t.Parallel()
	const (
		rate      = 1000
		receivers = 4
		windows   = 3
		step      = 20 * time.Millisecond
	)
	h, clk := newFakeClockHarness(t)
	url := h.createQueue(t, queueName(t, ""), map[string]string{"SluiceDeliveryRate": fmt.Sprint(rate)})
	h.fillQueue(t, url, rate*(windows+1)+500)
	background := clk.Timers()

	ctx, cancel := context.WithCancel(h.ctx)
	var delivered atomic.Int64
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	for range receivers {
		wg.Go(func() {
			for ctx.Err() == nil {
				out, err := h.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
					QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 20})
				if err != nil {
					if ctx.Err() == nil {
						t.Errorf("ReceiveMessage: %v", err)
					}
					return
				}
				delivered.Add(int64(len(out.Messages)))
			}
		})
	}
	allWaiting := func(when string) {
		t.Helper()
		waitCtx, cancelWait := context.WithTimeout(ctx, 10*time.Second)
		defer cancelWait()
		if err := clk.AwaitTimers(waitCtx, background+receivers); err != nil {
			t.Fatalf("%s: the receivers never all waited on the clock (%d timers)", when, clk.Timers())
		}
	}

	allWaiting("after the burst")
	if got := delivered.Load(); got != rate {
		t.Fatalf("the burst delivered %d messages, want the bucket's %d", got, rate)
	}
	for w := range windows {
		before := delivered.Load()
		for range time.Second / step {
			clk.Advance(step)
			allWaiting(fmt.Sprintf("window %d", w+1))
		}
		got := delivered.Load() - before
		t.Logf("second %d of fake time: %d messages across %d receivers", w+1, got, receivers)
		if got < rate*9/10 || got > rate*11/10 {
			t.Errorf("second %d of fake time delivered %d messages, want %d ± 10%%", w+1, got, rate)
		}
	}
}

func TestJSON_DeliveryAttributes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	url := h.createQueue(t, queueName(t, ""), map[string]string{"SluiceDeliveryRate": "0.50", "SluiceMaxInFlight": "7"})
	got := h.attributes(t, url, deliveryAttributes...)
	if want := map[string]string{"SluiceDeliveryRate": "0.5", "SluiceDeliveryBurst": "1", "SluiceMaxInFlight": "7"}; !maps.Equal(got, want) {
		t.Errorf("by name = %v, want %v", got, want)
	}
	before := h.attributes(t, url, types.QueueAttributeNameAll)
	if _, ok := before["SluiceDeliveryBurst"]; ok || before["SluiceDeliveryRate"] != "0.5" {
		t.Errorf("All = %v, want the rate and no burst (not set)", before)
	}
	for _, bad := range []map[string]string{
		{"SluiceDeliveryRate": "-2"},
		{"SluiceDeliveryRate": "1e3"},
		{"SluiceDeliveryBurst": "0"},
		{"SluiceMaxInFlight": "lots", "VisibilityTimeout": "9"},
	} {
		_, err := h.sqs.SetQueueAttributes(h.ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: bad})
		wantAPIError(t, err, "InvalidAttributeValue")
	}
	_, err := h.sqs.CreateQueue(h.ctx, &sqs.CreateQueueInput{QueueName: aws.String(queueName(t, "")),
		Attributes: map[string]string{"SluiceDeliveryRate": "fast"}})
	wantAPIError(t, err, "InvalidAttributeValue")
	_, err = h.sqs.SetQueueAttributes(h.ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url),
		Attributes: map[string]string{"SluiceDeliveryRatio": "1"}})
	wantAPIError(t, err, "InvalidAttributeName")
	if after := h.attributes(t, url, types.QueueAttributeNameAll); !maps.Equal(before, after) {
		t.Errorf("refused changes changed the queue:\nbefore %v\nafter  %v", before, after)
	}
}

func TestQuery_DeliveryAttributes(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	c := queryClient(t, srv)
	ctx := testContext(t)
	created, err := c.CreateQueueWithContext(ctx, &sqsv1.CreateQueueInput{QueueName: awsv1.String(queueName(t, "")),
		Attributes: map[string]*string{"SluiceDeliveryRate": awsv1.String("250"), "SluiceDeliveryBurst": awsv1.String("50")}})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}
	url := created.QueueUrl
	if _, err := c.SetQueueAttributesWithContext(ctx, &sqsv1.SetQueueAttributesInput{QueueUrl: url,
		Attributes: map[string]*string{"SluiceMaxInFlight": awsv1.String("100"), "SluiceDeliveryRate": awsv1.String("12.5")}}); err != nil {
		t.Fatalf("SetQueueAttributes: %v", err)
	}
	out, err := c.GetQueueAttributesWithContext(ctx, &sqsv1.GetQueueAttributesInput{QueueUrl: url,
		AttributeNames: awsv1.StringSlice([]string{"SluiceDeliveryRate", "SluiceDeliveryBurst", "SluiceMaxInFlight"})})
	if err != nil {
		t.Fatalf("GetQueueAttributes: %v", err)
	}
	want := map[string]string{"SluiceDeliveryRate": "12.5", "SluiceDeliveryBurst": "50", "SluiceMaxInFlight": "100"}
	if got := awsv1.StringValueMap(out.Attributes); !maps.Equal(got, want) {
		t.Errorf("by name = %v, want %v", got, want)
	}
	all, err := c.GetQueueAttributesWithContext(ctx, &sqsv1.GetQueueAttributesInput{QueueUrl: url,
		AttributeNames: awsv1.StringSlice([]string{"All"})})
	if err != nil {
		t.Fatalf("GetQueueAttributes All: %v", err)
	}
	for name, v := range want {
		if got := awsv1.StringValue(all.Attributes[name]); got != v {
			t.Errorf("All: %s = %q, want %q", name, got, v)
		}
	}

	_, err = c.SetQueueAttributesWithContext(ctx, &sqsv1.SetQueueAttributesInput{QueueUrl: url,
		Attributes: map[string]*string{"SluiceDeliveryRate": awsv1.String("0.0000001")}})
	var aerr awserr.RequestFailure
	if !errors.As(err, &aerr) || aerr.Code() != "InvalidAttributeValue" || aerr.StatusCode() != 400 {
		t.Fatalf("SetQueueAttributes with a bad rate = %v, want InvalidAttributeValue 400", err)
	}
	again, err := c.GetQueueAttributesWithContext(ctx, &sqsv1.GetQueueAttributesInput{QueueUrl: url,
		AttributeNames: awsv1.StringSlice([]string{"SluiceDeliveryRate"})})
	if err != nil || awsv1.StringValue(again.Attributes["SluiceDeliveryRate"]) != "12.5" {
		t.Errorf("rate after a refused change = %v, %v; want 12.5", again, err)
	}
}

func TestJSON_PausedQueueAndMetrics(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(epoch)
	h := newHarness(t, servertest.WithClock(clk))
	name := queueName(t, "")
	url := h.createQueue(t, name, map[string]string{"SluiceDeliveryRate": "0"})
	h.fillQueue(t, url, 3)
	if got := h.receive(t, url, 10, 30); len(got) != 0 {
		t.Fatalf("a paused queue handed out %d messages", len(got))
	}
	if _, err := h.sqs.SetQueueAttributes(h.ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url),
		Attributes: map[string]string{"SluiceDeliveryRate": "2"}}); err != nil {
		t.Fatal(err)
	}
	if got := h.receive(t, url, 10, 30); len(got) != 1 {
		t.Fatalf("resumed at 2/s: got %d messages, want the 1 token the paused bucket held", len(got))
	}
	families := scrape(t, h.srv)
	wantValues(t, families, map[string]float64{
		"sluice_sqs_number_of_messages_received_under_limit_total": 1,
		"sluice_sqs_number_of_throttled_receives_total":            2,
	}, "account", account, "queue", name)
}
