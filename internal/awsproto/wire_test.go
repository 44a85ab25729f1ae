package awsproto_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"

	"github.com/sluicemq/sluice/internal/awsproto"
)

// A small SQS-shaped test API: wire structs with both protocols' tags and
// handlers that echo what they decoded, so a test sees both directions.

type attributeValue struct {
	StringValue string `json:"StringValue,omitempty" query:"StringValue"`
	BinaryValue []byte `json:"BinaryValue,omitempty" query:"BinaryValue"`
	DataType    string `json:"DataType" query:"DataType"`
}

type batchEntry struct {
	ID                string                    `json:"Id" query:"Id"`
	MessageBody       string                    `json:"MessageBody" query:"MessageBody"`
	DelaySeconds      *int                      `json:"DelaySeconds,omitempty" query:"DelaySeconds"`
	MessageAttributes map[string]attributeValue `json:"MessageAttributes,omitempty" query:"MessageAttribute,map=Name/Value"`
}

type sendBatchInput struct {
	QueueURL string       `json:"QueueUrl" query:"QueueUrl"`
	Entries  []batchEntry `json:"Entries,omitempty" query:"SendMessageBatchRequestEntry"`
}

type batchResultEntry struct {
	ID               string `json:"Id" query:"Id"`
	MessageID        string `json:"MessageId" query:"MessageId"`
	MD5OfMessageBody string `json:"MD5OfMessageBody" query:"MD5OfMessageBody"`
}

type batchErrorEntry struct {
	ID          string `json:"Id" query:"Id"`
	SenderFault bool   `json:"SenderFault" query:"SenderFault"`
	Code        string `json:"Code" query:"Code"`
	Message     string `json:"Message,omitempty" query:"Message"`
}

type sendBatchOutput struct {
	Successful []batchResultEntry `json:"Successful,omitempty" query:"SendMessageBatchResultEntry"`
	Failed     []batchErrorEntry  `json:"Failed,omitempty" query:"BatchResultErrorEntry"`
}

type receiveInput struct {
	QueueURL              string   `json:"QueueUrl" query:"QueueUrl"`
	MaxNumberOfMessages   *int     `json:"MaxNumberOfMessages,omitempty" query:"MaxNumberOfMessages"`
	MessageAttributeNames []string `json:"MessageAttributeNames,omitempty" query:"MessageAttributeName"`
}

type message struct {
	MessageID         string                    `json:"MessageId,omitempty" query:"MessageId"`
	ReceiptHandle     string                    `json:"ReceiptHandle,omitempty" query:"ReceiptHandle"`
	MD5OfBody         string                    `json:"MD5OfBody,omitempty" query:"MD5OfBody"`
	Body              string                    `json:"Body,omitempty" query:"Body"`
	Attributes        map[string]string         `json:"Attributes,omitempty" query:"Attribute,map=Name/Value"`
	MessageAttributes map[string]attributeValue `json:"MessageAttributes,omitempty" query:"MessageAttribute,map=Name/Value"`
}

type receiveOutput struct {
	Messages []message `json:"Messages,omitempty" query:"Message"`
}

type getAttributesInput struct {
	QueueURL       string   `json:"QueueUrl" query:"QueueUrl"`
	AttributeNames []string `json:"AttributeNames,omitempty" query:"AttributeName"`
}

type getAttributesOutput struct {
	Attributes map[string]string `json:"Attributes,omitempty" query:"Attribute,map=Name/Value"`
}

type failInput struct {
	Kind string `json:"Kind" query:"Kind"`
}

type emptyOutput struct{}

type badOutput struct {
	C chan int `json:"C" query:"C"`
}

// errDomain stands for a semantics-layer sentinel the API's table maps.
var errDomain = errors.New("queue: does not exist")

var queueDoesNotExist = awsproto.ErrorSpec{Type: "QueueDoesNotExist",
	QueryCode: "AWS.SimpleQueueService.NonExistentQueue", Status: 400, Fault: awsproto.Sender}

// errorTable is the test API's error table.
func errorTable(err error) *awsproto.Error {
	if errors.Is(err, errDomain) {
		return queueDoesNotExist.New("The specified queue does not exist.")
	}
	return nil
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func sendBatch(_ context.Context, in *sendBatchInput) (*sendBatchOutput, error) {
	out := &sendBatchOutput{}
	for _, e := range in.Entries {
		if e.MessageBody == "" {
			out.Failed = append(out.Failed, batchErrorEntry{ID: e.ID, SenderFault: true, Code: "MissingParameter"})
			continue
		}
		out.Successful = append(out.Successful, batchResultEntry{ID: e.ID, MessageID: "id-" + e.ID,
			MD5OfMessageBody: md5Hex(e.MessageBody)})
	}
	return out, nil
}

func receive(_ context.Context, in *receiveInput) (*receiveOutput, error) {
	n := 1
	if in.MaxNumberOfMessages != nil {
		n = *in.MaxNumberOfMessages
	}
	out := &receiveOutput{}
	for i := range n {
		body := fmt.Sprintf("<body %d & \"more\">", i)
		out.Messages = append(out.Messages, message{MessageID: fmt.Sprint("m", i), ReceiptHandle: "rh+/=",
			MD5OfBody: md5Hex(body), Body: body, Attributes: map[string]string{"SentTimestamp": "1700000000000"},
			MessageAttributes: map[string]attributeValue{"bin": {DataType: "Binary", BinaryValue: []byte{0, 255}}}})
	}
	return out, nil
}

// getAttributes answers with what the handler knows of its request.
func getAttributes(ctx context.Context, in *getAttributesInput) (*getAttributesOutput, error) {
	r := awsproto.RequestFrom(ctx)
	all := map[string]string{"Account": r.Account, "Region": r.Region, "Host": r.Host, "Scheme": r.Scheme,
		"Path": r.Path, "RequestId": r.ID, "QueueUrl": in.QueueURL}
	names := append([]string(nil), in.AttributeNames...)
	sort.Strings(names)
	out := &getAttributesOutput{Attributes: map[string]string{}}
	for _, name := range names {
		out.Attributes[name] = all[name]
	}
	return out, nil
}

func fail(_ context.Context, in *failInput) (*emptyOutput, error) {
	switch in.Kind {
	case "aws":
		return nil, awsproto.ErrorSpec{Type: "OverLimit", QueryCode: "OverLimit", Status: 403,
			Fault: awsproto.Sender}.New("Too many <in flight> & more.")
	case "qualified":
		return nil, awsproto.ErrorSpec{Type: "com.amazon.coral.service#AccessDeniedException",
			QueryCode: "AccessDenied", Status: 403}.New("denied")
	case "domain":
		return nil, fmt.Errorf("get queue: %w", errDomain)
	case "panic":
		panic("handler bug")
	}
	return nil, errors.New("disk on fire")
}

func deleteMessage(context.Context, *failInput) (*emptyOutput, error) { return nil, nil }

func badEncode(context.Context, *failInput) (*badOutput, error) {
	return &badOutput{C: make(chan int)}, nil
}

var testOperations = []awsproto.Operation{
	awsproto.Op("DeleteMessage", deleteMessage),
	awsproto.Op("Fail", fail),
	awsproto.Op("GetQueueAttributes", getAttributes),
	awsproto.Op("BadEncode", badEncode),
	awsproto.Op("ReceiveMessage", receive),
	awsproto.Op("SendMessageBatch", sendBatch),
}

const queryNamespace = "http://queue.amazonaws.com/doc/2012-11-05/"

func testConfig() awsproto.RouterConfig {
	return awsproto.RouterConfig{
		Operations:     testOperations,
		Error:          errorTable,
		TargetPrefix:   "AmazonSQS",
		JSONVersion:    "1.0",
		ErrorNamespace: "com.amazonaws.sqs#",
		QueryNamespace: queryNamespace,
		QueryVersion:   "2012-11-05",
		MaxBodyBytes:   64 << 10,
	}
}
