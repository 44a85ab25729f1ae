package stream

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Errors of the group API, for errors.Is on an *APIError.
var (
	// ErrLeaseLost: the member does not hold the shard's lease at the
	// epoch it named (it was reassigned, or the group was reset). Stop
	// processing the shard.
	ErrLeaseLost = errors.New("stream: lease lost")
	// ErrMemberNotFound: the member is not in the group (it left, was
	// silent past the lease duration, or the server restarted). Join
	// again.
	ErrMemberNotFound = errors.New("stream: member not in the group")
	// ErrNotFound: the stream, shard or group does not exist.
	ErrNotFound = errors.New("stream: not found")
)

// APIError is an error answer of the group API.
type APIError struct {
	Action     string
	Code       string
	Message    string
	StatusCode int
	RequestID  string
}

// Error describes the error with its code.
func (e *APIError) Error() string {
	return fmt.Sprintf("stream: %s: %s: %s", e.Action, e.Code, e.Message)
}

// Is matches the package's Err values by error code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrLeaseLost:
		return e.Code == "LeaseLostException"
	case ErrMemberNotFound:
		return e.Code == "MemberNotFoundException"
	case ErrNotFound:
		return e.Code == "ResourceNotFoundException"
	}
	return false
}

// newAPIError reads an AWS JSON error answer.
func newAPIError(action string, resp *http.Response, body []byte) *APIError {
	var wire struct {
		Type     string `json:"__type"`
		Message  string `json:"message"`
		MessageU string `json:"Message"`
	}
	_ = json.Unmarshal(body, &wire) // a body that is not JSON leaves the fields empty
	e := &APIError{Action: action, StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Amzn-Requestid"),
		Code: wire.Type, Message: wire.Message}
	if i := strings.LastIndexByte(e.Code, '#'); i >= 0 {
		e.Code = e.Code[i+1:]
	}
	if e.Message == "" {
		e.Message = wire.MessageU
	}
	if e.Code == "" {
		e.Code = http.StatusText(resp.StatusCode)
	}
	return e
}
