package streamgroup

import (
	"errors"
	"fmt"
)

// Domain errors. Each one maps to one AWS-shaped error of the group API;
// operations return them wrapped in *Error with the message the client
// should see. Errors about streams and shards are the stream package's.
var (
	// ErrGroupNotFound: the group does not exist.
	ErrGroupNotFound = errors.New("streamgroup: group not found")
	// ErrMemberNotFound: the member is not in the group, because it never
	// joined, left, was silent past its lease duration, or the server
	// restarted. It should join again.
	ErrMemberNotFound = errors.New("streamgroup: member not found")
	// ErrLeaseLost: the member does not hold the shard's lease at the
	// epoch it named. It must stop processing the shard.
	ErrLeaseLost = errors.New("streamgroup: lease lost")
	// ErrInvalidArgument: a value the request gave cannot be used.
	ErrInvalidArgument = errors.New("streamgroup: invalid argument")
	// ErrLimitExceeded: too many groups of a stream or members of a group.
	ErrLimitExceeded = errors.New("streamgroup: limit exceeded")
)

// Error is a domain error with the message the client should see.
type Error struct {
	Kind    error // one of the Err values above
	Message string
}

// Error returns the message the client sees.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the kind, so errors.Is(err, ErrLeaseLost) holds.
func (e *Error) Unwrap() error { return e.Kind }

func errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

func errGroupNotFound(ref GroupRef) error {
	return errorf(ErrGroupNotFound, "Group %s of stream %s under account %s not found.",
		ref.Name, ref.Stream.Name, ref.Stream.Account)
}

func errMemberNotFound(ref GroupRef, member string) error {
	return errorf(ErrMemberNotFound, "Member %s is not in group %s of stream %s under account %s: it left, "+
		"was not heard from for the lease duration, or the server restarted. Join the group again.",
		member, ref.Name, ref.Stream.Name, ref.Stream.Account)
}
