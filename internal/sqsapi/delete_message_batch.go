package sqsapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/queue"
)

// DeleteMessageBatchInput is the input of DeleteMessageBatch.
type DeleteMessageBatchInput struct {
	QueueURL string                           `json:"QueueUrl" query:"QueueUrl"`
	Entries  []DeleteMessageBatchRequestEntry `json:"Entries,omitempty" query:"DeleteMessageBatchRequestEntry"`
}

// DeleteMessageBatchRequestEntry is one message to delete.
type DeleteMessageBatchRequestEntry struct {
	ID            string `json:"Id" query:"Id"`
	ReceiptHandle string `json:"ReceiptHandle" query:"ReceiptHandle"`
}

// DeleteMessageBatchOutput is the output of DeleteMessageBatch.
type DeleteMessageBatchOutput struct {
	Successful []DeleteMessageBatchResultEntry `json:"Successful,omitempty" query:"DeleteMessageBatchResultEntry"`
	Failed     []BatchResultErrorEntry         `json:"Failed,omitempty" query:"BatchResultErrorEntry"`
}

// DeleteMessageBatchResultEntry reports a deleted entry.
type DeleteMessageBatchResultEntry struct {
	ID string `json:"Id" query:"Id"`
}

// DeleteMessageBatch deletes up to ten received messages, reporting each
// entry's outcome.
func (a *API) DeleteMessageBatch(ctx context.Context, in *DeleteMessageBatchInput) (*DeleteMessageBatchOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	entries := make([]queue.BatchEntry, len(in.Entries))
	for i, e := range in.Entries {
		entries[i] = queue.BatchEntry{ID: e.ID, ReceiptHandle: e.ReceiptHandle}
	}
	done, failed, err := a.receiptBatch("DeleteMessageBatchRequestEntry", entries,
		func(entries []queue.BatchEntry) ([]error, error) {
			return a.svc.DeleteMessageBatch(ctx, ref, entries)
		})
	if err != nil {
		return nil, err
	}
	out := &DeleteMessageBatchOutput{Failed: failed}
	for _, id := range done {
		out.Successful = append(out.Successful, DeleteMessageBatchResultEntry{ID: id})
	}
	return out, nil
}
