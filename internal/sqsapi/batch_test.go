package sqsapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/sluicemq/sluice/internal/awsproto"
)

func TestCheckBatch(t *testing.T) {
	t.Parallel()
	many := make([]string, 20)
	for i := range many {
		many[i] = "id" + strings.Repeat("x", i)
	}
	tests := []struct {
		name     string
		ids      []string
		wantType string
		wantMsg  string
	}{
		{"One", []string{"a"}, "", ""},
		{"Ten", many[:10], "", ""},
		{"AllowedCharacters", []string{"Az09-_", strings.Repeat("a", 80)}, "", ""},
		{"Empty", nil, "EmptyBatchRequest", "There should be at least one SendMessageBatchRequestEntry in the request."},
		{"Twenty", many, "TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10. You have sent 20."},
		{"Eleven", many[:11], "TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10. You have sent 11."},
		{"TooLong", []string{strings.Repeat("a", 81)}, "InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long."},
		{"Dot", []string{"a.b"}, "InvalidBatchEntryId", ""},
		{"NonASCII", []string{"é"}, "InvalidBatchEntryId", ""},
		{"Repeated", []string{"a", "b", "a"}, "BatchEntryIdsNotDistinct", "Id a repeated."},
		{"EmptyID", []string{"a", ""}, "InvalidBatchEntryId", ""}, // AWS: "" is an invalid id, not a missing one
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkBatch("SendMessageBatchRequestEntry", tt.ids)
			if tt.wantType == "" {
				if err != nil {
					t.Fatalf("checkBatch = %v, want nil", err)
				}
				return
			}
			var awsErr *awsproto.Error
			if !errors.As(err, &awsErr) || awsErr.Type != tt.wantType {
				t.Fatalf("checkBatch = %v, want %s", err, tt.wantType)
			}
			if tt.wantMsg != "" && awsErr.Message != tt.wantMsg {
				t.Errorf("message %q, want %q", awsErr.Message, tt.wantMsg)
			}
		})
	}
}
