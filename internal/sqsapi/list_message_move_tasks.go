package sqsapi

import (
	"context"
)

// ListMessageMoveTasksInput is the input of ListMessageMoveTasks.
type ListMessageMoveTasksInput struct {
	SourceARN  string `json:"SourceArn" query:"SourceArn"`
	MaxResults *int   `json:"MaxResults,omitempty" query:"MaxResults"`
}

// ListMessageMoveTasksOutput is the output of ListMessageMoveTasks.
type ListMessageMoveTasksOutput struct {
	Results []ListMessageMoveTasksResultEntry `json:"Results,omitempty" query:"ListMessageMoveTasksResultEntry"`
}

// ListMessageMoveTasksResultEntry describes one message move task.
type ListMessageMoveTasksResultEntry struct {
	TaskHandle                        string `json:"TaskHandle,omitempty" query:"TaskHandle"`
	Status                            string `json:"Status,omitempty" query:"Status"`
	SourceARN                         string `json:"SourceArn,omitempty" query:"SourceArn"`
	DestinationARN                    string `json:"DestinationArn,omitempty" query:"DestinationArn"`
	MaxNumberOfMessagesPerSecond      *int   `json:"MaxNumberOfMessagesPerSecond,omitempty" query:"MaxNumberOfMessagesPerSecond"`
	ApproximateNumberOfMessagesMoved  int64  `json:"ApproximateNumberOfMessagesMoved" query:"ApproximateNumberOfMessagesMoved"`
	ApproximateNumberOfMessagesToMove *int64 `json:"ApproximateNumberOfMessagesToMove,omitempty" query:"ApproximateNumberOfMessagesToMove"`
	FailureReason                     string `json:"FailureReason,omitempty" query:"FailureReason"`
	// StartedTimestamp is in epoch milliseconds.
	StartedTimestamp int64 `json:"StartedTimestamp,omitempty" query:"StartedTimestamp"`
}

// ListMessageMoveTasks lists the most recent message move tasks of a
// source queue, newest first.
func (a *API) ListMessageMoveTasks(ctx context.Context, in *ListMessageMoveTasksInput) (*ListMessageMoveTasksOutput, error) {
	if err := require(param{"SourceArn", in.SourceARN != ""}); err != nil {
		return nil, err
	}
	if err := checkOwnARN(ctx, "SourceArn", in.SourceARN); err != nil {
		return nil, err
	}
	tasks, err := a.svc.ListMessageMoveTasks(ctx, in.SourceARN, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := &ListMessageMoveTasksOutput{}
	for _, t := range tasks {
		out.Results = append(out.Results, ListMessageMoveTasksResultEntry{
			TaskHandle:                        t.TaskHandle,
			Status:                            t.Status,
			SourceARN:                         t.SourceArn,
			DestinationARN:                    t.DestinationArn,
			MaxNumberOfMessagesPerSecond:      t.MaxNumberOfMessagesPerSecond,
			ApproximateNumberOfMessagesMoved:  t.ApproximateNumberOfMessagesMoved,
			ApproximateNumberOfMessagesToMove: &t.ApproximateNumberOfMessagesToMove,
			FailureReason:                     t.FailureReason,
			StartedTimestamp:                  t.StartedTimestamp,
		})
	}
	return out, nil
}
