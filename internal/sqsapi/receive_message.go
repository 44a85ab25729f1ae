package sqsapi

import (
	"context"
	"strconv"
	"time"

	"github.com/sluicemq/sluice/internal/queue"
)

// ReceiveMessageInput is the input of ReceiveMessage. AttributeNames is the
// older name of MessageSystemAttributeNames; both are honoured.
type ReceiveMessageInput struct {
	QueueURL                    string   `json:"QueueUrl" query:"QueueUrl"`
	AttributeNames              []string `json:"AttributeNames,omitempty" query:"AttributeName"`
	MessageSystemAttributeNames []string `json:"MessageSystemAttributeNames,omitempty" query:"MessageSystemAttributeName"`
	MessageAttributeNames       []string `json:"MessageAttributeNames,omitempty" query:"MessageAttributeName"`
	MaxNumberOfMessages         *int     `json:"MaxNumberOfMessages,omitempty" query:"MaxNumberOfMessages"`
	VisibilityTimeout           *int     `json:"VisibilityTimeout,omitempty" query:"VisibilityTimeout"`
	WaitTimeSeconds             *int     `json:"WaitTimeSeconds,omitempty" query:"WaitTimeSeconds"`
	ReceiveRequestAttemptID     string   `json:"ReceiveRequestAttemptId,omitempty" query:"ReceiveRequestAttemptId"`
}

// ReceiveMessageOutput is the output of ReceiveMessage.
type ReceiveMessageOutput struct {
	Messages []Message `json:"Messages,omitempty" query:"Message"`
}

// ReceiveMessage receives messages from a queue, returning of each message
// the system and user attributes the request names.
func (a *API) ReceiveMessage(ctx context.Context, in *ReceiveMessageInput) (*ReceiveMessageOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	msgs, err := a.svc.ReceiveMessage(ctx, &queue.ReceiveMessageParams{
		Queue:                   ref,
		MaxNumberOfMessages:     in.MaxNumberOfMessages,
		WaitTimeSeconds:         in.WaitTimeSeconds,
		VisibilityTimeout:       in.VisibilityTimeout,
		ReceiveRequestAttemptID: in.ReceiveRequestAttemptID,
	})
	if err != nil {
		return nil, err
	}
	sys := newNameSet(in.AttributeNames, in.MessageSystemAttributeNames)
	user := newAttributeFilter(in.MessageAttributeNames)
	out := &ReceiveMessageOutput{}
	for _, m := range msgs {
		out.Messages = append(out.Messages, a.wireMessage(m, sys, user))
	}
	return out, nil
}

// wireMessage renders a received message with the selected attributes.
func (a *API) wireMessage(m *queue.Message, sys nameSet, user attributeFilter) Message {
	out := Message{
		MessageID:     m.ID,
		ReceiptHandle: m.ReceiptHandle,
		MD5OfBody:     m.MD5OfBody,
		Body:          m.Body,
		Attributes:    a.systemAttributes(m, sys),
	}
	attrs, all := user.apply(m.Attributes)
	if len(attrs) == 0 {
		return out
	}
	out.MessageAttributes = make(map[string]MessageAttributeValue, len(attrs))
	for name, v := range attrs {
		out.MessageAttributes[name] = MessageAttributeValue{DataType: v.DataType, StringValue: v.StringValue, BinaryValue: v.BinaryValue}
	}
	out.MD5OfMessageAttributes = m.MD5OfAttributes
	if !all || out.MD5OfMessageAttributes == "" {
		out.MD5OfMessageAttributes = md5OfAttributes(attrs)
	}
	return out
}

// systemAttributes returns the system attributes of m that sys selects;
// nil when none.
func (a *API) systemAttributes(m *queue.Message, sys nameSet) map[string]string {
	if sys.empty() {
		return nil
	}
	attrs := map[string]string{
		"SenderId":                         m.SenderID,
		"SentTimestamp":                    epochMillis(m.SentAt),
		"ApproximateReceiveCount":          strconv.Itoa(m.ReceiveCount),
		"ApproximateFirstReceiveTimestamp": epochMillis(m.FirstReceivedAt),
		"SequenceNumber":                   m.SequenceNumber,
		"MessageDeduplicationId":           m.DedupID,
		"MessageGroupId":                   m.GroupID,
		"AWSTraceHeader":                   m.TraceHeader,
	}
	if m.DeadLetterSource.Name != "" {
		attrs["DeadLetterQueueSourceArn"] = a.svc.QueueArn(m.DeadLetterSource)
	}
	for name, v := range attrs {
		if v == "" || !sys.has(name) {
			delete(attrs, name)
		}
	}
	if len(attrs) == 0 {
		return nil
	}
	return attrs
}

// epochMillis formats t as epoch milliseconds; empty for the zero time.
func epochMillis(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// nameSet is a set of attribute names where "All" selects every name.
type nameSet map[string]bool

func newNameSet(lists ...[]string) nameSet {
	set := nameSet{}
	for _, list := range lists {
		for _, name := range list {
			set[name] = true
		}
	}
	return set
}

func (s nameSet) empty() bool          { return len(s) == 0 }
func (s nameSet) has(name string) bool { return s["All"] || s[name] }
