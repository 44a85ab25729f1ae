package queue

import (
	"errors"
	"fmt"
)

// Domain errors. Each one maps to one AWS error in sqsapi's error table.
// Operations return them wrapped in *Error when there is a message to show
// the client; test with errors.Is.
var (
	ErrQueueDoesNotExist        = errors.New("queue: queue does not exist")
	ErrQueueNameExists          = errors.New("queue: queue exists with different attributes")
	ErrQueueDeletedRecently     = errors.New("queue: queue deleted recently")
	ErrPurgeQueueInProgress     = errors.New("queue: purge in progress")
	ErrOverLimit                = errors.New("queue: over limit")
	ErrReceiptHandleIsInvalid   = errors.New("queue: receipt handle is invalid")
	ErrMessageNotInflight       = errors.New("queue: message not in flight")
	ErrInvalidAttributeName     = errors.New("queue: invalid attribute name")
	ErrInvalidAttributeValue    = errors.New("queue: invalid attribute value")
	ErrInvalidMessageContents   = errors.New("queue: invalid message contents")
	ErrInvalidParameterValue    = errors.New("queue: invalid parameter value")
	ErrMissingParameter         = errors.New("queue: missing parameter")
	ErrUnsupportedOperation     = errors.New("queue: unsupported operation")
	ErrResourceNotFound         = errors.New("queue: resource not found")
	ErrBatchEntryIdsNotDistinct = errors.New("queue: batch entry ids not distinct")
	ErrBatchRequestTooLong      = errors.New("queue: batch request too long")
	ErrEmptyBatchRequest        = errors.New("queue: empty batch request")
	ErrInvalidBatchEntryID      = errors.New("queue: invalid batch entry id")
	ErrTooManyEntriesInBatch    = errors.New("queue: too many entries in batch request")
)

// Error is a domain error with the message the client should see, worded as
// AWS words it.
type Error struct {
	Kind    error // one of the Err values above
	Message string
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the kind, so errors.Is(err, ErrInvalidParameterValue) holds.
func (e *Error) Unwrap() error { return e.Kind }

// errorf returns an *Error of kind with a formatted message.
func errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}
