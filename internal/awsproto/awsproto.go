// Package awsproto holds the protocol-neutral plumbing shared by the AWS wire
// codecs: the operation table entry, the wire error, and the request
// metadata handlers may read from the context.
//
// An API package (sqsapi, kinesisapi) describes each action once as an
// Operation with typed input and output structs; the codecs (query, awsjson)
// decode requests into the input struct and encode the output or error, so
// no handler knows which protocol carried its request.
//
// Struct tags on wire structs:
//
//	json:"Name,omitempty"   AWS JSON member name (encoding/json rules).
//	query:"Name"            Query protocol member name, for form decoding
//	                        and XML encoding. Omitted: the Go field name.
//	query:"Name,map=K/V"    A map, flattened as Name.N.K / Name.N.V in forms
//	                        and as repeated <Name><K/><V/></Name> in XML.
//	                        Struct values nest: Name.N.V.StringValue.
//	query:"-"               Not part of the query protocol.
//
// Slices are flattened (Name.N in forms, repeated <Name> in XML). []byte is
// base64 in both protocols. Empty slices and maps are omitted from output.
// In detail (package query has the full rules):
//
//   - Forms number list elements and map entries from 1, without gaps:
//     AttributeName.1, AttributeName.2; Attribute.1.Name, Attribute.1.Value.
//   - Struct members nest with dots, in slices and map values alike:
//     SendMessageBatchRequestEntry.1.Id,
//     MessageAttribute.1.Value.StringValue, ...Value.BinaryValue (base64).
//   - Member types: string, bool, integers, float64, []byte, structs,
//     pointers to these, slices of these, maps from string to these.
//   - Use a pointer for an optional number or bool: in query output a nil
//     pointer is omitted, while a plain number or bool is always written
//     (false SenderFault appears); plain strings, slices and maps are
//     omitted when empty. In JSON output encoding/json rules apply, so tag
//     lists and maps omitempty where AWS leaves them out (SQS does;
//     awsjson.CheckOmitEmpty checks a type).
//
// Serving: NewRouter builds the http.Handler for one API from a
// RouterConfig (the operation table, the error table, the protocol names).
package awsproto

import (
	"context"
	"errors"
	"fmt"
)

// Fault says which side caused an error.
type Fault string

// Fault values.
const (
	Sender   Fault = "Sender"
	Receiver Fault = "Receiver"
)

// Error is an error as AWS puts it on the wire.
type Error struct {
	// Type is the JSON error shape name (QueueDoesNotExist,
	// InvalidParameterValueException); the router adds the API's namespace
	// prefix unless Type already has one
	// (com.amazon.coral.service#InvalidParameterValueException).
	Type string
	// QueryCode is the query-protocol code, also sent in JSON as the
	// x-amzn-query-error header (AWS.SimpleQueueService.NonExistentQueue).
	QueryCode string
	Status    int
	Fault     Fault
	Message   string
	// MessageKey, when set, names the JSON and CBOR member that carries
	// Message, and an empty Message is left out (awsjson.Error). Empty
	// means "message", always written.
	MessageKey string
}

// Error returns the type and the message.
func (e *Error) Error() string { return e.Type + ": " + e.Message }

// ErrorSpec is the fixed part of an Error: everything but the message.
type ErrorSpec struct {
	Type       string
	QueryCode  string
	Status     int
	Fault      Fault
	MessageKey string
}

// New returns an Error with spec's fields and a formatted message.
func (s ErrorSpec) New(format string, args ...any) *Error {
	return &Error{Type: s.Type, QueryCode: s.QueryCode, Status: s.Status, Fault: s.Fault,
		Message: fmt.Sprintf(format, args...), MessageKey: s.MessageKey}
}

// Operation is one action of an API: how to make its input and how to call
// it. An action whose response is an event stream has Stream (and
// EventType, the :event-type of its events) instead of Call.
type Operation struct {
	Name      string
	NewInput  func() any
	Call      func(ctx context.Context, in any) (any, error)
	Stream    func(ctx context.Context, in any, send func(event any) error) error
	EventType string
}

// StreamOp builds an event-stream Operation from a typed handler that
// delivers events of type Ev (Kinesis SubscribeToShard).
func StreamOp[In, Ev any](name, eventType string, fn func(context.Context, *In, func(*Ev) error) error) Operation {
	return Operation{
		Name:      name,
		NewInput:  func() any { return new(In) },
		EventType: eventType,
		Stream: func(ctx context.Context, in any, send func(any) error) error {
			return fn(ctx, in.(*In), func(ev *Ev) error { return send(ev) })
		},
	}
}

// Op builds an Operation from a typed handler.
func Op[In, Out any](name string, fn func(context.Context, *In) (*Out, error)) Operation {
	return Operation{
		Name:     name,
		NewInput: func() any { return new(In) },
		Call: func(ctx context.Context, in any) (any, error) {
			return fn(ctx, in.(*In))
		},
	}
}

// Request is what a handler may know about the HTTP request that carried
// its input.
type Request struct {
	ID string
	// Host is the Host header, used to build URLs the client can reach.
	Host string
	// Scheme is "http" or "https".
	Scheme string
	// Path is the URL path; query-protocol clients may send to a queue URL.
	Path string
	// Account is the account the caller acts as.
	Account string
	// Region is the region of the caller's signature scope, or the default.
	Region string
}

type requestKey struct{}

// WithRequest returns a context carrying r.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the request carried by ctx, or an empty one.
func RequestFrom(ctx context.Context) *Request {
	if r, ok := ctx.Value(requestKey{}).(*Request); ok {
		return r
	}
	return &Request{}
}

// ErrorRow maps a kind of domain error to the AWS error sent for it.
// Message is sent when the error carries no client message of its own.
type ErrorRow struct {
	Kind    error
	Spec    ErrorSpec
	Message string
}

// ErrorTable is an API's mapping from domain errors to AWS errors.
type ErrorTable struct {
	// Rows are searched in order with errors.Is; the first match wins.
	Rows []ErrorRow
	// Internal is sent for an error no row matches; its cause stays in the
	// server's logs.
	Internal *Error
	// ClientMessage returns the message a domain error carries for the
	// client, or "" when it carries none.
	ClientMessage func(error) string
}

// Lookup returns the AWS error to send for err: an *Error as it is, a
// domain error through the rows, anything else as Internal.
func (t *ErrorTable) Lookup(err error) *Error {
	if awsErr, ok := errors.AsType[*Error](err); ok {
		return awsErr
	}
	for _, row := range t.Rows {
		if !errors.Is(err, row.Kind) {
			continue
		}
		msg := row.Message
		if m := t.ClientMessage(err); m != "" {
			msg = m
		}
		return row.Spec.New("%s", msg)
	}
	internal := *t.Internal
	return &internal
}
