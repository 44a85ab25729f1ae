package sqsapi

import (
	"context"
	"fmt"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/queue"
)

// SendMessageBatchInput is the input of SendMessageBatch.
type SendMessageBatchInput struct {
	QueueURL string                         `json:"QueueUrl" query:"QueueUrl"`
	Entries  []SendMessageBatchRequestEntry `json:"Entries,omitempty" query:"SendMessageBatchRequestEntry"`
}

// SendMessageBatchRequestEntry is one message to send.
type SendMessageBatchRequestEntry struct {
	ID                      string                           `json:"Id" query:"Id"`
	MessageBody             string                           `json:"MessageBody" query:"MessageBody"`
	DelaySeconds            *int                             `json:"DelaySeconds,omitempty" query:"DelaySeconds"`
	MessageAttributes       map[string]MessageAttributeValue `json:"MessageAttributes,omitempty" query:"MessageAttribute,map=Name/Value"`
	MessageSystemAttributes map[string]MessageAttributeValue `json:"MessageSystemAttributes,omitempty" query:"MessageSystemAttribute,map=Name/Value"`
	MessageDeduplicationID  string                           `json:"MessageDeduplicationId,omitempty" query:"MessageDeduplicationId"`
	MessageGroupID          string                           `json:"MessageGroupId,omitempty" query:"MessageGroupId"`
}

// SendMessageBatchOutput is the output of SendMessageBatch.
type SendMessageBatchOutput struct {
	Successful []SendMessageBatchResultEntry `json:"Successful,omitempty" query:"SendMessageBatchResultEntry"`
	Failed     []BatchResultErrorEntry       `json:"Failed,omitempty" query:"BatchResultErrorEntry"`
}

// SendMessageBatchResultEntry reports a sent entry.
type SendMessageBatchResultEntry struct {
	ID                           string `json:"Id" query:"Id"`
	MessageID                    string `json:"MessageId" query:"MessageId"`
	MD5OfMessageBody             string `json:"MD5OfMessageBody" query:"MD5OfMessageBody"`
	MD5OfMessageAttributes       string `json:"MD5OfMessageAttributes,omitempty" query:"MD5OfMessageAttributes"`
	MD5OfMessageSystemAttributes string `json:"MD5OfMessageSystemAttributes,omitempty" query:"MD5OfMessageSystemAttributes"`
	SequenceNumber               string `json:"SequenceNumber,omitempty" query:"SequenceNumber"`
}

// SendMessageBatch sends up to ten messages to a queue, reporting each
// entry's outcome.
func (a *API) SendMessageBatch(ctx context.Context, in *SendMessageBatchInput) (*SendMessageBatchOutput, error) {
	ref, err := a.resolveQueue(ctx, in.QueueURL)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.ID
	}
	if err := checkBatch("SendMessageBatchRequestEntry", ids); err != nil {
		return nil, err
	}
	out := &SendMessageBatchOutput{}
	var entries []queue.SendMessageEntry
	for i, e := range in.Entries {
		if e.MessageBody == "" {
			name := fmt.Sprintf("SendMessageBatchRequestEntry.%d.MessageBody", i+1)
			out.Failed = append(out.Failed, a.batchFailure(e.ID, missingParameter(name)))
			continue
		}
		entries = append(entries, toSendEntry(e))
	}
	if len(entries) == 0 {
		return out, nil
	}
	results, err := a.svc.SendMessageBatch(ctx, &queue.SendMessageBatchParams{
		Queue:    ref,
		SenderID: awsproto.RequestFrom(ctx).Account,
		Entries:  entries,
	})
	if err != nil {
		return nil, err
	}
	for _, r := range results {
		if r.Err != nil || r.Result == nil {
			out.Failed = append(out.Failed, a.batchFailure(r.ID, r.Err))
			continue
		}
		out.Successful = append(out.Successful, SendMessageBatchResultEntry{
			ID:                           r.ID,
			MessageID:                    r.Result.MessageID,
			MD5OfMessageBody:             r.Result.MD5OfMessageBody,
			MD5OfMessageAttributes:       r.Result.MD5OfMessageAttributes,
			MD5OfMessageSystemAttributes: r.Result.MD5OfMessageSystemAttributes,
			SequenceNumber:               r.Result.SequenceNumber,
		})
	}
	return out, nil
}

func toSendEntry(e SendMessageBatchRequestEntry) queue.SendMessageEntry {
	return queue.SendMessageEntry{
		ID:               e.ID,
		Body:             e.MessageBody,
		DelaySeconds:     e.DelaySeconds,
		Attributes:       toQueueAttributes(e.MessageAttributes),
		SystemAttributes: toQueueAttributes(e.MessageSystemAttributes),
		GroupID:          e.MessageGroupID,
		DedupID:          e.MessageDeduplicationID,
	}
}
