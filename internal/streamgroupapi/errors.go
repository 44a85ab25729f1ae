package streamgroupapi

import (
	"errors"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/stream"
	"github.com/sluicemq/sluice/internal/streamgroup"
)

// The errors the group API returns: Kinesis's for streams, shards and
// arguments, two of its own for members and leases. JSON errors carry the
// bare shape name as __type, as Kinesis's do.
var (
	errResourceNotFound = sender("ResourceNotFoundException")
	errResourceInUse    = sender("ResourceInUseException")
	errInvalidArgument  = sender("InvalidArgumentException")
	errLimitExceeded    = sender("LimitExceededException")
	errValidation       = sender("ValidationException")
	errMemberNotFound   = sender("MemberNotFoundException")
	errLeaseLost        = sender("LeaseLostException")
	errInternalFailure  = awsproto.ErrorSpec{Type: "InternalFailure", Status: 500, Fault: awsproto.Receiver}
)

func sender(typ string) awsproto.ErrorSpec {
	return awsproto.ErrorSpec{Type: typ, Status: 400, Fault: awsproto.Sender}
}

// internalMessage is what a client sees for a failure that is not its
// fault; the cause stays in the server's logs.
const internalMessage = "Internal service failure."

// errorTable maps group and stream domain errors to AWS errors, searched
// in order.
var errorTable = awsproto.ErrorTable{
	Internal:      errInternalFailure.New("%s", internalMessage),
	ClientMessage: clientMessage,
	Rows: []awsproto.ErrorRow{
		{Kind: streamgroup.ErrGroupNotFound, Spec: errResourceNotFound, Message: "Requested resource not found."},
		{Kind: streamgroup.ErrMemberNotFound, Spec: errMemberNotFound, Message: "The member is not in the group."},
		{Kind: streamgroup.ErrLeaseLost, Spec: errLeaseLost, Message: "The member does not hold the lease."},
		{Kind: streamgroup.ErrInvalidArgument, Spec: errInvalidArgument, Message: "A specified parameter can't be used."},
		{Kind: streamgroup.ErrLimitExceeded, Spec: errLimitExceeded, Message: "The requested resource exceeds the maximum number allowed."},
		{Kind: stream.ErrResourceNotFound, Spec: errResourceNotFound, Message: "Requested resource not found."},
		{Kind: stream.ErrResourceInUse, Spec: errResourceInUse, Message: "The resource is not available for this operation."},
		{Kind: stream.ErrInvalidArgument, Spec: errInvalidArgument, Message: "A specified parameter can't be used."},
		{Kind: stream.ErrLimitExceeded, Spec: errLimitExceeded, Message: "The requested resource exceeds the maximum number allowed."},
	},
}

// Error turns an error returned by a handler into the AWS error to send.
func (a *API) Error(err error) *awsproto.Error {
	return errorTable.Lookup(err)
}

// clientMessage returns the message a domain error carries.
func clientMessage(err error) string {
	if e, ok := errors.AsType[*streamgroup.Error](err); ok {
		return e.Message
	}
	if e, ok := errors.AsType[*stream.Error](err); ok {
		return e.Message
	}
	return ""
}
