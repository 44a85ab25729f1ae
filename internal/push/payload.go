package push

import (
	"strconv"
	"time"

	"github.com/sluicemq/sluice/internal/queue"
)

// Payload is the JSON body of a delivery.
type Payload struct {
	Queue        string `json:"queue"`
	MessageID    string `json:"message_id"`
	Body         string `json:"body"`
	ReceiveCount int    `json:"receive_count"`
	// SentAt is when the message was sent, RFC 3339 with nanoseconds.
	SentAt time.Time `json:"sent_at"`
	// GroupID is the MessageGroupId of a FIFO queue's message.
	GroupID string `json:"group_id,omitempty"`
	// Attributes are the system attributes as ReceiveMessage names them.
	Attributes map[string]string `json:"attributes"`
	// MessageAttributes are the sender's attributes.
	MessageAttributes map[string]PayloadAttribute `json:"message_attributes,omitempty"`
}

// PayloadAttribute is one message attribute; BinaryValue is base64 in JSON.
type PayloadAttribute struct {
	DataType    string `json:"data_type"`
	StringValue string `json:"string_value,omitempty"`
	BinaryValue []byte `json:"binary_value,omitempty"`
}

// payloadOf describes m for its endpoint.
func payloadOf(ref queue.QueueRef, m *queue.Message) Payload {
	p := Payload{Queue: ref.Name, MessageID: m.ID, Body: m.Body, ReceiveCount: m.ReceiveCount,
		SentAt: m.SentAt.UTC(), GroupID: m.GroupID, Attributes: map[string]string{
			"ApproximateReceiveCount": strconv.Itoa(m.ReceiveCount),
			"SentTimestamp":           strconv.FormatInt(m.SentAt.UnixMilli(), 10),
		}}
	if !m.FirstReceivedAt.IsZero() {
		p.Attributes["ApproximateFirstReceiveTimestamp"] = strconv.FormatInt(m.FirstReceivedAt.UnixMilli(), 10)
	}
	if m.GroupID != "" {
		p.Attributes["MessageGroupId"] = m.GroupID
		p.Attributes["SequenceNumber"] = m.SequenceNumber
	}
	if len(m.Attributes) > 0 {
		p.MessageAttributes = make(map[string]PayloadAttribute, len(m.Attributes))
		for name, a := range m.Attributes {
			p.MessageAttributes[name] = PayloadAttribute{DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue}
		}
	}
	return p
}
