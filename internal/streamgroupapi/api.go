// Package streamgroupapi is sluice's consumer group API, an extension
// served on the Kinesis port under its own X-Amz-Target prefix
// (SluiceStreamGroups_20261201.<Action>, AWS JSON 1.1, signed and
// account-scoped exactly as Kinesis requests are): one file per action
// with its wire structs and handler, the action table (operations.go) and
// the table that turns domain errors into AWS-shaped errors (errors.go).
//
// Handlers check what the wire constrains (required members, lengths,
// patterns, enums) and answer ValidationException in Kinesis's words;
// the semantics are streamgroup.Service's. Streams are named by StreamName
// or StreamARN, as in Kinesis.
package streamgroupapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/stream"
	"github.com/sluicemq/sluice/internal/streamgroup"
)

// Protocol constants of the group API.
const (
	// TargetPrefix precedes the action in X-Amz-Target.
	TargetPrefix = "SluiceStreamGroups_20261201"
	// JSONVersion is the AWS JSON protocol version.
	JSONVersion = "1.1"
	// SigningService is the service name requests are signed for: that of
	// Kinesis, so the same credentials and scope serve both APIs.
	SigningService = "kinesis"
	// DefaultAccount is the account of requests that name none.
	DefaultAccount = "000000000000"
)

// API serves the group actions over a streamgroup.Service.
type API struct {
	groups  *streamgroup.Service
	streams *stream.Service
}

// New returns an API over groups, resolving stream names and ARNs with
// streams.
func New(groups *streamgroup.Service, streams *stream.Service) *API {
	return &API{groups: groups, streams: streams}
}

// groupRef names a group of a stream.
type groupRef = streamgroup.GroupRef

// account is the account the caller acts as.
func account(ctx context.Context) string {
	if a := awsproto.RequestFrom(ctx).Account; a != "" {
		return a
	}
	return DefaultAccount
}

// groupRef resolves the stream and group a request names.
func (a *API) groupRef(ctx context.Context, name, arn, group *string) (groupRef, error) {
	ref, err := a.streams.ResolveStream(account(ctx), val(name), val(arn))
	if err != nil {
		return groupRef{}, err
	}
	return groupRef{Stream: ref, Name: val(group)}, nil
}

func val(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
