package queue

import (
	"context"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// DeleteMessage deletes a received message by receipt handle. A handle that
// is not one gives ErrReceiptHandleIsInvalid; an expired handle on a FIFO
// queue gives ErrInvalidParameterValue. On a standard queue an old handle
// succeeds whether or not the message is deleted, as in AWS.
func (s *Service) DeleteMessage(ctx context.Context, ref QueueRef, receiptHandle string) error {
	errs, err := s.deleteMessages(ctx, ref, []string{receiptHandle})
	if err != nil {
		return err
	}
	return errs[0]
}

// BatchEntry is one entry of DeleteMessageBatch or
// ChangeMessageVisibilityBatch.
type BatchEntry struct {
	ID            string
	ReceiptHandle string
	// VisibilityTimeout is used by ChangeMessageVisibilityBatch only.
	VisibilityTimeout int
}

// DeleteMessageBatch deletes up to 10 messages. Request-level errors (queue,
// empty, too many, invalid or repeated ids) are returned as the error;
// otherwise the slice has one entry per input entry: nil on success or the
// *Error DeleteMessage would give.
func (s *Service) DeleteMessageBatch(ctx context.Context, ref QueueRef, entries []BatchEntry) ([]error, error) {
	if err := s.checkBatch(ctx, ref, entries, "DeleteMessageBatchRequestEntry"); err != nil {
		return nil, err
	}
	handles := make([]string, len(entries))
	for i, e := range entries {
		handles[i] = e.ReceiptHandle
	}
	return s.deleteMessages(ctx, ref, handles)
}

// checkBatch checks that the queue exists and the batch's ids.
func (s *Service) checkBatch(ctx context.Context, ref QueueRef, entries []BatchEntry, entryName string) error {
	if _, err := s.queue(ctx, ref); err != nil {
		return err
	}
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	return checkBatchIDs(ids, entryName)
}

func (s *Service) deleteMessages(ctx context.Context, ref QueueRef, handles []string) ([]error, error) {
	errs, err := s.store.MessageDelete(ctx, &store.MessageDeleteParams{Queue: ref, Now: s.clock.Now(), ReceiptHandles: handles})
	if err != nil {
		return nil, fromStore(err, storeErrorContext{queue: ref})
	}
	deleted := 0
	for i, e := range errs {
		errs[i] = fromStore(e, storeErrorContext{queue: ref, receiptHandle: handles[i]})
		if errs[i] == nil {
			deleted++
		}
	}
	if deleted > 0 {
		s.opts.Observer.Deleted(ref, deleted)
		s.wakeAfterDelete(ctx, ref)
	}
	return errs, nil
}

// wakeAfterDelete wakes the long polls a delete may have unblocked: those
// of a queue with a SluiceMaxInFlight, for which it makes room, and those
// of a FIFO queue, whose message group it may have released.
func (s *Service) wakeAfterDelete(ctx context.Context, ref QueueRef) {
	if cq, err := s.queue(ctx, ref); err == nil && (cq.cfg.delivery.maxInFlight > 0 || cq.cfg.fifo) {
		s.waiters.notify(ref)
	}
}

// ChangeMessageVisibility makes a received message visible again
// timeoutSeconds (0..43200) from now. Besides the receipt handle errors of
// DeleteMessage, a message no longer in flight gives ErrMessageNotInflight
// and a deleted one ErrInvalidParameterValue. A timeout of 0 wakes the
// queue's long polls.
func (s *Service) ChangeMessageVisibility(ctx context.Context, ref QueueRef, receiptHandle string, timeoutSeconds int) error {
	if err := checkVisibilityTimeout(timeoutSeconds); err != nil {
		return err
	}
	if _, err := s.queue(ctx, ref); err != nil {
		return err
	}
	errs, err := s.changeVisibility(ctx, ref, []BatchEntry{{ReceiptHandle: receiptHandle, VisibilityTimeout: timeoutSeconds}})
	if err != nil {
		return err
	}
	return errs[0]
}

// ChangeMessageVisibilityBatch changes up to 10 visibility timeouts; errors
// are reported as by DeleteMessageBatch, and an entry with a timeout out of
// range fails alone.
func (s *Service) ChangeMessageVisibilityBatch(ctx context.Context, ref QueueRef, entries []BatchEntry) ([]error, error) {
	if err := s.checkBatch(ctx, ref, entries, "ChangeMessageVisibilityBatchRequestEntry"); err != nil {
		return nil, err
	}
	return s.changeVisibility(ctx, ref, entries)
}

// changeVisibility validates each entry's timeout, sends the valid ones to
// the store in one call, and returns one error per entry.
func (s *Service) changeVisibility(ctx context.Context, ref QueueRef, entries []BatchEntry) ([]error, error) {
	errs := make([]error, len(entries))
	var changes []store.VisibilityChange
	var positions []int
	for i, e := range entries {
		if err := checkVisibilityTimeout(e.VisibilityTimeout); err != nil {
			errs[i] = err
			continue
		}
		changes = append(changes, store.VisibilityChange{
			ReceiptHandle: e.ReceiptHandle, Timeout: time.Duration(e.VisibilityTimeout) * time.Second,
		})
		positions = append(positions, i)
	}
	if len(changes) == 0 {
		return errs, nil
	}
	results, err := s.store.MessageChangeVisibility(ctx, &store.MessageChangeVisibilityParams{Queue: ref, Now: s.clock.Now(), Entries: changes})
	if err != nil {
		return nil, fromStore(err, storeErrorContext{queue: ref})
	}
	wake := false
	for j, i := range positions {
		errs[i] = fromStore(results[j], storeErrorContext{queue: ref, receiptHandle: entries[i].ReceiptHandle})
		wake = wake || errs[i] == nil && changes[j].Timeout == 0
	}
	if wake {
		s.waiters.notify(ref)
	}
	return errs, nil
}
