package sqsapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/queue"
)

// SendMessageInput is the input of SendMessage.
type SendMessageInput struct {
	QueueURL          string                           `json:"QueueUrl" query:"QueueUrl"`
	MessageBody       string                           `json:"MessageBody" query:"MessageBody"`
	DelaySeconds      *int                             `json:"DelaySeconds,omitempty" query:"DelaySeconds"`
	MessageAttributes map[string]MessageAttributeValue `json:"MessageAttributes,omitempty" query:"MessageAttribute,map=Name/Value"`
	// MessageSystemAttributes may hold only AWSTraceHeader.
	MessageSystemAttributes map[string]MessageAttributeValue `json:"MessageSystemAttributes,omitempty" query:"MessageSystemAttribute,map=Name/Value"`
	MessageDeduplicationID  string                           `json:"MessageDeduplicationId,omitempty" query:"MessageDeduplicationId"`
	MessageGroupID          string                           `json:"MessageGroupId,omitempty" query:"MessageGroupId"`
}

// SendMessageOutput is the output of SendMessage.
type SendMessageOutput struct {
	MD5OfMessageBody             string `json:"MD5OfMessageBody,omitempty" query:"MD5OfMessageBody"`
	MD5OfMessageAttributes       string `json:"MD5OfMessageAttributes,omitempty" query:"MD5OfMessageAttributes"`
	MD5OfMessageSystemAttributes string `json:"MD5OfMessageSystemAttributes,omitempty" query:"MD5OfMessageSystemAttributes"`
	MessageID                    string `json:"MessageId,omitempty" query:"MessageId"`
	SequenceNumber               string `json:"SequenceNumber,omitempty" query:"SequenceNumber"`
}

// SendMessage sends a message to a queue.
func (a *API) SendMessage(ctx context.Context, in *SendMessageInput) (*SendMessageOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	if err := require(param{"MessageBody", in.MessageBody != ""}); err != nil {
		return nil, err
	}
	res, err := a.svc.SendMessage(ctx, &queue.SendMessageParams{
		Queue:    ref,
		SenderID: awsproto.RequestFrom(ctx).Account,
		Entry: queue.SendMessageEntry{
			Body:             in.MessageBody,
			DelaySeconds:     in.DelaySeconds,
			Attributes:       toQueueAttributes(in.MessageAttributes),
			SystemAttributes: toQueueAttributes(in.MessageSystemAttributes),
			GroupID:          in.MessageGroupID,
			DedupID:          in.MessageDeduplicationID,
		},
	})
	if err != nil {
		return nil, err
	}
	return &SendMessageOutput{
		MD5OfMessageBody:             res.MD5OfMessageBody,
		MD5OfMessageAttributes:       res.MD5OfMessageAttributes,
		MD5OfMessageSystemAttributes: res.MD5OfMessageSystemAttributes,
		MessageID:                    res.MessageID,
		SequenceNumber:               res.SequenceNumber,
	}, nil
}

// toQueueAttributes converts wire message attributes; nil when there are
// none. The list values AWS reserves for future use are not carried.
func toQueueAttributes(attrs map[string]MessageAttributeValue) map[string]queue.MessageAttribute {
	if len(attrs) == 0 {
		return nil
	}
	out := make(map[string]queue.MessageAttribute, len(attrs))
	for name, v := range attrs {
		out[name] = queue.MessageAttribute{DataType: v.DataType, StringValue: v.StringValue, BinaryValue: v.BinaryValue}
	}
	return out
}
