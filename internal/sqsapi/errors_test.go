package sqsapi

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/queue"
)

// TestErrorTable checks every domain error against the SQS error model:
// JSON type, query code, HTTP status, fault.
func TestErrorTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind      error
		typ, code string
		status    int
	}{
		{queue.ErrQueueDoesNotExist, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400},
		{queue.ErrQueueNameExists, "QueueNameExists", "QueueAlreadyExists", 400},
		{queue.ErrQueueDeletedRecently, "QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", 400},
		{queue.ErrPurgeQueueInProgress, "PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403},
		{queue.ErrOverLimit, "OverLimit", "OverLimit", 403},
		{queue.ErrReceiptHandleIsInvalid, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 400},
		{queue.ErrMessageNotInflight, "MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400},
		{queue.ErrInvalidAttributeName, "InvalidAttributeName", "InvalidAttributeName", 400},
		{queue.ErrInvalidAttributeValue, "InvalidAttributeValue", "InvalidAttributeValue", 400},
		{queue.ErrInvalidMessageContents, "InvalidMessageContents", "InvalidMessageContents", 400},
		{queue.ErrInvalidParameterValue, "InvalidParameterValueException", "InvalidParameterValue", 400},
		{queue.ErrMissingParameter, "MissingRequiredParameterException", "MissingParameter", 400},
		{queue.ErrUnsupportedOperation, "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400},
		{queue.ErrResourceNotFound, "ResourceNotFoundException", "ResourceNotFoundException", 404},
		{queue.ErrBatchEntryIdsNotDistinct, "BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400},
		{queue.ErrBatchRequestTooLong, "BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400},
		{queue.ErrEmptyBatchRequest, "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400},
		{queue.ErrInvalidBatchEntryID, "InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400},
		{queue.ErrTooManyEntriesInBatch, "TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400},
	}
	if len(tests) != len(errorTable.Rows) {
		t.Errorf("test covers %d errors, table has %d rows", len(tests), len(errorTable.Rows))
	}
	a := New(nil, Options{})
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			t.Parallel()
			forms := map[string]error{
				"Bare":        tt.kind,
				"WithMessage": &queue.Error{Kind: tt.kind, Message: "the message"},
				"Wrapped":     fmt.Errorf("context: %w", &queue.Error{Kind: tt.kind, Message: "the message"}),
			}
			for form, err := range forms {
				got := a.Error(err)
				if got.Type != tt.typ || got.QueryCode != tt.code || got.Status != tt.status || got.Fault != awsproto.Sender {
					t.Errorf("%s: Error = %+v; want %s/%s/%d/Sender", form, got, tt.typ, tt.code, tt.status)
				}
				if got.Message == "" {
					t.Errorf("%s: empty message", form)
				}
				if form != "Bare" && got.Message != "the message" {
					t.Errorf("%s: message %q, want the domain error's", form, got.Message)
				}
			}
		})
	}
}

func TestErrorPassesAWSErrorsThrough(t *testing.T) {
	t.Parallel()
	want := errTooManyEntries.New("Maximum number of entries per request are 10. You have sent 20.")
	got := New(nil, Options{}).Error(fmt.Errorf("batch: %w", want))
	if got != want {
		t.Errorf("Error = %+v, want the *awsproto.Error itself", got)
	}
}

func TestErrorUnknownIsInternal(t *testing.T) {
	t.Parallel()
	got := New(nil, Options{}).Error(errors.New("pebble: corruption"))
	if got.Type != "InternalError" || got.QueryCode != "InternalError" || got.Status != 500 || got.Fault != awsproto.Receiver {
		t.Errorf("Error = %+v; want InternalError/500/Receiver", got)
	}
	if got.Message != internalMessage {
		t.Errorf("message %q leaks the cause", got.Message)
	}
}
