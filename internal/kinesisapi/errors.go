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

// errorRow maps one stream domain error to its AWS error. Message is used
// when the domain error carries no message of its own.
type errorRow struct {
	kind    error
	spec    awsproto.ErrorSpec
	message string
}

// errorTable is searched in order with errors.Is; the first match wins.
var errorTable = []errorRow{
	{stream.ErrResourceNotFound, errResourceNotFound, "Requested resource not found."},
	{stream.ErrResourceInUse, errResourceInUse, "The resource is not available for this operation."},
	{stream.ErrInvalidArgument, errInvalidArgument, "A specified parameter exceeds its restrictions, is not supported, or can't be used."},
	{stream.ErrLimitExceeded, errLimitExceeded, "The requested resource exceeds the maximum number allowed."},
	{stream.ErrExpiredIterator, errExpiredIterator, "The provided iterator exceeds the maximum age allowed."},
	{stream.ErrExpiredNextToken, errExpiredNextToken, "The pagination token passed to the operation is expired."},
	{stream.ErrProvisionedThroughputExceeded, errThroughputExceeded, "Rate exceeded."},
	{stream.ErrValidation, errValidation, "Validation failed."},
	{stream.ErrAccessDenied, errAccessDenied, "Access denied."},
	{stream.ErrInternalFailure, errInternalFailure, "Internal service failure."},
}

// internalMessage is what a client sees for a failure that is not its
// fault; the cause stays in the server's logs.
const internalMessage = "Internal service failure."

// Error turns an error returned by a handler into the AWS error to send: an
// *awsproto.Error as it is, a stream domain error through the table, and
// anything else as InternalFailure (500).
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
		if domainErr, ok := errors.AsType[*stream.Error](err); ok && domainErr.Message != "" {
			msg = domainErr.Message
		}
		return row.spec.New("%s", msg)
	}
	return errInternalFailure.New("%s", internalMessage)
}
