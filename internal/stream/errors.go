package stream

import (
	"errors"
	"fmt"

	"github.com/sluicemq/sluice/internal/store"
)

// Domain errors. Each one maps to one AWS error in kinesisapi's error table.
// Operations return them wrapped in *Error with the message the client
// should see; test with errors.Is.
var (
	ErrResourceNotFound              = errors.New("stream: resource not found")
	ErrResourceInUse                 = errors.New("stream: resource in use")
	ErrInvalidArgument               = errors.New("stream: invalid argument")
	ErrLimitExceeded                 = errors.New("stream: limit exceeded")
	ErrExpiredIterator               = errors.New("stream: shard iterator expired")
	ErrExpiredNextToken              = errors.New("stream: next token expired")
	ErrProvisionedThroughputExceeded = errors.New("stream: provisioned throughput exceeded")
	ErrValidation                    = errors.New("stream: validation failed")
	ErrAccessDenied                  = errors.New("stream: access denied")
	ErrInternalFailure               = errors.New("stream: internal failure")
)

// Error is a domain error with the message the client should see, worded as
// AWS words it.
type Error struct {
	Kind    error // one of the Err values above
	Message string
}

// Error returns the message the client sees.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the kind, so errors.Is(err, ErrInvalidArgument) holds.
func (e *Error) Unwrap() error { return e.Kind }

// errorf returns an *Error of kind with a formatted message.
func errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

func errStreamNotFound(ref StreamRef) error {
	return errorf(ErrResourceNotFound, "Stream %s under account %s not found.", ref.Name, ref.Account)
}

func errStreamNotActive(ref StreamRef, status string) error {
	return errorf(ErrResourceInUse, "Stream %s under account %s not ACTIVE, instead in state %s",
		ref.Name, ref.Account, status)
}

func errShardNotFound(ref StreamRef, shardID string) error {
	return errorf(ErrResourceNotFound, "Could not find shard %s in stream %s under account %s.",
		shardID, ref.Name, ref.Account)
}

func errShardDoesNotExist(ref StreamRef, shardID string) error {
	return errorf(ErrResourceNotFound, "Shard %s in stream %s under account %s does not exist",
		shardID, ref.Name, ref.Account)
}

func errInvalidIterator() error { return errorf(ErrInvalidArgument, "Invalid ShardIterator.") }

func errShardRate(ref StreamRef, shardID string) error {
	return errorf(ErrProvisionedThroughputExceeded, "Rate exceeded for shard %s in stream %s under account %s.",
		shardID, ref.Name, ref.Account)
}

func errStreamRate(ref StreamRef) error {
	return errorf(ErrProvisionedThroughputExceeded, "Rate exceeded for stream %s under account %s.",
		ref.Name, ref.Account)
}

// fromStore turns a store sentinel into the domain error a client sees.
// Errors that are not the client's fault are returned unchanged.
func fromStore(err error, ref StreamRef) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrStreamNotFound):
		return errStreamNotFound(ref)
	case errors.Is(err, store.ErrStreamExists):
		return errorf(ErrResourceInUse, "Stream %s under account %s already exists.", ref.Name, ref.Account)
	default:
		return err
	}
}
