package query

// These tests hold the codec against the query protocol implementation of
// aws-sdk-go v1 (private/protocol/query): its form builder writes the
// requests Decode must read, and its XML unmarshaler must read what
// MarshalResponse and MarshalError write. The v1-style structs carry the
// SQS query model's member names as that SDK's code generator tags them.

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	"github.com/aws/aws-sdk-go/aws/awsutil"
	"github.com/aws/aws-sdk-go/aws/request"
	v1query "github.com/aws/aws-sdk-go/private/protocol/query"
	"github.com/aws/aws-sdk-go/private/protocol/query/queryutil"
	"github.com/aws/aws-sdk-go/private/protocol/xml/xmlutil"
)

type v1AttributeValue struct {
	_                struct{}  `type:"structure"`
	BinaryValue      []byte    `type:"blob"`
	DataType         *string   `type:"string"`
	StringListValues []*string `locationNameList:"StringListValue" type:"list" flattened:"true"`
	StringValue      *string   `type:"string"`
}

type v1BatchEntry struct {
	_                 struct{}                     `type:"structure"`
	DelaySeconds      *int64                       `type:"integer"`
	ID                *string                      `locationName:"Id" type:"string"`
	MessageAttributes map[string]*v1AttributeValue `locationName:"MessageAttribute" locationNameKey:"Name" locationNameValue:"Value" type:"map" flattened:"true"`
	MessageBody       *string                      `type:"string"`
	MessageGroupID    *string                      `locationName:"MessageGroupId" type:"string"`
}

type v1SendBatchInput struct {
	_        struct{}        `type:"structure"`
	Entries  []*v1BatchEntry `locationNameList:"SendMessageBatchRequestEntry" type:"list" flattened:"true"`
	QueueURL *string         `locationName:"QueueUrl" type:"string"`
}

type v1CreateQueueInput struct {
	_          struct{}           `type:"structure"`
	Attributes map[string]*string `locationName:"Attribute" locationNameKey:"Name" locationNameValue:"Value" type:"map" flattened:"true"`
	QueueName  *string            `type:"string"`
	Tags       map[string]*string `locationName:"Tag" locationNameKey:"Key" locationNameValue:"Value" type:"map" flattened:"true"`
}

type v1ReceiveInput struct {
	_                     struct{}  `type:"structure"`
	AttributeNames        []*string `locationNameList:"AttributeName" type:"list" flattened:"true"`
	MaxNumberOfMessages   *int64    `type:"integer"`
	MessageAttributeNames []*string `locationNameList:"MessageAttributeName" type:"list" flattened:"true"`
	QueueURL              *string   `locationName:"QueueUrl" type:"string"`
}

type v1Message struct {
	_                      struct{}                     `type:"structure"`
	Attributes             map[string]*string           `locationName:"Attribute" locationNameKey:"Name" locationNameValue:"Value" type:"map" flattened:"true"`
	Body                   *string                      `type:"string"`
	MD5OfBody              *string                      `type:"string"`
	MD5OfMessageAttributes *string                      `type:"string"`
	MessageAttributes      map[string]*v1AttributeValue `locationName:"MessageAttribute" locationNameKey:"Name" locationNameValue:"Value" type:"map" flattened:"true"`
	MessageID              *string                      `locationName:"MessageId" type:"string"`
	ReceiptHandle          *string                      `type:"string"`
}

type v1ReceiveOutput struct {
	_        struct{}     `type:"structure"`
	Messages []*v1Message `locationNameList:"Message" type:"list" flattened:"true"`
}

type v1ErrorEntry struct {
	_           struct{} `type:"structure"`
	Code        *string  `type:"string"`
	ID          *string  `locationName:"Id" type:"string"`
	Message     *string  `type:"string"`
	SenderFault *bool    `type:"boolean"`
}

type v1ResultEntry struct {
	_                struct{} `type:"structure"`
	ID               *string  `locationName:"Id" type:"string"`
	MD5OfMessageBody *string  `type:"string"`
	MessageID        *string  `locationName:"MessageId" type:"string"`
}

type v1SendBatchOutput struct {
	_          struct{}         `type:"structure"`
	Failed     []*v1ErrorEntry  `locationNameList:"BatchResultErrorEntry" type:"list" flattened:"true"`
	Successful []*v1ResultEntry `locationNameList:"SendMessageBatchResultEntry" type:"list" flattened:"true"`
}

type v1CancelOutput struct {
	_                                struct{} `type:"structure"`
	ApproximateNumberOfMessagesMoved *int64   `type:"long"`
}

func TestOracle_DecodeSDKForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		sdk  any
		into any
		want any
	}{
		{
			name: "SendMessageBatch",
			sdk: &v1SendBatchInput{QueueURL: aws.String("http://localhost:4566/000000000000/q"), Entries: []*v1BatchEntry{
				{ID: aws.String("1"), MessageBody: aws.String("a & b = c?"), DelaySeconds: aws.Int64(3),
					MessageAttributes: map[string]*v1AttributeValue{
						"n": {DataType: aws.String("Number"), StringValue: aws.String("42")},
						"b": {DataType: aws.String("Binary.png"), BinaryValue: []byte("\x00\xff")},
						"l": {DataType: aws.String("String"), StringListValues: []*string{aws.String("p"), aws.String("q")}},
					}},
				{ID: aws.String("2"), MessageBody: aws.String("ünïcödé ✓"), MessageGroupID: aws.String("g")},
			}},
			into: &sendBatchInput{},
			want: &sendBatchInput{QueueURL: "http://localhost:4566/000000000000/q", Entries: []batchEntry{
				{ID: "1", MessageBody: "a & b = c?", DelaySeconds: ptr(int32(3)),
					MessageAttributes: map[string]attributeValue{
						"n": {DataType: "Number", StringValue: "42"},
						"b": {DataType: "Binary.png", BinaryValue: []byte("\x00\xff")},
						"l": {DataType: "String", StringListValues: []string{"p", "q"}},
					}},
				{ID: "2", MessageBody: "ünïcödé ✓", MessageGroupID: ptr("g")},
			}},
		},
		{
			name: "CreateQueue",
			sdk: &v1CreateQueueInput{QueueName: aws.String("q.fifo"),
				Attributes: map[string]*string{"FifoQueue": aws.String("true"), "DelaySeconds": aws.String("0")},
				Tags:       map[string]*string{"env": aws.String("dev")}},
			into: &createQueueInput{},
			want: &createQueueInput{QueueName: "q.fifo",
				Attributes: map[string]string{"FifoQueue": "true", "DelaySeconds": "0"},
				Tags:       map[string]string{"env": "dev"}},
		},
		{
			name: "ReceiveMessage",
			sdk: &v1ReceiveInput{QueueURL: aws.String("u"), MaxNumberOfMessages: aws.Int64(10),
				AttributeNames:        []*string{aws.String("All")},
				MessageAttributeNames: []*string{aws.String("a.*"), aws.String("b")}},
			into: &receiveInput{},
			want: &receiveInput{QueueURL: "u", MaxNumberOfMessages: ptr(10), AttributeNames: []string{"All"},
				MessageAttributeNames: []string{"a.*", "b"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			form := map[string][]string{"Action": {tt.name}, "Version": {"2012-11-05"}}
			if err := queryutil.Parse(form, tt.sdk, false); err != nil {
				t.Fatalf("queryutil.Parse: %v", err)
			}
			if err := Decode(form, tt.into); err != nil {
				t.Fatalf("Decode(%v): %v", form, err)
			}
			if !reflect.DeepEqual(tt.into, tt.want) {
				t.Errorf("Decode(%v):\n got %+v\nwant %+v", form, tt.into, tt.want)
			}
		})
	}
}

// sdkUnmarshal reads a response document the way the v1 query client does.
func sdkUnmarshal(t *testing.T, action string, doc []byte, into any) {
	t.Helper()
	if err := xmlutil.UnmarshalXML(into, xml.NewDecoder(bytes.NewReader(doc)), action+"Result"); err != nil {
		t.Fatalf("xmlutil.UnmarshalXML: %v\n%s", err, doc)
	}
}

func TestOracle_SDKReadsResponses(t *testing.T) {
	t.Parallel()
	t.Run("ReceiveMessage", func(t *testing.T) {
		t.Parallel()
		doc, err := MarshalResponse("ns", "ReceiveMessage", "r", &receiveOutput{Messages: []message{{
			MessageID: "m", ReceiptHandle: "h+/=", MD5OfBody: "x", Body: "<&>\"'\r\n\t ✓",
			Attributes:             map[string]string{"SentTimestamp": "1", "SenderId": "AIDA"},
			MD5OfMessageAttributes: "y",
			MessageAttributes: map[string]*attributeValue{
				"s": {DataType: "String", StringValue: "v & w"},
				"b": {DataType: "Binary", BinaryValue: []byte{0, 1, 2}},
			},
		}, {MessageID: "m2", Body: "second"}}})
		if err != nil {
			t.Fatal(err)
		}
		var got v1ReceiveOutput
		sdkUnmarshal(t, "ReceiveMessage", doc, &got)
		want := v1ReceiveOutput{Messages: []*v1Message{{
			MessageID: aws.String("m"), ReceiptHandle: aws.String("h+/="), MD5OfBody: aws.String("x"),
			Body:                   aws.String("<&>\"'\r\n\t ✓"),
			Attributes:             map[string]*string{"SentTimestamp": aws.String("1"), "SenderId": aws.String("AIDA")},
			MD5OfMessageAttributes: aws.String("y"),
			MessageAttributes: map[string]*v1AttributeValue{
				"s": {DataType: aws.String("String"), StringValue: aws.String("v & w")},
				"b": {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2}},
			},
		}, {MessageID: aws.String("m2"), Body: aws.String("second")}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("SDK read:\n got %s\nwant %s", prettyV1(got), prettyV1(want))
		}
	})
	t.Run("SendMessageBatch", func(t *testing.T) {
		t.Parallel()
		doc, err := MarshalResponse("ns", "SendMessageBatch", "r", &sendBatchOutput{
			Successful: []batchResultEntry{{ID: "a", MessageID: "m", MD5OfMessageBody: "d"}},
			Failed:     []batchErrorEntry{{ID: "b", Code: "InternalError"}, {ID: "c", SenderFault: true, Code: "X", Message: "bad"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		var got v1SendBatchOutput
		sdkUnmarshal(t, "SendMessageBatch", doc, &got)
		want := v1SendBatchOutput{
			Successful: []*v1ResultEntry{{ID: aws.String("a"), MessageID: aws.String("m"), MD5OfMessageBody: aws.String("d")}},
			Failed: []*v1ErrorEntry{
				{ID: aws.String("b"), Code: aws.String("InternalError"), SenderFault: aws.Bool(false)},
				{ID: aws.String("c"), Code: aws.String("X"), Message: aws.String("bad"), SenderFault: aws.Bool(true)},
			},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("SDK read:\n got %s\nwant %s", prettyV1(got), prettyV1(want))
		}
	})
	t.Run("CancelMessageMoveTask", func(t *testing.T) {
		t.Parallel()
		doc, err := MarshalResponse("ns", "CancelMessageMoveTask", "r", &cancelTaskOutput{})
		if err != nil {
			t.Fatal(err)
		}
		var got v1CancelOutput
		sdkUnmarshal(t, "CancelMessageMoveTask", doc, &got)
		if got.ApproximateNumberOfMessagesMoved == nil || *got.ApproximateNumberOfMessagesMoved != 0 {
			t.Errorf("SDK read ApproximateNumberOfMessagesMoved = %v, want 0", got.ApproximateNumberOfMessagesMoved)
		}
	})
}

func TestOracle_SDKReadsErrors(t *testing.T) {
	t.Parallel()
	doc := MarshalError("http://queue.amazonaws.com/doc/2012-11-05/", ErrorResponse{
		Type: "Sender", Code: "AWS.SimpleQueueService.NonExistentQueue",
		Message: "The specified queue does not exist <&>.", RequestID: "rid"})
	r := &request.Request{HTTPResponse: &http.Response{StatusCode: 400, Body: io.NopCloser(bytes.NewReader(doc))}}
	v1query.UnmarshalError(r)
	failure, ok := r.Error.(awserr.RequestFailure)
	if !ok {
		t.Fatalf("SDK error = %#v, want a RequestFailure", r.Error)
	}
	if failure.Code() != "AWS.SimpleQueueService.NonExistentQueue" ||
		failure.Message() != "The specified queue does not exist <&>." ||
		failure.RequestID() != "rid" || failure.StatusCode() != 400 {
		t.Errorf("SDK error = %q %q %q %d", failure.Code(), failure.Message(), failure.RequestID(), failure.StatusCode())
	}
}

func prettyV1(v any) string { return awsutil.Prettify(v) }
