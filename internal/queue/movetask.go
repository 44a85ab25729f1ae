package queue

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/sluicemq/sluice/internal/store"
)

// Message move task statuses.
const (
	MoveTaskRunning    = "RUNNING"
	MoveTaskCompleted  = "COMPLETED"
	MoveTaskCancelling = "CANCELLING"
	MoveTaskCancelled  = "CANCELLED"
	MoveTaskFailed     = "FAILED"
)

// Move task limits.
const (
	maxMoveRate          = 500
	maxListedMoveTasks   = 10
	moveBatchUnlimited   = 100 // messages per store call without a set rate
	moveBatchRateLimited = 10
	keptTasksPerSource   = maxListedMoveTasks
)

const msgSourceArnNotFound = "The resource that you specified for the SourceArn parameter doesn't exist."

// StartMessageMoveTaskParams are the inputs of StartMessageMoveTask.
type StartMessageMoveTaskParams struct {
	SourceArn string
	// DestinationArn is empty to move each message back to the queue it was
	// dead-lettered from.
	DestinationArn string
	// MaxNumberOfMessagesPerSecond is 1..500, or nil for as fast as the
	// store allows.
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

// moveTask is a running or finished task. Tasks live in memory: a restart
// forgets them, and a task running at Close stops as CANCELLED.
type moveTask struct {
	handle    string
	sourceArn string
	destArn   string
	source    QueueRef
	dest      *QueueRef
	rate      *int
	started   time.Time
	cancel    chan struct{} // closed by CancelMessageMoveTask
	done      chan struct{} // closed when the task's goroutine ends

	mu      sync.Mutex
	status  string
	moved   int64
	toMove  int64
	failure string
}

// moveTasks indexes tasks by source queue (oldest first) and by handle.
type moveTasks struct {
	mu       sync.Mutex
	bySource map[QueueRef][]*moveTask
	byHandle map[string]*moveTask
}

func newMoveTasks() *moveTasks {
	return &moveTasks{bySource: make(map[QueueRef][]*moveTask), byHandle: make(map[string]*moveTask)}
}

// StartMessageMoveTask starts moving the messages of a dead-letter queue,
// in the background, and returns the task handle. The source must be the
// dead-letter queue of some queue of its account; a source with a running
// task gives ErrInvalidParameterValue; unknown queues give
// ErrResourceNotFound.
func (s *Service) StartMessageMoveTask(ctx context.Context, p *StartMessageMoveTaskParams) (string, error) {
	source, err := s.moveTaskQueue(ctx, p.SourceArn, "SourceArn")
	if err != nil {
		return "", err
	}
	if err := s.checkIsDeadLetterQueue(ctx, source); err != nil {
		return "", err
	}
	t := &moveTask{
		sourceArn: p.SourceArn, destArn: p.DestinationArn, source: source, rate: p.MaxNumberOfMessagesPerSecond,
		started: s.clock.Now(), cancel: make(chan struct{}), done: make(chan struct{}), status: MoveTaskRunning,
	}
	if p.DestinationArn != "" {
		dest, err := s.moveTaskQueue(ctx, p.DestinationArn, "DestinationArn")
		if err != nil {
			return "", err
		}
		t.dest = &dest
	}
	if r := p.MaxNumberOfMessagesPerSecond; r != nil && (*r < 1 || *r > maxMoveRate) {
		return "", errorf(ErrInvalidParameterValue,
			"Value %d for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.", *r)
	}
	stats, err := s.store.QueueStats(ctx, source, t.started)
	if err != nil {
		return "", fromStore(err, storeErrorContext{queue: source})
	}
	t.toMove = stats.Visible
	t.handle = moveTaskHandle(p.SourceArn)
	if err := s.tasks.add(t); err != nil {
		return "", err
	}
	s.wg.Add(1)
	go s.runMoveTask(t)
	return t.handle, nil
}

// moveTaskQueue resolves a move task's queue ARN.
func (s *Service) moveTaskQueue(ctx context.Context, arn, param string) (QueueRef, error) {
	if !isArn(arn) {
		return QueueRef{}, errorf(ErrInvalidParameterValue,
			"You must use this format to specify the %s: arn:<partition>:<service>:<region>:<account-id>:<resource-id>", param)
	}
	ref, ok := parseQueueArn(arn)
	if ok {
		_, err := s.queue(ctx, ref)
		if !errors.Is(err, ErrQueueDoesNotExist) {
			return ref, err
		}
	}
	return QueueRef{}, errorf(ErrResourceNotFound, "The resource that you specified for the %s parameter doesn't exist.", param)
}

// checkIsDeadLetterQueue requires some queue of the account to name ref in
// its RedrivePolicy.
func (s *Service) checkIsDeadLetterQueue(ctx context.Context, ref QueueRef) error {
	found := false
	err := s.eachQueue(ctx, ref.Account, "", func(q *store.Queue) bool {
		rp, err := parseStoredRedrivePolicy(q.Attributes[attrRedrivePolicy])
		found = err == nil && rp != nil && rp.DeadLetterQueue == ref
		return !found
	})
	if err != nil {
		return err
	}
	if !found {
		return errorf(ErrInvalidParameterValue, "Source queue must be configured as a Dead Letter Queue.")
	}
	return nil
}

// moveTaskHandle makes an opaque handle naming a new task of a source.
func moveTaskHandle(sourceArn string) string {
	raw, _ := json.Marshal(struct {
		TaskID    string `json:"taskId"`
		SourceArn string `json:"sourceArn"`
	}{newMessageID(), sourceArn})
	return base64.StdEncoding.EncodeToString(raw)
}

// add registers a new task unless its source has one still active, and
// forgets the oldest finished tasks past keptTasksPerSource.
func (m *moveTasks) add(t *moveTask) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	tasks := m.bySource[t.source]
	for _, old := range tasks {
		if st := old.snapshot().Status; st == MoveTaskRunning || st == MoveTaskCancelling {
			return errorf(ErrInvalidParameterValue,
				"There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
		}
	}
	tasks = append(tasks, t)
	if len(tasks) > keptTasksPerSource {
		delete(m.byHandle, tasks[0].handle)
		tasks = tasks[1:]
	}
	m.bySource[t.source] = tasks
	m.byHandle[t.handle] = t
	return nil
}

// ListMessageMoveTasks lists the most recent tasks of a source queue, newest
// first; maxResults is 1..10, nil for 1.
func (s *Service) ListMessageMoveTasks(ctx context.Context, sourceArn string, maxResults *int) ([]MessageMoveTask, error) {
	limit := 1
	if maxResults != nil {
		if *maxResults < 1 || *maxResults > maxListedMoveTasks {
			return nil, errorf(ErrInvalidParameterValue,
				"Value %d for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.", *maxResults)
		}
		limit = *maxResults
	}
	source, err := s.moveTaskQueue(ctx, sourceArn, "SourceArn")
	if err != nil {
		return nil, err
	}
	s.tasks.mu.Lock()
	tasks := slices.Clone(s.tasks.bySource[source])
	s.tasks.mu.Unlock()
	slices.Reverse(tasks)
	out := make([]MessageMoveTask, 0, min(limit, len(tasks)))
	for _, t := range tasks[:min(limit, len(tasks))] {
		out = append(out, t.snapshot())
	}
	return out, nil
}

// CancelMessageMoveTask cancels a running task and returns the number of
// messages it moved so far. The task reports CANCELLING until its
// goroutine stops, then CANCELLED. An unknown or finished task gives
// ErrResourceNotFound.
func (s *Service) CancelMessageMoveTask(ctx context.Context, taskHandle string) (int64, error) {
	s.tasks.mu.Lock()
	t, ok := s.tasks.byHandle[taskHandle]
	s.tasks.mu.Unlock()
	if !ok {
		return 0, errorf(ErrResourceNotFound, "Task does not exist.")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.status != MoveTaskRunning {
		return 0, errorf(ErrResourceNotFound, "Task does not exist.")
	}
	t.status = MoveTaskCancelling
	close(t.cancel)
	return t.moved, nil
}

// snapshot reports the task as ListMessageMoveTasks shows it.
func (t *moveTask) snapshot() MessageMoveTask {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := MessageMoveTask{
		Status: t.status, SourceArn: t.sourceArn, DestinationArn: t.destArn,
		MaxNumberOfMessagesPerSecond:      t.rate,
		ApproximateNumberOfMessagesMoved:  t.moved,
		ApproximateNumberOfMessagesToMove: t.toMove,
		FailureReason:                     t.failure,
		StartedTimestamp:                  t.started.UnixMilli(),
	}
	if t.status == MoveTaskRunning {
		out.TaskHandle = t.handle
	}
	return out
}

// finish records the task's final status.
func (t *moveTask) finish(status, reason string) {
	t.mu.Lock()
	t.status = status
	t.failure = reason
	t.mu.Unlock()
}

// runMoveTask moves batches of messages until the source has no visible
// message left that can move, the task is cancelled or the Service closes.
// With a rate, a token bucket on the Service's clock spaces the batches so
// that the average stays at the rate.
func (s *Service) runMoveTask(t *moveTask) {
	defer s.wg.Done()
	defer close(t.done)
	batch := moveBatchUnlimited
	var limiter *rate.Limiter
	if t.rate != nil {
		batch = min(*t.rate, moveBatchRateLimited)
		limiter = rate.NewLimiter(rate.Limit(*t.rate), batch)
	}
	for {
		now := s.clock.Now()
		res, err := s.store.MessageMove(s.ctx, &store.MessageMoveParams{
			Source: t.source, Destination: t.dest, Now: now, Max: batch,
		})
		if err != nil {
			s.failMoveTask(t, err)
			return
		}
		t.mu.Lock()
		t.moved += int64(res.Moved)
		t.mu.Unlock()
		for _, d := range res.Destinations {
			s.waiters.notify(d)
		}
		if res.Moved == 0 || res.Remaining == 0 {
			t.finish(MoveTaskCompleted, "")
			return
		}
		var pause time.Duration
		if limiter != nil {
			pause = limiter.ReserveN(now, res.Moved).DelayFrom(now)
		}
		if !s.pauseMoveTask(t, pause) {
			return
		}
	}
}

// pauseMoveTask waits d on the clock (not at all when d is zero). It
// reports false when the task ended meanwhile (cancelled or Service
// closed), after recording that.
func (s *Service) pauseMoveTask(t *moveTask, d time.Duration) bool {
	tick, stop := s.clock.After(d)
	defer stop()
	select {
	case <-t.cancel:
	case <-s.ctx.Done():
	case <-tick:
		return true
	}
	t.finish(MoveTaskCancelled, "")
	return false
}

// failMoveTask ends a task whose store call failed.
func (s *Service) failMoveTask(t *moveTask, err error) {
	select {
	case <-s.ctx.Done():
		t.finish(MoveTaskCancelled, "")
		return
	default:
	}
	reason := "InternalError"
	if errors.Is(err, store.ErrQueueNotFound) {
		reason = "AWS.SimpleQueueService.NonExistentQueue"
	}
	s.log.Warn("message move task failed", "source", t.sourceArn, "err", err)
	t.finish(MoveTaskFailed, reason)
}
