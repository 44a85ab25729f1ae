package queue

import "context"

// Message move task statuses.
const (
	MoveTaskRunning    = "RUNNING"
	MoveTaskCompleted  = "COMPLETED"
	MoveTaskCancelling = "CANCELLING"
	MoveTaskCancelled  = "CANCELLED"
	MoveTaskFailed     = "FAILED"
)

// StartMessageMoveTaskParams are the inputs of StartMessageMoveTask.
type StartMessageMoveTaskParams struct {
	SourceArn string
	// DestinationArn is empty to move each message back to the queue it was
	// dead-lettered from.
	DestinationArn string
	// MaxNumberOfMessagesPerSecond is 1..500, or nil for no set rate.
	MaxNumberOfMessagesPerSecond *int
}

// MessageMoveTask describes a move task as ListMessageMoveTasks reports it.
type MessageMoveTask struct {
	TaskHandle                        string // only while RUNNING
	Status                            string
	SourceArn                         string
	DestinationArn                    string
	MaxNumberOfMessagesPerSecond      *int
	ApproximateNumberOfMessagesMoved  int64
	ApproximateNumberOfMessagesToMove int64
	FailureReason                     string
	StartedTimestamp                  int64 // epoch milliseconds
}

// StartMessageMoveTask starts moving the messages of a dead-letter queue
// and returns the task handle.
func (s *Service) StartMessageMoveTask(ctx context.Context, p *StartMessageMoveTaskParams) (string, error) {
	return "", errNotImplemented
}

// ListMessageMoveTasks lists the most recent tasks of a source queue, newest
// first; maxResults is 1..10, nil for 1.
func (s *Service) ListMessageMoveTasks(ctx context.Context, sourceArn string, maxResults *int) ([]MessageMoveTask, error) {
	return nil, errNotImplemented
}

// CancelMessageMoveTask cancels a running task and returns the number of
// messages it moved so far.
func (s *Service) CancelMessageMoveTask(ctx context.Context, taskHandle string) (int64, error) {
	return 0, errNotImplemented
}
