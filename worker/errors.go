package worker

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// retryAfterError asks for a retry after a given delay.
type retryAfterError struct {
	delay time.Duration
	err   error
}

func (e *retryAfterError) Error() string {
	return fmt.Sprintf("retry after %s: %v", e.delay, e.err)
}

func (e *retryAfterError) Unwrap() error { return e.err }

// RetryAfter returns an error that makes the message visible again after
// delay instead of after the backoff (SQS allows at most 12 hours).
func RetryAfter(delay time.Duration, err error) error {
	return &retryAfterError{delay: delay, err: err}
}

// giveUpError asks to stop retrying a message.
type giveUpError struct{ err error }

func (e *giveUpError) Error() string { return "give up: " + e.err.Error() }

func (e *giveUpError) Unwrap() error { return e.err }

// GiveUp returns an error that stops the retries of a message: it is made
// visible again at once and, on its next receives, released without calling
// the handler, so the queue's RedrivePolicy moves it to the dead-letter
// queue after maxReceiveCount receives. Without a RedrivePolicy it stays
// until the queue's retention period ends.
func GiveUp(err error) error {
	if err == nil {
		err = errors.New("handler gave up")
	}
	return &giveUpError{err: err}
}

// BatchError is what a BatchHandler returns when some messages of a batch
// failed: the others succeeded and are deleted. Any other non-nil error
// from a BatchHandler fails the whole batch.
type BatchError struct {
	// Failed maps the ID of each failed message to its error, which may be
	// a RetryAfter or GiveUp error.
	Failed map[string]error
}

// Error names the failed messages and their errors.
func (e *BatchError) Error() string {
	ids := make([]string, 0, len(e.Failed))
	for id := range e.Failed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id + ": " + e.Failed[id].Error()
	}
	return fmt.Sprintf("%d of the batch failed: %s", len(ids), strings.Join(parts, "; "))
}
