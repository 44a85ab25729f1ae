package stream

import "time"

// EventKind says what happened.
type EventKind int

// The events a Consumer reports.
const (
	// Joined: the consumer joined its group.
	Joined EventKind = iota + 1
	// Heartbeat: a heartbeat succeeded.
	Heartbeat
	// LeaseAcquired: the consumer started processing a shard.
	LeaseAcquired
	// LeaseReleased: the consumer gave a shard up (asked to, or on
	// shutdown).
	LeaseReleased
	// LeaseLost: the consumer stopped processing a shard it no longer
	// holds.
	LeaseLost
	// Processed: the handler succeeded on a batch.
	Processed
	// HandlerFailed: the handler failed on a batch; it is retried.
	HandlerFailed
	// Checkpointed: a checkpoint was stored.
	Checkpointed
	// ShardEnded: a closed shard was read to its end and checkpointed.
	ShardEnded
	// CallFailed: a request to Kinesis or the coordinator failed; it is
	// retried.
	CallFailed
)

var kindNames = map[EventKind]string{Joined: "joined", Heartbeat: "heartbeat", LeaseAcquired: "lease_acquired",
	LeaseReleased: "lease_released", LeaseLost: "lease_lost", Processed: "processed",
	HandlerFailed: "handler_failed", Checkpointed: "checkpointed", ShardEnded: "shard_ended", CallFailed: "call_failed"}

// String is the kind's name in snake case ("lease_acquired").
func (k EventKind) String() string { return kindNames[k] }

// Event is something a Consumer did, for logs, metrics and tests.
type Event struct {
	Kind   EventKind
	Member string
	// ShardID and Epoch name the lease concerned, when there is one.
	ShardID string
	Epoch   int64
	// Records is the size of the batch (Processed, HandlerFailed).
	Records int
	// SequenceNumber is the last record of the batch or the checkpoint.
	SequenceNumber string
	// Attempt counts the tries of what failed, from 1.
	Attempt int
	// Err is the failure, for the failed kinds and LeaseLost.
	Err error
	// Time is when it happened, on the consumer's clock.
	Time time.Time
}
