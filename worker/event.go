package worker

import "time"

// EventKind says what happened.
type EventKind int

// The events a Consumer reports.
const (
	// Handled: the handler succeeded; the message is being deleted.
	Handled EventKind = iota + 1
	// Failed: the handler failed; the message is retried after Delay.
	Failed
	// GaveUp: the handler gave up, or an earlier call did; the message
	// is left to the queue's dead-letter queue.
	GaveUp
	// Released: a prefetched message was made visible again unhandled
	// (shutdown, or a FIFO group halted by an earlier failure).
	Released
	// DeleteFailed: DeleteMessageBatch failed for the message; it will be
	// delivered again.
	DeleteFailed
	// ReceiveFailed: a ReceiveMessage call failed; the consumer retries.
	ReceiveFailed
)

var kindNames = map[EventKind]string{Handled: "handled", Failed: "failed", GaveUp: "gave_up",
	Released: "released", DeleteFailed: "delete_failed", ReceiveFailed: "receive_failed"}

// String is the kind's name in snake case ("handled", "gave_up").
func (k EventKind) String() string { return kindNames[k] }

// Event is one thing a Consumer did, for logs and metrics.
type Event struct {
	Kind EventKind
	// Message is the message concerned; nil for ReceiveFailed.
	Message *Message
	// Err is the handler's or the call's error, if any.
	Err error
	// Duration is how long the handler ran (Handled, Failed, GaveUp).
	Duration time.Duration
	// Delay is how long a failed message stays invisible (Failed).
	Delay time.Duration
}
