package sqsapi

import (
	"fmt"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/queue"
)

// maxBatchEntries is the most entries a batch request may carry.
const maxBatchEntries = 10

// maxBatchEntryID is the longest batch entry id.
const maxBatchEntryID = 80

// checkBatch checks the entry ids of a batch request: 1..10 entries, each
// id 1..80 characters of [A-Za-z0-9_-], no id twice. entryName is the
// model's entry shape (SendMessageBatchRequestEntry, ...), as AWS names it
// in the EmptyBatchRequest message.
func checkBatch(entryName string, ids []string) error {
	if len(ids) == 0 {
		return errEmptyBatch.New("There should be at least one %s in the request.", entryName)
	}
	if len(ids) > maxBatchEntries {
		return errTooManyEntries.New("Maximum number of entries per request are %d. You have sent %d.",
			maxBatchEntries, len(ids))
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !validBatchEntryID(id) {
			return errBatchEntryID.New("A batch entry id can only contain alphanumeric characters, " +
				"hyphens and underscores. It can be at most 80 letters long.")
		}
		if seen[id] {
			return errIdsNotDistinct.New("Id %s repeated.", id)
		}
		seen[id] = true
	}
	return nil
}

func validBatchEntryID(id string) bool {
	if id == "" || len(id) > maxBatchEntryID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}

// batchFailure reports a failed batch entry the way AWS does: the query
// code of the error, and whether the sender caused it.
func (a *API) batchFailure(id string, err error) BatchResultErrorEntry {
	awsErr := a.Error(err)
	return BatchResultErrorEntry{
		ID:          id,
		SenderFault: awsErr.Fault == awsproto.Sender,
		Code:        awsErr.QueryCode,
		Message:     awsErr.Message,
	}
}

// receiptBatch runs a batch of receipt-handle entries (DeleteMessageBatch,
// ChangeMessageVisibilityBatch): it checks the batch, reports entries
// without a receipt handle as failed, passes the others to call and sorts
// them by outcome. The error is for failures of the whole request.
func (a *API) receiptBatch(entryName string, entries []queue.BatchEntry,
	call func([]queue.BatchEntry) ([]error, error)) (done []string, failed []BatchResultErrorEntry, err error) {
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	if err := checkBatch(entryName, ids); err != nil {
		return nil, nil, err
	}
	var valid []queue.BatchEntry
	for i, e := range entries {
		if e.ReceiptHandle == "" {
			name := fmt.Sprintf("%s.%d.ReceiptHandle", entryName, i+1)
			failed = append(failed, a.batchFailure(e.ID, missingParameter(name)))
			continue
		}
		valid = append(valid, e)
	}
	if len(valid) == 0 {
		return nil, failed, nil
	}
	errs, err := call(valid)
	if err != nil {
		return nil, nil, err
	}
	if len(errs) != len(valid) {
		return nil, nil, fmt.Errorf("sqsapi: %d results for %d batch entries", len(errs), len(valid))
	}
	for i, e := range valid {
		if errs[i] != nil {
			failed = append(failed, a.batchFailure(e.ID, errs[i]))
			continue
		}
		done = append(done, e.ID)
	}
	return done, failed, nil
}
