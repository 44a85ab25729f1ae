package store

import (
	"context"
	"time"
)

// QueueStore persists queues and their messages.
//
// Message states: a stored message is either delayed (its first visible time
// is in the future), visible, or in flight (received and its visibility
// deadline not yet passed). Receiving moves a message in flight; the deadline
// passing makes it visible again with its receive count kept.
type QueueStore interface {
	// QueueCreate creates a queue. If a queue with the same ref exists it
	// returns that queue and ErrQueueExists and changes nothing.
	QueueCreate(ctx context.Context, p *QueueCreateParams) (*Queue, error)
	// QueueGet returns a queue or ErrQueueNotFound.
	QueueGet(ctx context.Context, ref QueueRef) (*Queue, error)
	// QueueList returns an account's queues whose names start with Prefix,
	// ordered by name, starting after After, at most Limit (0 = no limit).
	QueueList(ctx context.Context, p *QueueListParams) ([]*Queue, error)
	// QueueRefs returns every queue of every account, in no particular
	// order; it is for background maintenance (the retention sweeper),
	// which must reach queues of accounts no request has named yet.
	QueueRefs(ctx context.Context) ([]QueueRef, error)
	// QueueUpdate changes attributes and tags of a queue and returns it.
	QueueUpdate(ctx context.Context, p *QueueUpdateParams) (*Queue, error)
	// QueueDelete removes a queue and all its messages.
	QueueDelete(ctx context.Context, ref QueueRef) error
	// QueuePurge removes every message of a queue. It fails with
	// ErrPurgeInProgress when the previous purge is less than MinInterval
	// before Now.
	QueuePurge(ctx context.Context, p *QueuePurgeParams) error
	// QueueStats counts a queue's messages by state at Now.
	QueueStats(ctx context.Context, ref QueueRef, now time.Time) (*QueueStats, error)

	// MessageSend stores a batch of messages atomically: all or none.
	MessageSend(ctx context.Context, p *MessageSendParams) ([]MessageSendResult, error)
	// MessageReceive moves up to Max visible messages in flight and returns
	// them with fresh receipt handles. See MessageReceiveParams for FIFO,
	// redrive, retention and the in-flight limit.
	MessageReceive(ctx context.Context, p *MessageReceiveParams) (*MessageReceiveResult, error)
	// MessageDelete deletes messages by receipt handle. The returned slice
	// has one entry per handle: nil, ErrReceiptHandleInvalid or
	// ErrReceiptHandleExpired. The error return is for failures of the whole
	// call (ErrQueueNotFound, I/O).
	MessageDelete(ctx context.Context, p *MessageDeleteParams) ([]error, error)
	// MessageChangeVisibility sets new visibility deadlines. Per entry: nil,
	// ErrReceiptHandleInvalid, ErrReceiptHandleExpired, ErrMessageNotInflight
	// or ErrMessageNotFound.
	MessageChangeVisibility(ctx context.Context, p *MessageChangeVisibilityParams) ([]error, error)
	// MessageMove moves up to Max visible messages from Source to a
	// destination queue, oldest first, atomically per call.
	MessageMove(ctx context.Context, p *MessageMoveParams) (*MessageMoveResult, error)
	// MessageExpire deletes up to Max messages sent before Now-Retention and
	// returns how many it deleted.
	MessageExpire(ctx context.Context, p *MessageExpireParams) (int, error)
	// MessagePeek returns up to Max stored messages in the States asked, in
	// sequence order, with their state at Now, and changes nothing: no
	// receive count, visibility deadline, receipt handle or order moves, and
	// no message is received, dropped or dead-lettered. One call examines a
	// bounded number of messages; Next says where the next call goes on.
	MessagePeek(ctx context.Context, p *MessagePeekParams) (*MessagePeekResult, error)
	// MessageRemove deletes messages by the Key MessagePeek gave them,
	// whatever their state: an operator's delete, which needs no receipt
	// handle. The returned slice has one entry per key: nil, or
	// ErrMessageNotFound when the key names no message stored in the queue.
	MessageRemove(ctx context.Context, p *MessageRemoveParams) ([]error, error)
}

// QueueRef names a queue: its owning account and its name.
type QueueRef struct {
	Account string
	Name    string
}

// Queue is a stored queue.
type Queue struct {
	Ref  QueueRef
	FIFO bool
	// Attributes holds the settable attributes (VisibilityTimeout,
	// RedrivePolicy, ...) exactly as the queue package normalised them.
	Attributes map[string]string
	Tags       map[string]string
	CreatedAt  time.Time
	ModifiedAt time.Time
	// PurgedAt is the time of the last purge, zero if never purged.
	PurgedAt time.Time
}

// QueueCreateParams are the inputs of QueueCreate.
type QueueCreateParams struct {
	Ref        QueueRef
	FIFO       bool
	Attributes map[string]string
	Tags       map[string]string
	Now        time.Time
}

// QueueListParams are the inputs of QueueList.
type QueueListParams struct {
	Account string
	Prefix  string
	After   string
	Limit   int
}

// QueueUpdateParams are the inputs of QueueUpdate. SetAttributes are merged
// into the stored attributes, an empty value removing the attribute;
// SetTags are merged into the tags, an empty value being a value (as in
// TagQueue), and RemoveTags removes tags.
type QueueUpdateParams struct {
	Ref           QueueRef
	SetAttributes map[string]string
	SetTags       map[string]string
	RemoveTags    []string
	Now           time.Time
}

// QueuePurgeParams are the inputs of QueuePurge.
type QueuePurgeParams struct {
	Ref         QueueRef
	Now         time.Time
	MinInterval time.Duration
}

// QueueStats counts messages by state.
type QueueStats struct {
	Visible  int64
	InFlight int64
	Delayed  int64
	// OldestSentAt is the send time of the oldest stored message, zero when
	// the queue is empty.
	OldestSentAt time.Time
}

// MessageAttribute is a user message attribute. Binary values are raw bytes.
type MessageAttribute struct {
	DataType    string
	StringValue string
	BinaryValue []byte
}

// Message is a stored message. The semantics layer fills the fields a sender
// determines; the store fills SentAt, SequenceNumber, receive bookkeeping and
// ReceiptHandle.
type Message struct {
	ID                    string
	Body                  string
	Attributes            map[string]MessageAttribute
	TraceHeader           string // the AWSTraceHeader system attribute
	MD5OfBody             string
	MD5OfAttributes       string // empty when there are no attributes
	MD5OfSystemAttributes string // empty when there is no trace header
	SenderID              string
	GroupID               string
	DedupID               string
	SentAt                time.Time
	// SequenceNumber is set on FIFO queues: decimal, increasing per queue.
	SequenceNumber  string
	ReceiveCount    int
	FirstReceivedAt time.Time // zero until first received
	// DeadLetterSource is the queue a message was moved from by a redrive
	// policy; zero otherwise.
	DeadLetterSource QueueRef
	// ReceiptHandle is set on messages returned by MessageReceive.
	ReceiptHandle string
}

// MessageSendParams are the inputs of MessageSend.
type MessageSendParams struct {
	Queue   QueueRef
	Now     time.Time
	Entries []MessageSendEntry
	// DedupWindow is how long a FIFO deduplication id suppresses later sends
	// with the same id (zero on standard queues: no deduplication).
	DedupWindow time.Duration
	// DedupPerGroup scopes deduplication ids to their message group
	// (DeduplicationScope=messageGroup) instead of the whole queue.
	DedupPerGroup bool
}

// MessageSendEntry is one message to send.
type MessageSendEntry struct {
	Message *Message
	Delay   time.Duration
}

// MessageSendResult reports one sent entry.
type MessageSendResult struct {
	// ID is the message id; for a deduplicated send, the id of the message
	// that was accepted first.
	ID             string
	SequenceNumber string
	// Duplicate is true when the send was suppressed by deduplication.
	Duplicate bool
}

// MessageReceiveParams are the inputs of MessageReceive.
//
// On FIFO queues messages come in sequence order within a message group, and
// a group with a message in flight yields nothing until that message is
// deleted or becomes visible again; other groups are served meanwhile. One
// receive may return several messages of the same group, in order.
type MessageReceiveParams struct {
	Queue             QueueRef
	Now               time.Time
	Max               int
	VisibilityTimeout time.Duration
	// AttemptID is a FIFO ReceiveRequestAttemptId: a repeat within
	// AttemptWindow returns the same messages and receipt handles while they
	// are still in flight.
	AttemptID     string
	AttemptWindow time.Duration
	// Retention drops, instead of returning, messages sent more than
	// Retention before Now. Zero disables the check.
	Retention time.Duration
	// Redrive, when set, moves a message whose receive count has reached
	// MaxReceiveCount to the dead-letter queue instead of returning it, in
	// the same atomic step.
	Redrive *Redrive
	// InflightLimit caps the messages in flight. On a standard queue reaching
	// it gives ErrOverLimit; on a FIFO queue the receive returns nothing.
	// Zero means no limit.
	InflightLimit int
	// InflightCap also caps the messages in flight, on both queue types,
	// without an error: a receive takes at most the room left under it, and
	// none when there is no room. Zero means no cap.
	InflightCap int
}

// Redrive names a dead-letter queue and the receive count that sends a
// message there.
type Redrive struct {
	DeadLetterQueue QueueRef
	MaxReceiveCount int
}

// MessageReceiveResult is the output of MessageReceive.
type MessageReceiveResult struct {
	Messages []*Message
	// NextVisibleAt is the earliest future time at which a message may become
	// visible (a delay or visibility deadline ending); zero when none is
	// known. Long polls use it to wake up.
	NextVisibleAt time.Time
	// DeadLettered counts messages moved to the dead-letter queue.
	DeadLettered int
	// InflightCapped is true when InflightCap left room for fewer than Max
	// messages.
	InflightCapped bool
}

// MessageDeleteParams are the inputs of MessageDelete.
type MessageDeleteParams struct {
	Queue          QueueRef
	Now            time.Time
	ReceiptHandles []string
}

// MessageChangeVisibilityParams are the inputs of MessageChangeVisibility.
type MessageChangeVisibilityParams struct {
	Queue   QueueRef
	Now     time.Time
	Entries []VisibilityChange
}

// VisibilityChange sets a message's visibility deadline to Now+Timeout.
type VisibilityChange struct {
	ReceiptHandle string
	Timeout       time.Duration
}

// MessageMoveParams are the inputs of MessageMove.
type MessageMoveParams struct {
	Source QueueRef
	// Destination is the target queue; when nil each message goes back to
	// its DeadLetterSource (messages without one are left in place).
	Destination *QueueRef
	Now         time.Time
	Max         int
}

// MessageMoveResult is the output of MessageMove.
type MessageMoveResult struct {
	Moved int
	// Remaining counts the messages still stored in Source after the move.
	Remaining int64
	// Destinations lists the queues that received messages.
	Destinations []QueueRef
}

// MessageExpireParams are the inputs of MessageExpire.
type MessageExpireParams struct {
	Queue     QueueRef
	Now       time.Time
	Retention time.Duration
	Max       int
}

// MessageState is where a stored message stands at a given time.
type MessageState uint8

// Message states, as MessagePeek reports them.
const (
	// MessageVisible: receivable now.
	MessageVisible MessageState = iota + 1
	// MessageInFlight: received, its visibility deadline not yet passed.
	MessageInFlight
	// MessageDelayed: never visible yet, its delay not yet over.
	MessageDelayed
)

// String names the state: visible, in_flight or delayed.
func (s MessageState) String() string {
	switch s {
	case MessageVisible:
		return "visible"
	case MessageInFlight:
		return "in_flight"
	case MessageDelayed:
		return "delayed"
	}
	return "unknown"
}

// MessagePeekParams are the inputs of MessagePeek.
type MessagePeekParams struct {
	Queue QueueRef
	Now   time.Time
	// States selects the states returned; none selects every state.
	States []MessageState
	// After is the Next of a previous call, empty to start at the oldest
	// message.
	After string
	// Max bounds the messages returned; at least 1.
	Max int
}

// PeekedMessage is one message MessagePeek returned.
type PeekedMessage struct {
	// Message is the message as MessageReceive would return it (receive
	// count, first receive time, FIFO sequence number) but without a
	// receipt handle.
	Message *Message
	State   MessageState
	// VisibleAt is when a delayed or in-flight message becomes visible;
	// zero for a visible one.
	VisibleAt time.Time
	// Key names the message to MessageRemove. It is opaque to callers.
	Key string
}

// MessagePeekResult is the output of MessagePeek.
type MessagePeekResult struct {
	Messages []PeekedMessage
	// Next, when not empty, is where a further call goes on: more messages
	// may follow. It is empty once the queue was examined to its end.
	Next string
}

// MessageRemoveParams are the inputs of MessageRemove.
type MessageRemoveParams struct {
	Queue QueueRef
	Now   time.Time
	// Keys are Keys of PeekedMessages of this queue.
	Keys []string
}
