package queue

import (
	"slices"
	"testing"
	"time"
)

// deadLettered returns a bundle whose dlq holds n messages dead-lettered
// from src (maxReceiveCount 1).
func deadLettered(t *testing.T, n int) (b *testBundle, src, dlq QueueRef) {
	t.Helper()
	b = setup(t, Options{})
	dlq = b.create(t, "dlq", nil)
	src = b.create(t, "src", map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"` + b.svc.QueueArn(dlq) + `","maxReceiveCount":1}`,
	})
	for range n {
		b.send(t, src, SendMessageEntry{Body: "m"})
	}
	b.receive(t, &ReceiveMessageParams{Queue: src, MaxNumberOfMessages: intPtr(10), VisibilityTimeout: intPtr(0)})
	if msgs := b.receive(t, &ReceiveMessageParams{Queue: src, MaxNumberOfMessages: intPtr(10)}); len(msgs) != 0 {
		t.Fatalf("%d messages were not dead-lettered", len(msgs))
	}
	return b, src, dlq
}

// taskDone waits for the goroutine of the task with handle to end.
func taskDone(t *testing.T, b *testBundle, handle string) {
	t.Helper()
	b.svc.tasks.mu.Lock()
	task := b.svc.tasks.byHandle[handle]
	b.svc.tasks.mu.Unlock()
	select {
	case <-task.done:
	case <-time.After(10 * time.Second):
		t.Fatal("move task did not end")
	}
}

func (b *testBundle) count(t *testing.T, r QueueRef) string {
	t.Helper()
	return b.attributes(t, r, "ApproximateNumberOfMessages")["ApproximateNumberOfMessages"]
}

func TestService_MessageMoveTask(t *testing.T) {
	t.Parallel()

	t.Run("BackToSource", func(t *testing.T) {
		t.Parallel()
		b, src, dlq := deadLettered(t, 3)
		handle, err := b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{SourceArn: b.svc.QueueArn(dlq)})
		if err != nil {
			t.Fatal(err)
		}
		taskDone(t, b, handle)
		if b.count(t, src) != "3" || b.count(t, dlq) != "0" {
			t.Errorf("src %s, dlq %s messages", b.count(t, src), b.count(t, dlq))
		}
		tasks, err := b.svc.ListMessageMoveTasks(b.ctx, b.svc.QueueArn(dlq), nil)
		if err != nil || len(tasks) != 1 {
			t.Fatalf("tasks = %+v, %v", tasks, err)
		}
		want := MessageMoveTask{
			Status: MoveTaskCompleted, SourceArn: b.svc.QueueArn(dlq),
			ApproximateNumberOfMessagesMoved: 3, ApproximateNumberOfMessagesToMove: 3,
			StartedTimestamp: testStart.UnixMilli(),
		}
		if tasks[0] != want {
			t.Errorf("task = %+v\nwant %+v", tasks[0], want)
		}
	})

	t.Run("ToDestination", func(t *testing.T) {
		t.Parallel()
		b, src, dlq := deadLettered(t, 2)
		other := b.create(t, "other", nil)
		handle, err := b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{
			SourceArn: b.svc.QueueArn(dlq), DestinationArn: b.svc.QueueArn(other),
		})
		if err != nil {
			t.Fatal(err)
		}
		taskDone(t, b, handle)
		if b.count(t, other) != "2" || b.count(t, src) != "0" {
			t.Errorf("other %s, src %s", b.count(t, other), b.count(t, src))
		}
	})

	t.Run("RateAndCancel", func(t *testing.T) {
		t.Parallel()
		b, _, dlq := deadLettered(t, 4)
		arn := b.svc.QueueArn(dlq)
		handle, err := b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{SourceArn: arn, MaxNumberOfMessagesPerSecond: intPtr(1)})
		if err != nil {
			t.Fatal(err)
		}
		b.waitTimers(t, 2) // moved one, then the burst of one more; waits a second
		b.clk.Advance(time.Second)
		b.waitTimers(t, 2) // moved three
		_, err = b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{SourceArn: arn})
		wantError(t, err, ErrInvalidParameterValue, "There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
		tasks, _ := b.svc.ListMessageMoveTasks(b.ctx, arn, intPtr(10))
		if len(tasks) != 1 || tasks[0].Status != MoveTaskRunning || tasks[0].TaskHandle != handle || tasks[0].ApproximateNumberOfMessagesMoved != 3 {
			t.Fatalf("running task = %+v", tasks)
		}
		moved, err := b.svc.CancelMessageMoveTask(b.ctx, handle)
		if err != nil || moved != 3 {
			t.Fatalf("cancel = %d, %v", moved, err)
		}
		taskDone(t, b, handle)
		tasks, _ = b.svc.ListMessageMoveTasks(b.ctx, arn, nil)
		if tasks[0].Status != MoveTaskCancelled || tasks[0].TaskHandle != "" || b.count(t, dlq) != "1" {
			t.Errorf("after cancel task = %+v, dlq holds %s", tasks[0], b.count(t, dlq))
		}
		_, err = b.svc.CancelMessageMoveTask(b.ctx, handle)
		wantError(t, err, ErrResourceNotFound, "Task does not exist.")

		again, err := b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{SourceArn: arn})
		if err != nil {
			t.Fatal(err)
		}
		taskDone(t, b, again)
		tasks, _ = b.svc.ListMessageMoveTasks(b.ctx, arn, intPtr(10))
		if got := []string{tasks[0].Status, tasks[1].Status}; !slices.Equal(got, []string{MoveTaskCompleted, MoveTaskCancelled}) {
			t.Errorf("statuses newest first = %v", got)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		t.Parallel()
		b, src, dlq := deadLettered(t, 0)
		_, err := b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{SourceArn: b.svc.QueueArn(src)})
		wantError(t, err, ErrInvalidParameterValue, "Source queue must be configured as a Dead Letter Queue.")
		_, err = b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{SourceArn: b.svc.QueueArn(ref("absent"))})
		wantError(t, err, ErrResourceNotFound, "The resource that you specified for the SourceArn parameter doesn't exist.")
		_, err = b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{SourceArn: b.svc.QueueArn(dlq), DestinationArn: b.svc.QueueArn(ref("absent"))})
		wantError(t, err, ErrResourceNotFound, "The resource that you specified for the DestinationArn parameter doesn't exist.")
		_, err = b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{SourceArn: "dlq"})
		wantError(t, err, ErrInvalidParameterValue, "You must use this format to specify the SourceArn: arn:<partition>:<service>:<region>:<account-id>:<resource-id>")
		_, err = b.svc.StartMessageMoveTask(b.ctx, &StartMessageMoveTaskParams{SourceArn: b.svc.QueueArn(dlq), MaxNumberOfMessagesPerSecond: intPtr(501)})
		wantError(t, err, ErrInvalidParameterValue, "Value 501 for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.")
		_, err = b.svc.CancelMessageMoveTask(b.ctx, "nope")
		wantError(t, err, ErrResourceNotFound, "Task does not exist.")
		_, err = b.svc.ListMessageMoveTasks(b.ctx, b.svc.QueueArn(dlq), intPtr(11))
		wantError(t, err, ErrInvalidParameterValue, "Value 11 for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.")
		if tasks, err := b.svc.ListMessageMoveTasks(b.ctx, b.svc.QueueArn(dlq), nil); err != nil || len(tasks) != 0 {
			t.Errorf("tasks = %v, %v", tasks, err)
		}
	})
}
