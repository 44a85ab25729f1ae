package queue

import "context"

// SendMessageEntry is one message to send.
type SendMessageEntry struct {
	// ID is the batch entry id (SendMessageBatch only).
	ID   string
	Body string
	// DelaySeconds is 0..900, or nil for the queue's DelaySeconds. Not
	// allowed on FIFO queues.
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
// polls.
func (s *Service) SendMessage(ctx context.Context, p *SendMessageParams) (*SendMessageResult, error) {
	return nil, errNotImplemented
}

// SendMessageBatchParams are the inputs of SendMessageBatch.
type SendMessageBatchParams struct {
	Queue    QueueRef
	SenderID string
	Entries  []SendMessageEntry
}

// SendMessageBatchResult reports one entry of a batch: Result on success,
// else Err (an *Error whose Kind names the AWS code).
type SendMessageBatchResult struct {
	ID     string
	Result *SendMessageResult
	Err    error
}

// SendMessageBatch sends up to 10 messages. Errors of the whole request
// (ErrEmptyBatchRequest, ErrTooManyEntriesInBatch, ErrBatchEntryIdsNotDistinct,
// ErrInvalidBatchEntryID, ErrBatchRequestTooLong, ErrQueueDoesNotExist) are
// returned as the error; an entry that fails validation is reported in its
// result while the valid entries are stored together. Results are in entry
// order.
func (s *Service) SendMessageBatch(ctx context.Context, p *SendMessageBatchParams) ([]SendMessageBatchResult, error) {
	return nil, errNotImplemented
}

// ReceiveMessageParams are the inputs of ReceiveMessage. Nil pointers mean
// the parameter was not given.
type ReceiveMessageParams struct {
	Queue               QueueRef
	MaxNumberOfMessages *int // 1..10, default 1
	// WaitTimeSeconds is 0..20, default the queue's
	// ReceiveMessageWaitTimeSeconds.
	WaitTimeSeconds *int
	// VisibilityTimeout is 0..43200, default the queue's.
	VisibilityTimeout *int
	// ReceiveRequestAttemptID is the FIFO ReceiveRequestAttemptId.
	ReceiveRequestAttemptID string
}

// ReceiveMessage receives messages, waiting up to WaitTimeSeconds for one
// to arrive. It returns every system and user attribute of each message;
// the caller filters by the names the client asked for. Close or ctx
// ending a wait gives no messages (and ctx.Err() for ctx).
func (s *Service) ReceiveMessage(ctx context.Context, p *ReceiveMessageParams) ([]*Message, error) {
	return nil, errNotImplemented
}

// DeleteMessage deletes a received message by receipt handle.
func (s *Service) DeleteMessage(ctx context.Context, ref QueueRef, receiptHandle string) error {
	return errNotImplemented
}

// BatchEntry is one entry of DeleteMessageBatch or
// ChangeMessageVisibilityBatch.
type BatchEntry struct {
	ID            string
	ReceiptHandle string
	// VisibilityTimeout is used by ChangeMessageVisibilityBatch only.
	VisibilityTimeout int
}

// DeleteMessageBatch deletes up to 10 messages. Request-level errors (empty,
// too many, ids not distinct, invalid id, queue) are returned as the error;
// otherwise the slice has one entry per input entry: nil on success or an
// *Error.
func (s *Service) DeleteMessageBatch(ctx context.Context, ref QueueRef, entries []BatchEntry) ([]error, error) {
	return nil, errNotImplemented
}

// ChangeMessageVisibility makes a received message visible again after
// timeoutSeconds (0..43200) from now.
func (s *Service) ChangeMessageVisibility(ctx context.Context, ref QueueRef, receiptHandle string, timeoutSeconds int) error {
	return errNotImplemented
}

// ChangeMessageVisibilityBatch changes up to 10 visibility timeouts; errors
// are reported as by DeleteMessageBatch.
func (s *Service) ChangeMessageVisibilityBatch(ctx context.Context, ref QueueRef, entries []BatchEntry) ([]error, error) {
	return nil, errNotImplemented
}
