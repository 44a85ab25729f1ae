package admin

import "time"

// The JSON documents of the admin API, shared with the admin CLI.

// Session is what GET and POST session answer.
type Session struct {
	// AuthRequired is true when credentials are configured: every other
	// request needs a signed-in session.
	AuthRequired bool `json:"auth_required"`
	// SignedIn is true when requests may go ahead: always without
	// credentials, with them once signed in.
	SignedIn bool `json:"signed_in"`
	// Account is the signed-in account; empty without credentials, where
	// every account is visible.
	Account string `json:"account,omitempty"`
	// CSRF is the token every state-changing request sends in the
	// X-Sluice-CSRF header.
	CSRF string `json:"csrf,omitempty"`
}

// SignIn is the body of POST session.
type SignIn struct {
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
}

// Error is the body of every answer that is not 2xx.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ErrorBody wraps Error as answers carry it.
type ErrorBody struct {
	Error Error `json:"error"`
}

// QueueName names a queue of an account.
type QueueName struct {
	Account string `json:"account"`
	Name    string `json:"name"`
}

// DeadLetterQueue is a queue's dead-letter queue and its depth.
type DeadLetterQueue struct {
	QueueName
	// Depth counts its messages; -1 when the queue does not exist.
	Depth int64 `json:"depth"`
}

// QueueSummary is one queue as the list shows it.
type QueueSummary struct {
	QueueName
	URL      string `json:"url"`
	FIFO     bool   `json:"fifo"`
	Visible  int64  `json:"visible"`
	InFlight int64  `json:"in_flight"`
	Delayed  int64  `json:"delayed"`
	// OldestAgeSeconds is the age of the oldest message, 0 when empty.
	OldestAgeSeconds float64          `json:"oldest_age_seconds"`
	DeadLetterQueue  *DeadLetterQueue `json:"dead_letter_queue,omitempty"`
	// InRate, ReceiveRate and OutRate are messages sent, received and
	// deleted per second over the last 10 s.
	InRate      float64 `json:"in_rate"`
	ReceiveRate float64 `json:"receive_rate"`
	OutRate     float64 `json:"out_rate"`
	// DeliveryRate is the SluiceDeliveryRate, empty when not set.
	DeliveryRate string `json:"delivery_rate,omitempty"`
	// SparkIn and SparkOut are the sends and deletes of each of the last
	// 60 seconds, oldest first.
	SparkIn  []uint32 `json:"spark_in"`
	SparkOut []uint32 `json:"spark_out"`
}

// QueueList is the answer of GET queues.
type QueueList struct {
	Queues []QueueSummary `json:"queues"`
}

// QueueDetail is the answer of GET queues/{account}/{name}.
type QueueDetail struct {
	QueueSummary
	// Attributes are every attribute, as GetQueueAttributes All gives them.
	Attributes map[string]string `json:"attributes"`
	Tags       map[string]string `json:"tags,omitempty"`
	// DeadLetterSources are the queues whose dead-letter queue this is.
	DeadLetterSources []QueueName `json:"dead_letter_sources,omitempty"`
}

// CreateQueue is the body of POST queues.
type CreateQueue struct {
	// Account is the owner; only without credentials may it differ from
	// the signed-in account (default 000000000000).
	Account    string            `json:"account,omitempty"`
	Name       string            `json:"name"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
}

// SetAttributes is the body of PUT queues/{account}/{name}/attributes.
type SetAttributes struct {
	Attributes map[string]string `json:"attributes"`
}

// MessageAttribute is a message attribute; a binary value is base64 in
// JSON.
type MessageAttribute struct {
	DataType    string `json:"data_type"`
	StringValue string `json:"string_value,omitempty"`
	BinaryValue []byte `json:"binary_value,omitempty"`
}

// Message is one message a peek returned.
type Message struct {
	// Key names the message to DELETE queues/{account}/{name}/messages/{key}.
	Key       string `json:"key"`
	MessageID string `json:"message_id"`
	Body      string `json:"body"`
	// State is visible, in_flight or delayed.
	State        string    `json:"state"`
	ReceiveCount int       `json:"receive_count"`
	SentAt       time.Time `json:"sent_at"`
	// FirstReceivedAt and VisibleAt are set when they apply.
	FirstReceivedAt *time.Time                  `json:"first_received_at,omitempty"`
	VisibleAt       *time.Time                  `json:"visible_at,omitempty"`
	GroupID         string                      `json:"group_id,omitempty"`
	DedupID         string                      `json:"dedup_id,omitempty"`
	SequenceNumber  string                      `json:"sequence_number,omitempty"`
	Attributes      map[string]MessageAttribute `json:"attributes,omitempty"`
	// DeadLetterSource is the queue the message was dead-lettered from.
	DeadLetterSource string `json:"dead_letter_source,omitempty"`
}

// Peek is the answer of GET queues/{account}/{name}/messages.
type Peek struct {
	// Queue is the queue peeked: the named one, or its dead-letter queue.
	Queue    QueueName `json:"queue"`
	Messages []Message `json:"messages"`
	// Next, when not empty, is the after= of the next page.
	Next string `json:"next,omitempty"`
}

// Send is the body of POST queues/{account}/{name}/messages.
type Send struct {
	Body       string                      `json:"body"`
	Attributes map[string]MessageAttribute `json:"attributes,omitempty"`
	// DelaySeconds is 0..900; nil for the queue's delay.
	DelaySeconds *int   `json:"delay_seconds,omitempty"`
	GroupID      string `json:"group_id,omitempty"`
	// DedupID, sent with Repeat over 1, gets "-1", "-2" ... appended.
	DedupID string `json:"dedup_id,omitempty"`
	// Repeat sends the message this many times, 1..10000 (default 1).
	Repeat int `json:"repeat,omitempty"`
}

// SendResult is the answer of a send.
type SendResult struct {
	Sent int `json:"sent"`
	// MessageIDs are the ids of the first ten messages sent.
	MessageIDs []string `json:"message_ids"`
}

// Redrive is the body of POST queues/{account}/{name}/redrive: move the
// messages of this dead-letter queue.
type Redrive struct {
	// Destination is a queue of the same account; empty sends each
	// message back to the queue it came from.
	Destination string `json:"destination,omitempty"`
	// MaxPerSecond is 1..500; 0 for as fast as possible.
	MaxPerSecond int `json:"max_per_second,omitempty"`
}

// MoveTask is a redrive and its progress.
type MoveTask struct {
	TaskHandle    string    `json:"task_handle,omitempty"`
	Status        string    `json:"status"`
	Source        string    `json:"source_arn"`
	Destination   string    `json:"destination_arn,omitempty"`
	Moved         int64     `json:"moved"`
	ToMove        int64     `json:"to_move"`
	FailureReason string    `json:"failure_reason,omitempty"`
	StartedAt     time.Time `json:"started_at"`
}

// MoveTasks is the answer of GET queues/{account}/{name}/redrive.
type MoveTasks struct {
	Tasks []MoveTask `json:"tasks"`
}

// QueueHistory is the answer of GET queues/{account}/{name}/history:
// counts per step, oldest first.
type QueueHistory struct {
	Start       time.Time `json:"start"`
	StepSeconds int       `json:"step_seconds"`
	Sent        []uint32  `json:"sent"`
	Received    []uint32  `json:"received"`
	Deleted     []uint32  `json:"deleted"`
	// Backlog is the messages stored at the end of each step, estimated
	// back from the depth now with the counts (purges, expiries and moves
	// are not counted).
	Backlog []int64 `json:"backlog"`
	// DeliveryRate is the SluiceDeliveryRate, nil when not set.
	DeliveryRate *float64 `json:"delivery_rate"`
}

// StreamSummary is one stream as the list shows it.
type StreamSummary struct {
	Account        string `json:"account"`
	Name           string `json:"name"`
	Status         string `json:"status"`
	Mode           string `json:"mode"`
	OpenShards     int    `json:"open_shards"`
	RetentionHours int    `json:"retention_hours"`
	// InRate is records put per second over the last 10 s.
	InRate float64 `json:"in_rate"`
	// Spark is the records put in each of the last 60 seconds.
	Spark []uint32 `json:"spark"`
}

// StreamList is the answer of GET streams.
type StreamList struct {
	Streams []StreamSummary `json:"streams"`
}

// Shard is one shard of a stream.
type Shard struct {
	ID              string `json:"id"`
	Open            bool   `json:"open"`
	ParentShardID   string `json:"parent_shard_id,omitempty"`
	StartingHashKey string `json:"starting_hash_key"`
	EndingHashKey   string `json:"ending_hash_key"`
	// InRate is records put per second over the last 10 s.
	InRate float64  `json:"in_rate"`
	Spark  []uint32 `json:"spark"`
}

// StreamDetail is the answer of GET streams/{account}/{name}.
type StreamDetail struct {
	StreamSummary
	Shards []Shard `json:"shards"`
}

// Record is one record of a tail.
type Record struct {
	SequenceNumber string    `json:"sequence_number"`
	ArrivedAt      time.Time `json:"arrived_at"`
	PartitionKey   string    `json:"partition_key"`
	// Data is the data as text when it is UTF-8, else empty with Binary set.
	Data string `json:"data"`
	// DataBase64 is the data in base64, always.
	DataBase64 string `json:"data_base64"`
	Binary     bool   `json:"binary"`
}

// Records is the answer of GET streams/{account}/{name}/records.
type Records struct {
	Records []Record `json:"records"`
	// NextIterator continues the tail (iterator=); empty at the end of a
	// closed shard.
	NextIterator       string `json:"next_iterator,omitempty"`
	MillisBehindLatest int64  `json:"millis_behind_latest"`
}

// StreamHistory is the answer of GET streams/{account}/{name}/history.
type StreamHistory struct {
	Start       time.Time           `json:"start"`
	StepSeconds int                 `json:"step_seconds"`
	Incoming    []uint32            `json:"incoming"`
	Shards      map[string][]uint32 `json:"shards"`
}
