package queue

import (
	"errors"
	"fmt"

	"github.com/sluicemq/sluice/internal/store"
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

// Error returns the message, as the client sees it.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the kind, so errors.Is(err, ErrInvalidParameterValue) holds.
func (e *Error) Unwrap() error { return e.Kind }

// errorf returns an *Error of kind with a formatted message.
func errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Texts shared by several operations, worded as AWS words them.
const (
	msgQueueDoesNotExist  = "The specified queue does not exist."
	msgQueueDeleted       = "You must wait 60 seconds after deleting a queue before you can create another with the same name."
	msgPurgeInProgress    = "Only one PurgeQueue operation on %s is allowed every 60 seconds."
	msgHandleInvalid      = `The input receipt handle "%s" is not a valid receipt handle.`
	msgHandleExpired      = "Value %s for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired."
	msgMessageNotFound    = "Value %s for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change."
	msgMessageNotInflight = "The message referred to isn't in flight."
	msgOverLimit          = "The maximum number of in flight messages is reached."
	msgMissingParameter   = "The request must contain the parameter %s."
)

func errQueueDoesNotExist() error { return errorf(ErrQueueDoesNotExist, msgQueueDoesNotExist) }

func errMissingParameter(name string) error {
	return errorf(ErrMissingParameter, msgMissingParameter, name)
}

// storeErrorContext is what a store error's message may need to name.
type storeErrorContext struct {
	queue         QueueRef
	receiptHandle string
}

// fromStore turns a store sentinel into the domain error a client sees. It
// is the one place where store errors change vocabulary. Errors that are
// not the client's fault (I/O, ErrClosed) are returned unchanged.
func fromStore(err error, c storeErrorContext) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrQueueNotFound):
		return errQueueDoesNotExist()
	case errors.Is(err, store.ErrReceiptHandleInvalid):
		return errorf(ErrReceiptHandleIsInvalid, msgHandleInvalid, c.receiptHandle)
	case errors.Is(err, store.ErrReceiptHandleExpired):
		return errorf(ErrInvalidParameterValue, msgHandleExpired, c.receiptHandle)
	case errors.Is(err, store.ErrMessageNotFound):
		return errorf(ErrInvalidParameterValue, msgMessageNotFound, c.receiptHandle)
	case errors.Is(err, store.ErrMessageNotInflight):
		return errorf(ErrMessageNotInflight, msgMessageNotInflight)
	case errors.Is(err, store.ErrOverLimit):
		return errorf(ErrOverLimit, msgOverLimit)
	case errors.Is(err, store.ErrPurgeInProgress):
		return errorf(ErrPurgeQueueInProgress, msgPurgeInProgress, c.queue.Name)
	default:
		return err
	}
}
