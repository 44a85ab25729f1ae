package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// redrivePolicy returns a RedrivePolicy attribute value.
func redrivePolicy(t *testing.T, dlqArn string, maxReceiveCount int) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"deadLetterTargetArn": dlqArn, "maxReceiveCount": maxReceiveCount})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestJSON_DeadLetterQueue(t *testing.T) {
	t.Parallel()
	h, clk := newFakeClockHarness(t)
	dlqURL := h.createQueue(t, queueName(t, "-dlq"), nil)
	dlqArn := h.queueArn(t, dlqURL)
	srcURL := h.createQueue(t, queueName(t, "-src"), map[string]string{
		"RedrivePolicy": redrivePolicy(t, dlqArn, 2), "VisibilityTimeout": "10"})
	srcArn := h.queueArn(t, srcURL)
	id := h.send(t, srcURL, "poison")

	for attempt := 1; attempt <= 2; attempt++ {
		msgs := h.receive(t, srcURL, 1, 0)
		if len(msgs) != 1 || msgs[0].Attributes["ApproximateReceiveCount"] != strconv.Itoa(attempt) {
			t.Fatalf("receive %d: got %v", attempt, msgs)
		}
		clk.Advance(11 * time.Second)
	}
	if msgs := h.receive(t, srcURL, 1, 0); len(msgs) != 0 {
		t.Fatalf("message received a third time with maxReceiveCount 2")
	}
	moved := h.receive(t, dlqURL, 1, 30)
	if len(moved) != 1 || aws.ToString(moved[0].MessageId) != id || aws.ToString(moved[0].Body) != "poison" {
		t.Fatalf("dead-letter queue holds %v, want message %s", bodies(moved), id)
	}
	if got := moved[0].Attributes["DeadLetterQueueSourceArn"]; got != srcArn {
		t.Errorf("DeadLetterQueueSourceArn = %q, want %q", got, srcArn)
	}

	t.Run("ListDeadLetterSourceQueues", func(t *testing.T) {
		out, err := h.sqs.ListDeadLetterSourceQueues(h.ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: aws.String(dlqURL)})
		if err != nil {
			t.Fatalf("ListDeadLetterSourceQueues: %v", err)
		}
		if !slices.Equal(out.QueueUrls, []string{srcURL}) {
			t.Errorf("source queues = %v, want [%s]", out.QueueUrls, srcURL)
		}
	})

	t.Run("MoveBackToSource", func(t *testing.T) {
		clk.Advance(31 * time.Second) // the dead-lettered message was received above
		// Raise maxReceiveCount so the returned message is delivered whether
		// or not the move resets its receive count.
		if _, err := h.sqs.SetQueueAttributes(h.ctx, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(srcURL),
			Attributes: map[string]string{"RedrivePolicy": redrivePolicy(t, dlqArn, 10)}}); err != nil {
			t.Fatalf("SetQueueAttributes: %v", err)
		}
		if _, err := h.sqs.StartMessageMoveTask(h.ctx, &sqs.StartMessageMoveTaskInput{SourceArn: aws.String(dlqArn)}); err != nil {
			t.Fatalf("StartMessageMoveTask without destination: %v", err)
		}
		// Without a rate the task never waits on the clock; the move wakes
		// this long poll, which the fake clock would otherwise hold forever.
		ctx, cancel := context.WithTimeout(h.ctx, 15*time.Second)
		defer cancel()
		out, err := h.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(srcURL), WaitTimeSeconds: 20})
		if err != nil {
			t.Fatalf("ReceiveMessage on the source queue: %v", err)
		}
		if len(out.Messages) != 1 || aws.ToString(out.Messages[0].Body) != "poison" {
			t.Fatalf("source queue got %v back, want the dead-lettered message", bodies(out.Messages))
		}
		waitFor(t, "the move task to complete", func() bool {
			tasks := h.moveTasks(t, dlqArn)
			return len(tasks) == 1 && aws.ToString(tasks[0].Status) == "COMPLETED" &&
				tasks[0].ApproximateNumberOfMessagesMoved == 1 && tasks[0].DestinationArn == nil
		})
	})
}

// moveTasks lists the move tasks of a source queue, newest first.
func (h *harness) moveTasks(t *testing.T, sourceArn string) []types.ListMessageMoveTasksResultEntry {
	t.Helper()
	out, err := h.sqs.ListMessageMoveTasks(h.ctx, &sqs.ListMessageMoveTasksInput{SourceArn: aws.String(sourceArn), MaxResults: aws.Int32(10)})
	if err != nil {
		t.Fatalf("ListMessageMoveTasks: %v", err)
	}
	return out.Results
}

// dlqWithSource creates a dead-letter queue, a queue that redrives to it
// and n messages in the dead-letter queue, and returns the DLQ's URL and ARN.
func (h *harness) dlqWithMessages(t *testing.T, n int) (string, string) {
	t.Helper()
	dlqURL := h.createQueue(t, queueName(t, "-dlq"), nil)
	dlqArn := h.queueArn(t, dlqURL)
	h.createQueue(t, queueName(t, "-src"), map[string]string{"RedrivePolicy": redrivePolicy(t, dlqArn, 3)})
	for i := range n {
		h.send(t, dlqURL, "dead "+strconv.Itoa(i))
	}
	return dlqURL, dlqArn
}

func TestJSON_MessageMoveTask(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	dlqURL, dlqArn := h.dlqWithMessages(t, 3)
	destURL := h.createQueue(t, queueName(t, "-dest"), nil)
	destArn := h.queueArn(t, destURL)

	start, err := h.sqs.StartMessageMoveTask(h.ctx, &sqs.StartMessageMoveTaskInput{
		SourceArn: aws.String(dlqArn), DestinationArn: aws.String(destArn)})
	if err != nil {
		t.Fatalf("StartMessageMoveTask: %v", err)
	}
	if aws.ToString(start.TaskHandle) == "" {
		t.Fatalf("StartMessageMoveTask returned no task handle")
	}

	var got []string
	for len(got) < 3 {
		out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(destURL),
			MaxNumberOfMessages: 10, WaitTimeSeconds: 20})
		if err != nil {
			t.Fatalf("ReceiveMessage from destination: %v", err)
		}
		if len(out.Messages) == 0 {
			t.Fatalf("destination got %v after a 20 s wait, want 3 messages", got)
		}
		got = append(got, bodies(out.Messages)...)
	}
	slices.Sort(got)
	if want := []string{"dead 0", "dead 1", "dead 2"}; !slices.Equal(got, want) {
		t.Errorf("destination received %v, want %v", got, want)
	}

	// The task finishes in the background after the last move; its status
	// is only observable by asking.
	var task types.ListMessageMoveTasksResultEntry
	waitFor(t, "the move task to complete", func() bool {
		tasks := h.moveTasks(t, dlqArn)
		if len(tasks) == 0 {
			return false
		}
		task = tasks[0]
		return aws.ToString(task.Status) == "COMPLETED"
	})
	if task.ApproximateNumberOfMessagesMoved != 3 || aws.ToString(task.SourceArn) != dlqArn ||
		aws.ToString(task.DestinationArn) != destArn || task.TaskHandle != nil {
		t.Errorf("completed task = moved %d, source %s, destination %s, handle %v",
			task.ApproximateNumberOfMessagesMoved, aws.ToString(task.SourceArn), aws.ToString(task.DestinationArn), task.TaskHandle)
	}
	if n := h.attributes(t, dlqURL, types.QueueAttributeNameApproximateNumberOfMessages)["ApproximateNumberOfMessages"]; n != "0" {
		t.Errorf("dead-letter queue still holds %s messages", n)
	}
}

func TestJSON_CancelMessageMoveTask(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	_, dlqArn := h.dlqWithMessages(t, 20)
	destURL := h.createQueue(t, queueName(t, "-dest"), nil)

	start, err := h.sqs.StartMessageMoveTask(h.ctx, &sqs.StartMessageMoveTaskInput{
		SourceArn: aws.String(dlqArn), DestinationArn: aws.String(h.queueArn(t, destURL)),
		MaxNumberOfMessagesPerSecond: aws.Int32(1)})
	if err != nil {
		t.Fatalf("StartMessageMoveTask: %v", err)
	}

	t.Run("OnlyOneTaskPerSource", func(t *testing.T) {
		_, err := h.sqs.StartMessageMoveTask(h.ctx, &sqs.StartMessageMoveTaskInput{SourceArn: aws.String(dlqArn)})
		wantAPIError(t, err, "InvalidParameterValue")
	})

	running := h.moveTasks(t, dlqArn)
	if len(running) != 1 || aws.ToString(running[0].Status) != "RUNNING" || aws.ToString(running[0].TaskHandle) != aws.ToString(start.TaskHandle) {
		t.Fatalf("tasks while running = %+v, want one RUNNING task with the handle", running)
	}
	cancel, err := h.sqs.CancelMessageMoveTask(h.ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: start.TaskHandle})
	if err != nil {
		t.Fatalf("CancelMessageMoveTask: %v", err)
	}
	if cancel.ApproximateNumberOfMessagesMoved >= 20 {
		t.Errorf("cancelled task moved %d of 20 messages at 1 per second", cancel.ApproximateNumberOfMessagesMoved)
	}
	waitFor(t, "the move task to be cancelled", func() bool {
		tasks := h.moveTasks(t, dlqArn)
		return len(tasks) == 1 && aws.ToString(tasks[0].Status) == "CANCELLED"
	})

	t.Run("CancelUnknownTask", func(t *testing.T) {
		_, err := h.sqs.CancelMessageMoveTask(h.ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: aws.String("bm90LWEtdGFzaw==")})
		var notFound *types.ResourceNotFoundException
		if !errors.As(err, &notFound) {
			t.Fatalf("CancelMessageMoveTask of an unknown task: %v, want *types.ResourceNotFoundException", err)
		}
	})
}
