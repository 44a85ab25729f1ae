package awsproto

import (
	"errors"
	"fmt"
	"testing"
)

type clientError struct {
	kind error
	msg  string
}

func (e *clientError) Error() string { return e.msg }
func (e *clientError) Unwrap() error { return e.kind }

func TestErrorTable_Lookup(t *testing.T) {
	t.Parallel()
	errMissing := errors.New("missing")
	spec := ErrorSpec{Type: "Missing", QueryCode: "AWS.Missing", Status: 404, Fault: Sender}
	table := ErrorTable{
		Rows:     []ErrorRow{{Kind: errMissing, Spec: spec, Message: "It is missing."}},
		Internal: &Error{Type: "InternalError", Status: 500, Fault: Receiver, Message: "Try again."},
		ClientMessage: func(err error) string {
			if ce, ok := errors.AsType[*clientError](err); ok {
				return ce.msg
			}
			return ""
		},
	}
	wire := &Error{Type: "Wire", Status: 400}
	tests := []struct {
		name string
		err  error
		want Error
	}{
		{"WireErrorAsIs", fmt.Errorf("wrapped: %w", wire), *wire},
		{"BareKindGetsRowMessage", errMissing, Error{Type: "Missing", QueryCode: "AWS.Missing", Status: 404, Fault: Sender, Message: "It is missing."}},
		{"ClientMessageWins", &clientError{errMissing, "Queue q is missing."}, Error{Type: "Missing", QueryCode: "AWS.Missing", Status: 404, Fault: Sender, Message: "Queue q is missing."}},
		{"UnknownIsInternal", errors.New("disk on fire"), *table.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := table.Lookup(tt.err); *got != tt.want {
				t.Errorf("Lookup(%v) = %+v, want %+v", tt.err, *got, tt.want)
			}
		})
	}
	if table.Lookup(errors.New("a")) == table.Internal {
		t.Error("Lookup handed out the table's own Internal error; callers could change it")
	}
}
