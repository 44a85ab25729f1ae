package worker

import (
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// Message is one received message.
type Message struct {
	// ID is the MessageId SQS assigned.
	ID string
	// Body is the message body.
	Body string
	// ReceiptHandle identifies this receive of the message.
	ReceiptHandle string
	// ReceiveCount is ApproximateReceiveCount: 1 on the first delivery.
	ReceiveCount int
	// SentAt is when the message was sent (SentTimestamp).
	SentAt time.Time
	// GroupID is the MessageGroupId of a FIFO queue's message, else empty.
	GroupID string
	// Attributes are the system attributes (ApproximateReceiveCount,
	// SentTimestamp, MessageGroupId, ...).
	Attributes map[string]string
	// MessageAttributes are the attributes the sender set.
	MessageAttributes map[string]types.MessageAttributeValue
}

// newMessage reads a received message.
func newMessage(m types.Message) *Message {
	msg := &Message{
		Attributes:        m.Attributes,
		MessageAttributes: m.MessageAttributes,
		GroupID:           m.Attributes[string(types.MessageSystemAttributeNameMessageGroupId)],
	}
	if m.MessageId != nil {
		msg.ID = *m.MessageId
	}
	if m.Body != nil {
		msg.Body = *m.Body
	}
	if m.ReceiptHandle != nil {
		msg.ReceiptHandle = *m.ReceiptHandle
	}
	msg.ReceiveCount, _ = strconv.Atoi(m.Attributes[string(types.MessageSystemAttributeNameApproximateReceiveCount)])
	if ms, err := strconv.ParseInt(m.Attributes[string(types.MessageSystemAttributeNameSentTimestamp)], 10, 64); err == nil {
		msg.SentAt = time.UnixMilli(ms)
	}
	return msg
}
