// Package kinesisapi is the Amazon Kinesis Data Streams API: one file per
// action with its wire structs (json tags as in the AWS model, for AWS JSON
// 1.1 and CBOR 1.1) and its handler, the action table
// (operations.go) and the table that turns stream domain errors into AWS
// errors (errors.go).
//
// Handlers check what the model constrains (required members, lengths,
// patterns, ranges) and answer ValidationException the way Kinesis words
// it; everything else is the stream package's business. A handler never
// knows which protocol carried its request. String members of inputs are
// pointers, so that an empty string, which AWS checks against the
// member's length and pattern, is told from an absent member.
//
// Serve it with TargetPrefix, JSONVersion and an empty error namespace:
// Kinesis JSON errors carry a bare __type ("ResourceNotFoundException").
//
// SubscribeToShard is a streaming operation (awsproto.StreamOp): the router
// sends its events as an AWS event stream over HTTP/1.1 or HTTP/2. Its
// semantics are stream.Service.SubscribeToShard.
package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/stream"
)

// Protocol constants of the Kinesis API.
const (
	// TargetPrefix precedes the action in X-Amz-Target.
	TargetPrefix = "Kinesis_20131202"
	// JSONVersion is the AWS JSON protocol version.
	JSONVersion = "1.1"
	// DefaultAccount is the account of requests that name none.
	DefaultAccount = "000000000000"
)

// Options configure an API. The zero value is usable.
type Options struct{}

// API serves the Kinesis actions over a stream.Service.
type API struct {
	svc  *stream.Service
	opts Options
}

// New returns an API over svc.
func New(svc *stream.Service, opts Options) *API {
	return &API{svc: svc, opts: opts}
}

// account is the account the caller acts as.
func account(ctx context.Context) string {
	if a := awsproto.RequestFrom(ctx).Account; a != "" {
		return a
	}
	return DefaultAccount
}

// streamRef resolves the StreamName or StreamARN of a request.
func (a *API) streamRef(ctx context.Context, name, arn *string) (stream.StreamRef, error) {
	return a.svc.ResolveStream(account(ctx), val(name), val(arn))
}
