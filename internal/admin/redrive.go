package admin

import (
	"net/http"
	"time"

	"github.com/sluicemq/sluice/internal/queue"
)

// maxListedTasks is how many move tasks GET redrive lists.
const maxListedTasks = 10

// startRedrive starts moving the messages of a dead-letter queue back to
// their sources, or to a destination of the same account.
func (a *API) startRedrive(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	var in Redrive
	if err := readJSON(r, &in); err != nil {
		return nil, err
	}
	p := &queue.StartMessageMoveTaskParams{SourceArn: a.opts.Queues.QueueArn(ref)}
	if in.Destination != "" {
		p.DestinationArn = a.opts.Queues.QueueArn(queue.QueueRef{Account: ref.Account, Name: in.Destination})
	}
	if in.MaxPerSecond != 0 {
		rate := in.MaxPerSecond
		p.MaxNumberOfMessagesPerSecond = &rate
	}
	handle, err := a.opts.Queues.StartMessageMoveTask(r.Context(), p)
	if err != nil {
		return nil, err
	}
	tasks, err := a.moveTasks(r, ref)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks.Tasks {
		if t.TaskHandle == handle {
			return t, nil
		}
	}
	return MoveTask{TaskHandle: handle, Status: queue.MoveTaskRunning, Source: p.SourceArn, Destination: p.DestinationArn}, nil
}

// listMoveTasks lists a dead-letter queue's recent move tasks with their
// progress, newest first.
func (a *API) listMoveTasks(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	return a.moveTasks(r, ref)
}

func (a *API) moveTasks(r *http.Request, ref queue.QueueRef) (MoveTasks, error) {
	limit := maxListedTasks
	tasks, err := a.opts.Queues.ListMessageMoveTasks(r.Context(), a.opts.Queues.QueueArn(ref), &limit)
	if err != nil {
		return MoveTasks{}, err
	}
	out := MoveTasks{Tasks: []MoveTask{}}
	for _, t := range tasks {
		out.Tasks = append(out.Tasks, MoveTask{
			TaskHandle: t.TaskHandle, Status: t.Status, Source: t.SourceArn, Destination: t.DestinationArn,
			Moved: t.ApproximateNumberOfMessagesMoved, ToMove: t.ApproximateNumberOfMessagesToMove,
			FailureReason: t.FailureReason, StartedAt: time.UnixMilli(t.StartedTimestamp).UTC(),
		})
	}
	return out, nil
}
