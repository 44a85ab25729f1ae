// Package store is the storage contract: the operations the queue and stream
// semantics need, each atomic, plus the sentinel errors they return.
//
// Operations are shaped after what the semantics layer does (MessageSend,
// MessageReceive), not after a key-value API, so each backend can implement
// them natively. Every time-dependent operation takes the current time in its
// params; backends never read a clock of their own for queue rules.
//
// A method that returns without error has made its effects durable: the
// backend has synced them to stable storage (unless the backend was opened in
// a mode that explicitly gives that up, such as memory mode).
//
// The conformance suite in storetest is the executable form of this contract;
// every backend passes all of it.
package store

import "errors"

// Store is a storage backend.
type Store interface {
	QueueStore
	StreamStore
	// Close syncs and releases the backend. Calls after Close fail with
	// ErrClosed.
	Close() error
}

// Sentinel errors. Backends return these (possibly wrapped); callers test
// with errors.Is.
var (
	ErrQueueNotFound        = errors.New("store: queue not found")
	ErrQueueExists          = errors.New("store: queue already exists")
	ErrReceiptHandleInvalid = errors.New("store: receipt handle is invalid")
	ErrReceiptHandleExpired = errors.New("store: receipt handle has expired")
	ErrMessageNotInflight   = errors.New("store: message is not in flight")
	ErrMessageNotFound      = errors.New("store: message does not exist")
	ErrOverLimit            = errors.New("store: too many messages in flight")
	ErrPurgeInProgress      = errors.New("store: purge already done within the interval")
	ErrClosed               = errors.New("store: closed")
)
