package kinesisapi

import (
	"errors"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/stream"
)

// The AWS errors Kinesis returns. Kinesis JSON errors carry the bare shape
// name as __type and no query code.
var (
	errResourceNotFound   = sender("ResourceNotFoundException")
	errResourceInUse      = sender("ResourceInUseException")
	errInvalidArgument    = sender("InvalidArgumentException")
	errLimitExceeded      = sender("LimitExceededException")
	errExpiredIterator    = sender("ExpiredIteratorException")
	errExpiredNextToken   = sender("ExpiredNextTokenException")
	errThroughputExceeded = sender("ProvisionedThroughputExceededException")
	errValidation         = sender("ValidationException")
	errAccessDenied       = sender("AccessDeniedException")
	errInternalFailure    = awsproto.ErrorSpec{Type: "InternalFailure", Status: 500, Fault: awsproto.Receiver}
)

func sender(typ string) awsproto.ErrorSpec {
	return awsproto.ErrorSpec{Type: typ, Status: 400, Fault: awsproto.Sender}
}

// errorTable maps stream domain errors to AWS errors, searched in order.
var errorTable = awsproto.ErrorTable{
	Internal:      errInternalFailure.New("%s", internalMessage),
	ClientMessage: clientMessage,
	Rows: []awsproto.ErrorRow{
		{Kind: stream.ErrResourceNotFound, Spec: errResourceNotFound, Message: "Requested resource not found."},
		{Kind: stream.ErrResourceInUse, Spec: errResourceInUse, Message: "The resource is not available for this operation."},
		{Kind: stream.ErrInvalidArgument, Spec: errInvalidArgument, Message: "A specified parameter exceeds its restrictions, is not supported, or can't be used."},
		{Kind: stream.ErrLimitExceeded, Spec: errLimitExceeded, Message: "The requested resource exceeds the maximum number allowed."},
		{Kind: stream.ErrExpiredIterator, Spec: errExpiredIterator, Message: "The provided iterator exceeds the maximum age allowed."},
		{Kind: stream.ErrExpiredNextToken, Spec: errExpiredNextToken, Message: "The pagination token passed to the operation is expired."},
		{Kind: stream.ErrProvisionedThroughputExceeded, Spec: errThroughputExceeded, Message: "Rate exceeded."},
		{Kind: stream.ErrValidation, Spec: errValidation, Message: "Validation failed."},
		{Kind: stream.ErrAccessDenied, Spec: errAccessDenied, Message: "Access denied."},
		{Kind: stream.ErrInternalFailure, Spec: errInternalFailure, Message: "Internal service failure."},
	},
}

// internalMessage is what a client sees for a failure that is not its
// fault; the cause stays in the server's logs.
const internalMessage = "Internal service failure."

// Error turns an error returned by a handler into the AWS error to send: an
// *awsproto.Error as it is, a stream domain error through the table, and
// anything else as InternalFailure (500).
func (a *API) Error(err error) *awsproto.Error {
	return errorTable.Lookup(err)
}

// clientMessage returns the message a stream domain error carries.
func clientMessage(err error) string {
	if domainErr, ok := errors.AsType[*stream.Error](err); ok {
		return domainErr.Message
	}
	return ""
}
