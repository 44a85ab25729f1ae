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
	errInternal          = awsproto.ErrorSpec{Type: "InternalError", QueryCode: "InternalError", Status: 500, Fault: awsproto.Receiver}
)

func sender(typ, code string, status int) awsproto.ErrorSpec {
	return awsproto.ErrorSpec{Type: typ, QueryCode: code, Status: status, Fault: awsproto.Sender}
}

// errorTable maps queue domain errors to AWS errors, searched in order.
var errorTable = awsproto.ErrorTable{
	Internal:      errInternal.New("%s", internalMessage),
	ClientMessage: clientMessage,
	Rows: []awsproto.ErrorRow{
		{Kind: queue.ErrQueueDoesNotExist, Spec: errQueueDoesNotExist, Message: "The specified queue does not exist."},
		{Kind: queue.ErrQueueNameExists, Spec: errQueueNameExists, Message: "A queue already exists with the same name and a different value for an attribute."},
		{Kind: queue.ErrQueueDeletedRecently, Spec: errQueueDeleted, Message: "You must wait 60 seconds after deleting a queue before you can create another queue with the same name."},
		{Kind: queue.ErrPurgeQueueInProgress, Spec: errPurgeInProgress, Message: "Only one PurgeQueue operation on the queue is allowed every 60 seconds."},
		{Kind: queue.ErrOverLimit, Spec: errOverLimit, Message: "The request exceeds a limit."},
		{Kind: queue.ErrReceiptHandleIsInvalid, Spec: errReceiptHandle, Message: "The input receipt handle is not a valid receipt handle."},
		{Kind: queue.ErrMessageNotInflight, Spec: errNotInflight, Message: "The message referred to isn't in flight."},
		{Kind: queue.ErrInvalidAttributeName, Spec: errAttributeName, Message: "The specified attribute doesn't exist."},
		{Kind: queue.ErrInvalidAttributeValue, Spec: errAttributeValue, Message: "An attribute has an invalid value."},
		{Kind: queue.ErrInvalidMessageContents, Spec: errMessageContents, Message: "The message contains characters outside the allowed set."},
		{Kind: queue.ErrInvalidParameterValue, Spec: errParameterValue, Message: "One or more parameters are invalid."},
		{Kind: queue.ErrMissingParameter, Spec: errMissingParameter, Message: "A required parameter is missing."},
		{Kind: queue.ErrUnsupportedOperation, Spec: errUnsupported, Message: "This operation is not supported."},
		{Kind: queue.ErrResourceNotFound, Spec: errResourceNotFound, Message: "The resource that you specified does not exist."},
		{Kind: queue.ErrBatchEntryIdsNotDistinct, Spec: errIdsNotDistinct, Message: "Two or more batch entries in the request have the same Id."},
		{Kind: queue.ErrBatchRequestTooLong, Spec: errBatchTooLong, Message: "The length of all the messages put together is more than the limit."},
		{Kind: queue.ErrEmptyBatchRequest, Spec: errEmptyBatch, Message: "The batch request doesn't contain any entries."},
		{Kind: queue.ErrInvalidBatchEntryID, Spec: errBatchEntryID, Message: "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long."},
		{Kind: queue.ErrTooManyEntriesInBatch, Spec: errTooManyEntries, Message: "Maximum number of entries per request are 10."},
	},
}

// internalMessage is what a client sees for a failure that is not its
// fault; the cause stays in the server's logs.
const internalMessage = "We encountered an internal error. Please try again."

// Error turns an error returned by a handler into the AWS error to send:
// an *awsproto.Error is returned as it is, a queue domain error through the
// table, and anything else as InternalError (500, Receiver).
func (a *API) Error(err error) *awsproto.Error {
	return errorTable.Lookup(err)
}

// clientMessage returns the message a queue domain error carries.
func clientMessage(err error) string {
	if domainErr, ok := errors.AsType[*queue.Error](err); ok {
		return domainErr.Message
	}
	return ""
}

// missingParameter is the error for a required parameter the request lacks.
func missingParameter(name string) *awsproto.Error {
	return errMissingParameter.New("The request must contain the parameter %s.", name)
}
