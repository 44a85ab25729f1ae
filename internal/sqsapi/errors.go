package sqsapi

import (
	"errors"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/queue"
)

// The AWS errors SQS returns, as each protocol names them. JSON types are
// the model's shape names (or the unmodeled ...Exception names AWS sends);
// query codes are the legacy codes, which JSON responses also carry in the
// x-amzn-query-error header and batch results carry in Failed[].Code.
var (
	errQueueDoesNotExist = sender("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400)
	errQueueNameExists   = sender("QueueNameExists", "QueueAlreadyExists", 400)
	errQueueDeleted      = sender("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", 400)
	errPurgeInProgress   = sender("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403)
	errOverLimit         = sender("OverLimit", "OverLimit", 403)
	errReceiptHandle     = sender("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 400)
	errNotInflight       = sender("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400)
	errAttributeName     = sender("InvalidAttributeName", "InvalidAttributeName", 400)
	errAttributeValue    = sender("InvalidAttributeValue", "InvalidAttributeValue", 400)
	errMessageContents   = sender("InvalidMessageContents", "InvalidMessageContents", 400)
	errParameterValue    = sender("InvalidParameterValueException", "InvalidParameterValue", 400)
	errMissingParameter  = sender("MissingRequiredParameterException", "MissingParameter", 400)
	errUnsupported       = sender("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400)
	errResourceNotFound  = sender("ResourceNotFoundException", "ResourceNotFoundException", 404)
	errIdsNotDistinct    = sender("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400)
	errBatchTooLong      = sender("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400)
	errEmptyBatch        = sender("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400)
	errBatchEntryID      = sender("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400)
	errTooManyEntries    = sender("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400)
	errInvalidAddress    = sender("InvalidAddress", "InvalidAddress", 400)
	errInternal          = awsproto.ErrorSpec{Type: "InternalError", QueryCode: "InternalError", Status: 500, Fault: awsproto.Receiver}
)

func sender(typ, code string, status int) awsproto.ErrorSpec {
	return awsproto.ErrorSpec{Type: typ, QueryCode: code, Status: status, Fault: awsproto.Sender}
}

// errorRow maps one queue domain error to its AWS error. Message is used
// when the domain error carries no message of its own.
type errorRow struct {
	kind    error
	spec    awsproto.ErrorSpec
	message string
}

// errorTable is searched in order with errors.Is; the first match wins.
var errorTable = []errorRow{
	{queue.ErrQueueDoesNotExist, errQueueDoesNotExist, "The specified queue does not exist."},
	{queue.ErrQueueNameExists, errQueueNameExists, "A queue already exists with the same name and a different value for an attribute."},
	{queue.ErrQueueDeletedRecently, errQueueDeleted, "You must wait 60 seconds after deleting a queue before you can create another queue with the same name."},
	{queue.ErrPurgeQueueInProgress, errPurgeInProgress, "Only one PurgeQueue operation on the queue is allowed every 60 seconds."},
	{queue.ErrOverLimit, errOverLimit, "The request exceeds a limit."},
	{queue.ErrReceiptHandleIsInvalid, errReceiptHandle, "The input receipt handle is not a valid receipt handle."},
	{queue.ErrMessageNotInflight, errNotInflight, "The message referred to isn't in flight."},
	{queue.ErrInvalidAttributeName, errAttributeName, "The specified attribute doesn't exist."},
	{queue.ErrInvalidAttributeValue, errAttributeValue, "An attribute has an invalid value."},
	{queue.ErrInvalidMessageContents, errMessageContents, "The message contains characters outside the allowed set."},
	{queue.ErrInvalidParameterValue, errParameterValue, "One or more parameters are invalid."},
	{queue.ErrMissingParameter, errMissingParameter, "A required parameter is missing."},
	{queue.ErrUnsupportedOperation, errUnsupported, "This operation is not supported."},
	{queue.ErrResourceNotFound, errResourceNotFound, "The resource that you specified does not exist."},
	{queue.ErrBatchEntryIdsNotDistinct, errIdsNotDistinct, "Two or more batch entries in the request have the same Id."},
	{queue.ErrBatchRequestTooLong, errBatchTooLong, "The length of all the messages put together is more than the limit."},
	{queue.ErrEmptyBatchRequest, errEmptyBatch, "The batch request doesn't contain any entries."},
	{queue.ErrInvalidBatchEntryID, errBatchEntryID, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long."},
	{queue.ErrTooManyEntriesInBatch, errTooManyEntries, "Maximum number of entries per request are 10."},
}

// internalMessage is what a client sees for a failure that is not its
// fault; the cause stays in the server's logs.
const internalMessage = "We encountered an internal error. Please try again."

// Error turns an error returned by a handler into the AWS error to send:
// an *awsproto.Error is returned as it is, a queue domain error through the
// table, and anything else as InternalError (500, Receiver).
func (a *API) Error(err error) *awsproto.Error {
	return toAWSError(err)
}

func toAWSError(err error) *awsproto.Error {
	if awsErr, ok := errors.AsType[*awsproto.Error](err); ok {
		return awsErr
	}
	for _, row := range errorTable {
		if !errors.Is(err, row.kind) {
			continue
		}
		msg := row.message
		if domainErr, ok := errors.AsType[*queue.Error](err); ok && domainErr.Message != "" {
			msg = domainErr.Message
		}
		return row.spec.New("%s", msg)
	}
	return errInternal.New("%s", internalMessage)
}

// missingParameter is the error for a required parameter the request lacks.
func missingParameter(name string) *awsproto.Error {
	return errMissingParameter.New("The request must contain the parameter %s.", name)
}
