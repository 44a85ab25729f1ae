package queue

import (
	"context"
	"errors"

	"github.com/sluicemq/sluice/internal/store"
)

// SendMessageEntry is one message to send.
type SendMessageEntry struct {
	// ID is the batch entry id (SendMessageBatch only).
	ID   string
	Body string
	// DelaySeconds is 0..900, or nil for the queue's DelaySeconds. FIFO
	// queues accept only nil or 0.
	DelaySeconds *int
	// Attributes are the message attributes (MessageAttributes).
	Attributes map[string]MessageAttribute
	// SystemAttributes are MessageSystemAttributes; only AWSTraceHeader
	// (DataType String) is accepted.
	SystemAttributes map[string]MessageAttribute
	GroupID          string // MessageGroupId
	DedupID          string // MessageDeduplicationId
}

// SendMessageResult reports a sent message.
type SendMessageResult struct {
	// MessageID is the new message's id; for a FIFO send suppressed by
	// deduplication, the id of the message first sent.
	MessageID                    string
	MD5OfMessageBody             string
	MD5OfMessageAttributes       string // empty when there are no attributes
	MD5OfMessageSystemAttributes string // empty when there are none
	SequenceNumber               string // FIFO only
}

// SendMessageParams are the inputs of SendMessage.
type SendMessageParams struct {
	Queue QueueRef
	// SenderID is recorded as the SenderId system attribute; empty means
	// the queue's account.
	SenderID string
	Entry    SendMessageEntry
}

// SendMessage validates and stores one message and wakes the queue's long
// polls. Validation failures: ErrMissingParameter (empty body, FIFO without
// MessageGroupId), ErrInvalidMessageContents (characters outside the
// allowed set), ErrInvalidParameterValue (size, attributes, delay, ids).
func (s *Service) SendMessage(ctx context.Context, p *SendMessageParams) (*SendMessageResult, error) {
	cq, err := s.queue(ctx, p.Queue)
	if err != nil {
		return nil, err
	}
	pm, err := prepareMessage(cq.cfg, senderOf(p.Queue, p.SenderID), &p.Entry)
	if err != nil {
		return nil, err
	}
	results, err := s.storeSend(ctx, cq, []store.MessageSendEntry{pm.entry})
	if err != nil {
		return nil, err
	}
	s.opts.Observer.Sent(cq.q.Ref, pm.size)
	return sendResult(pm.entry.Message, results[0]), nil
}

func senderOf(ref QueueRef, senderID string) string {
	if senderID == "" {
		return ref.Account
	}
	return senderID
}

// storeSend stores prepared messages in one atomic call and wakes the
// queue's long polls.
func (s *Service) storeSend(ctx context.Context, cq *cachedQueue, entries []store.MessageSendEntry) ([]store.MessageSendResult, error) {
	p := &store.MessageSendParams{Queue: cq.q.Ref, Now: s.clock.Now(), Entries: entries}
	if cq.cfg.fifo {
		p.DedupWindow = dedupWindow
		p.DedupPerGroup = cq.cfg.dedupPerGroup
	}
	results, err := s.store.MessageSend(ctx, p)
	if err != nil {
		if errors.Is(err, store.ErrQueueNotFound) {
			s.forget(cq.q.Ref)
		}
		return nil, fromStore(err, storeErrorContext{queue: cq.q.Ref})
	}
	s.waiters.notify(cq.q.Ref)
	return results, nil
}

func sendResult(m *store.Message, r store.MessageSendResult) *SendMessageResult {
	return &SendMessageResult{
		MessageID:                    r.ID,
		MD5OfMessageBody:             m.MD5OfBody,
		MD5OfMessageAttributes:       m.MD5OfAttributes,
		MD5OfMessageSystemAttributes: m.MD5OfSystemAttributes,
		SequenceNumber:               r.SequenceNumber,
	}
}

// SendMessageBatchParams are the inputs of SendMessageBatch.
type SendMessageBatchParams struct {
	Queue    QueueRef
	SenderID string
	Entries  []SendMessageEntry
}

// SendMessageBatchResult reports one entry of a batch: Result on success,
// else Err (an *Error whose Kind names the AWS code; all are the sender's
// fault).
type SendMessageBatchResult struct {
	ID     string
	Result *SendMessageResult
	Err    error
}

// SendMessageBatch sends up to 10 messages. Errors of the whole request
// (ErrQueueDoesNotExist, ErrEmptyBatchRequest, ErrTooManyEntriesInBatch,
// ErrInvalidBatchEntryID, ErrBatchEntryIdsNotDistinct,
// ErrBatchRequestTooLong, and on a FIFO queue ErrInvalidParameterValue for
// an entry without MessageGroupId or, without content-based deduplication,
// MessageDeduplicationId) are returned as the error and send nothing; an
// entry that fails validation is reported in its result while the valid
// entries are stored together, atomically. Results are in entry order.
func (s *Service) SendMessageBatch(ctx context.Context, p *SendMessageBatchParams) ([]SendMessageBatchResult, error) {
	cq, err := s.queue(ctx, p.Queue)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(p.Entries))
	for i := range p.Entries {
		ids[i] = p.Entries[i].ID
	}
	if err := checkBatchIDs(ids, "SendMessageBatchRequestEntry"); err != nil {
		return nil, err
	}
	if err := checkBatchSize(p.Entries); err != nil {
		return nil, err
	}
	if err := checkFIFOBatch(cq.cfg, p.Entries); err != nil {
		return nil, err
	}
	results := make([]SendMessageBatchResult, len(p.Entries))
	var entries []store.MessageSendEntry
	var positions, sizes []int
	sender := senderOf(p.Queue, p.SenderID)
	for i := range p.Entries {
		results[i].ID = p.Entries[i].ID
		pm, err := prepareMessage(cq.cfg, sender, &p.Entries[i])
		if err != nil {
			results[i].Err = err
			continue
		}
		entries = append(entries, pm.entry)
		positions = append(positions, i)
		sizes = append(sizes, pm.size)
	}
	if len(entries) == 0 {
		return results, nil
	}
	stored, err := s.storeSend(ctx, cq, entries)
	if err != nil {
		return nil, err
	}
	for j, i := range positions {
		results[i].Result = sendResult(entries[j].Message, stored[j])
		s.opts.Observer.Sent(cq.q.Ref, sizes[j])
	}
	return results, nil
}

// checkBatchIDs applies the rules every batch action shares: 1 to 10
// entries, ids of [A-Za-z0-9_-] at most 80 long, no id twice. entryName is
// the entry's wire name, used in the empty-batch message.
func checkBatchIDs(ids []string, entryName string) error {
	switch {
	case len(ids) == 0:
		return errorf(ErrEmptyBatchRequest, "There should be at least one %s in the request.", entryName)
	case len(ids) > maxBatchEntries:
		return errorf(ErrTooManyEntriesInBatch, "Maximum number of entries per request are %d. You have sent %d.", maxBatchEntries, len(ids))
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !isWordName(id) || len(id) > maxBatchIDLength {
			return errorf(ErrInvalidBatchEntryID, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		}
		if seen[id] {
			return errorf(ErrBatchEntryIdsNotDistinct, "Id %s repeated.", id)
		}
		seen[id] = true
	}
	return nil
}

// checkFIFOBatch applies the rules by which AWS refuses a whole FIFO
// SendMessageBatch rather than one entry: every entry needs a
// MessageGroupId, and a MessageDeduplicationId unless the queue derives
// one from the body.
func checkFIFOBatch(cfg queueConfig, entries []SendMessageEntry) error {
	if !cfg.fifo {
		return nil
	}
	for i := range entries {
		switch {
		case entries[i].GroupID == "":
			return errorf(ErrInvalidParameterValue, msgMissingParameter, "MessageGroupId")
		case entries[i].DedupID == "" && !cfg.contentDedup:
			return errorf(ErrInvalidParameterValue, msgDedupIDRequired)
		}
	}
	return nil
}

// checkBatchSize rejects a batch whose bodies and attributes together pass
// 1 MiB.
func checkBatchSize(entries []SendMessageEntry) error {
	total := 0
	for i := range entries {
		total += len(entries[i].Body) + attributesSize(entries[i].Attributes)
	}
	if total > maxBatchBytes {
		return errorf(ErrBatchRequestTooLong, "Batch requests cannot be longer than %d bytes. You have sent %d bytes.", maxBatchBytes, total)
	}
	return nil
}
