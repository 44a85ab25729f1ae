package sqsapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/queue"
)

// ChangeMessageVisibilityBatchInput is the input of
// ChangeMessageVisibilityBatch.
type ChangeMessageVisibilityBatchInput struct {
	QueueURL string                                     `json:"QueueUrl" query:"QueueUrl"`
	Entries  []ChangeMessageVisibilityBatchRequestEntry `json:"Entries,omitempty" query:"ChangeMessageVisibilityBatchRequestEntry"`
}

// ChangeMessageVisibilityBatchRequestEntry is one visibility change.
type ChangeMessageVisibilityBatchRequestEntry struct {
	ID                string `json:"Id" query:"Id"`
	ReceiptHandle     string `json:"ReceiptHandle" query:"ReceiptHandle"`
	VisibilityTimeout int    `json:"VisibilityTimeout,omitempty" query:"VisibilityTimeout"`
}

// ChangeMessageVisibilityBatchOutput is the output of
// ChangeMessageVisibilityBatch.
type ChangeMessageVisibilityBatchOutput struct {
	Successful []ChangeMessageVisibilityBatchResultEntry `json:"Successful,omitempty" query:"ChangeMessageVisibilityBatchResultEntry"`
	Failed     []BatchResultErrorEntry                   `json:"Failed,omitempty" query:"BatchResultErrorEntry"`
}

// ChangeMessageVisibilityBatchResultEntry reports a changed entry.
type ChangeMessageVisibilityBatchResultEntry struct {
	ID string `json:"Id" query:"Id"`
}

// ChangeMessageVisibilityBatch changes the visibility timeouts of up to ten
// received messages, reporting each entry's outcome.
func (a *API) ChangeMessageVisibilityBatch(ctx context.Context, in *ChangeMessageVisibilityBatchInput) (*ChangeMessageVisibilityBatchOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	entries := make([]queue.BatchEntry, len(in.Entries))
	for i, e := range in.Entries {
		entries[i] = queue.BatchEntry{ID: e.ID, ReceiptHandle: e.ReceiptHandle, VisibilityTimeout: e.VisibilityTimeout}
	}
	done, failed, err := a.receiptBatch("ChangeMessageVisibilityBatchRequestEntry", entries,
		func(entries []queue.BatchEntry) ([]error, error) {
			return a.svc.ChangeMessageVisibilityBatch(ctx, ref, entries)
		})
	if err != nil {
		return nil, err
	}
	out := &ChangeMessageVisibilityBatchOutput{Failed: failed}
	for _, id := range done {
		out.Successful = append(out.Successful, ChangeMessageVisibilityBatchResultEntry{ID: id})
	}
	return out, nil
}
