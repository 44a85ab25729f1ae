package awsproto_test

// End-to-end through real AWS client code: aws-sdk-go v1's SQS client at
// v1.47.5, the last release that speaks the query protocol, and a client
// assembled from that SDK's query protocol handlers by hand. Both run
// against a Router on a loopback server. The JSON protocol is covered by
// aws-sdk-go-v2 in the e2e package.

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	"github.com/aws/aws-sdk-go/aws/client"
	"github.com/aws/aws-sdk-go/aws/client/metadata"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/request"
	"github.com/aws/aws-sdk-go/aws/session"
	v4 "github.com/aws/aws-sdk-go/aws/signer/v4"
	v1query "github.com/aws/aws-sdk-go/private/protocol/query"
	"github.com/aws/aws-sdk-go/service/sqs"

	"github.com/sluicemq/sluice/internal/awsproto"
)

func purgeQueue(context.Context, *getAttributesInput) (*emptyOutput, error) { return nil, errDomain }

func newSDKServer(t *testing.T) *httptest.Server {
	t.Helper()
	cfg := testConfig()
	cfg.Operations = append(append([]awsproto.Operation(nil), cfg.Operations...), awsproto.Op("PurgeQueue", purgeQueue))
	rt, _ := newRouter(t, cfg)
	srv := httptest.NewServer(rt)
	t.Cleanup(srv.Close)
	return srv
}

// sessionMu serializes session creation, which writes a package variable
// of aws-sdk-go v1 (session.loadCustomCABundle).
var sessionMu sync.Mutex

func newSession(t *testing.T, endpoint string) *session.Session {
	t.Helper()
	sessionMu.Lock()
	defer sessionMu.Unlock()
	sess, err := session.NewSessionWithOptions(session.Options{
		SharedConfigState: session.SharedConfigDisable,
		Config: aws.Config{
			Endpoint:    aws.String(endpoint),
			Region:      aws.String("eu-central-1"),
			Credentials: credentials.NewStaticCredentials("123456789012", "secret", ""),
			MaxRetries:  aws.Int(0),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func TestSDK_V1Client(t *testing.T) {
	t.Parallel()
	srv := newSDKServer(t)
	client := sqs.New(newSession(t, srv.URL))

	sent, err := client.SendMessageBatch(&sqs.SendMessageBatchInput{
		QueueUrl: aws.String(srv.URL + "/123456789012/q"),
		Entries: []*sqs.SendMessageBatchRequestEntry{
			{Id: aws.String("a"), MessageBody: aws.String("hello <&> ✓"), MessageAttributes: map[string]*sqs.MessageAttributeValue{
				"b": {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2}},
			}},
			{Id: aws.String("b"), MessageBody: aws.String("")},
		},
	})
	if err != nil {
		t.Fatalf("SendMessageBatch: %v", err)
	}
	if len(sent.Successful) != 1 || *sent.Successful[0].MessageId != "id-a" ||
		len(sent.Failed) != 1 || *sent.Failed[0].Code != "MissingParameter" || !*sent.Failed[0].SenderFault {
		t.Errorf("SendMessageBatch = %v", sent)
	}

	received, err := client.ReceiveMessage(&sqs.ReceiveMessageInput{QueueUrl: aws.String("q"), MaxNumberOfMessages: aws.Int64(2)})
	if err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	if len(received.Messages) != 2 || *received.Messages[1].Body != `<body 1 & "more">` ||
		!bytes.Equal(received.Messages[0].MessageAttributes["bin"].BinaryValue, []byte{0, 255}) ||
		*received.Messages[0].Attributes["SentTimestamp"] != "1700000000000" {
		t.Errorf("ReceiveMessage = %v", received)
	}

	attrs, err := client.GetQueueAttributes(&sqs.GetQueueAttributesInput{QueueUrl: aws.String("q"),
		AttributeNames: aws.StringSlice([]string{"Account", "Region"})})
	if err != nil {
		t.Fatalf("GetQueueAttributes: %v", err)
	}
	if *attrs.Attributes["Account"] != "123456789012" || *attrs.Attributes["Region"] != "eu-central-1" {
		t.Errorf("GetQueueAttributes = %v", attrs)
	}

	_, err = client.PurgeQueue(&sqs.PurgeQueueInput{QueueUrl: aws.String("q")})
	checkSDKError(t, err, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.", 400)
	_, err = client.GetQueueUrl(&sqs.GetQueueUrlInput{QueueName: aws.String("q")})
	checkSDKError(t, err, "InvalidAction", "The action GetQueueUrl is not valid for this endpoint.", 400)
}

func checkSDKError(t *testing.T, err error, code, message string, status int) {
	t.Helper()
	var failure awserr.RequestFailure
	if !errors.As(err, &failure) {
		t.Fatalf("error = %v, want an awserr.RequestFailure", err)
	}
	if failure.Code() != code || !bytes.HasPrefix([]byte(failure.Message()), []byte(message)) ||
		failure.StatusCode() != status || !uuidPattern.MatchString(failure.RequestID()) {
		t.Errorf("error = %q %q %d %q; want %q %q... %d", failure.Code(), failure.Message(), failure.StatusCode(),
			failure.RequestID(), code, message, status)
	}
}

// The query protocol shapes of the SQS model, tagged as aws-sdk-go v1
// generates them.

type qAttributeValue struct {
	_           struct{} `type:"structure"`
	BinaryValue []byte   `type:"blob"`
	DataType    *string  `type:"string"`
	StringValue *string  `type:"string"`
}

type qBatchEntry struct {
	_                 struct{}                    `type:"structure"`
	ID                *string                     `locationName:"Id" type:"string"`
	MessageAttributes map[string]*qAttributeValue `locationName:"MessageAttribute" locationNameKey:"Name" locationNameValue:"Value" type:"map" flattened:"true"`
	MessageBody       *string                     `type:"string"`
}

type qSendBatchInput struct {
	_        struct{}       `type:"structure"`
	Entries  []*qBatchEntry `locationNameList:"SendMessageBatchRequestEntry" type:"list" flattened:"true"`
	QueueURL *string        `locationName:"QueueUrl" type:"string"`
}

type qResultEntry struct {
	_                struct{} `type:"structure"`
	ID               *string  `locationName:"Id" type:"string"`
	MD5OfMessageBody *string  `type:"string"`
	MessageID        *string  `locationName:"MessageId" type:"string"`
}

type qErrorEntry struct {
	_           struct{} `type:"structure"`
	Code        *string  `type:"string"`
	ID          *string  `locationName:"Id" type:"string"`
	SenderFault *bool    `type:"boolean"`
}

type qSendBatchOutput struct {
	_          struct{}        `type:"structure"`
	Failed     []*qErrorEntry  `locationNameList:"BatchResultErrorEntry" type:"list" flattened:"true"`
	Successful []*qResultEntry `locationNameList:"SendMessageBatchResultEntry" type:"list" flattened:"true"`
}

type qReceiveInput struct {
	_                   struct{} `type:"structure"`
	MaxNumberOfMessages *int64   `type:"integer"`
	QueueURL            *string  `locationName:"QueueUrl" type:"string"`
}

type qMessage struct {
	_                 struct{}                    `type:"structure"`
	Attributes        map[string]*string          `locationName:"Attribute" locationNameKey:"Name" locationNameValue:"Value" type:"map" flattened:"true"`
	Body              *string                     `type:"string"`
	MD5OfBody         *string                     `type:"string"`
	MessageAttributes map[string]*qAttributeValue `locationName:"MessageAttribute" locationNameKey:"Name" locationNameValue:"Value" type:"map" flattened:"true"`
	MessageID         *string                     `locationName:"MessageId" type:"string"`
	ReceiptHandle     *string                     `type:"string"`
}

type qReceiveOutput struct {
	_        struct{}    `type:"structure"`
	Messages []*qMessage `locationNameList:"Message" type:"list" flattened:"true"`
}

type qGetAttributesInput struct {
	_              struct{}  `type:"structure"`
	AttributeNames []*string `locationNameList:"AttributeName" type:"list" flattened:"true"`
	QueueURL       *string   `locationName:"QueueUrl" type:"string"`
}

type qGetAttributesOutput struct {
	_          struct{}           `type:"structure"`
	Attributes map[string]*string `locationName:"Attribute" locationNameKey:"Name" locationNameValue:"Value" type:"map" flattened:"true"`
}

// queryClient is an SQS client on aws-sdk-go v1's query protocol handlers.
type queryClient struct{ *client.Client }

func newQueryClient(t *testing.T, endpoint string) queryClient {
	t.Helper()
	cfg := newSession(t, endpoint).ClientConfig("sqs")
	c := client.New(*cfg.Config, metadata.ClientInfo{ServiceName: "sqs", ServiceID: "SQS", SigningName: "sqs",
		SigningRegion: cfg.SigningRegion, Endpoint: cfg.Endpoint, APIVersion: "2012-11-05"}, cfg.Handlers)
	c.Handlers.Sign.PushBackNamed(v4.SignRequestHandler)
	c.Handlers.Build.PushBackNamed(v1query.BuildHandler)
	c.Handlers.Unmarshal.PushBackNamed(v1query.UnmarshalHandler)
	c.Handlers.UnmarshalMeta.PushBackNamed(v1query.UnmarshalMetaHandler)
	c.Handlers.UnmarshalError.PushBackNamed(v1query.UnmarshalErrorHandler)
	return queryClient{c}
}

func (c queryClient) call(action, path string, in, out any) error {
	return c.NewRequest(&request.Operation{Name: action, HTTPMethod: "POST", HTTPPath: path}, in, out).Send()
}

func TestSDK_Query(t *testing.T) {
	t.Parallel()
	srv := newSDKServer(t)
	c := newQueryClient(t, srv.URL)

	var sent qSendBatchOutput
	err := c.call("SendMessageBatch", "/123456789012/q", &qSendBatchInput{QueueURL: aws.String("q"), Entries: []*qBatchEntry{
		{ID: aws.String("a"), MessageBody: aws.String("hello <&> ✓\r\n"), MessageAttributes: map[string]*qAttributeValue{
			"b": {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2}},
		}},
		{ID: aws.String("b"), MessageBody: aws.String("")},
	}}, &sent)
	if err != nil {
		t.Fatalf("SendMessageBatch: %v", err)
	}
	if len(sent.Successful) != 1 || *sent.Successful[0].MD5OfMessageBody != md5Hex("hello <&> ✓\r\n") ||
		len(sent.Failed) != 1 || *sent.Failed[0].Code != "MissingParameter" || !*sent.Failed[0].SenderFault {
		t.Errorf("SendMessageBatch = %v", sent)
	}

	var received qReceiveOutput
	if err := c.call("ReceiveMessage", "/", &qReceiveInput{QueueURL: aws.String("q"), MaxNumberOfMessages: aws.Int64(2)}, &received); err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	if len(received.Messages) != 2 || *received.Messages[1].Body != `<body 1 & "more">` ||
		*received.Messages[0].MD5OfBody != md5Hex(*received.Messages[0].Body) ||
		!bytes.Equal(received.Messages[0].MessageAttributes["bin"].BinaryValue, []byte{0, 255}) ||
		*received.Messages[0].Attributes["SentTimestamp"] != "1700000000000" {
		t.Errorf("ReceiveMessage = %v", received)
	}

	var attrs qGetAttributesOutput
	err = c.call("GetQueueAttributes", "/123456789012/q", &qGetAttributesInput{QueueURL: aws.String("q"),
		AttributeNames: aws.StringSlice([]string{"Account", "Region", "Path"})}, &attrs)
	if err != nil {
		t.Fatalf("GetQueueAttributes: %v", err)
	}
	if *attrs.Attributes["Account"] != "123456789012" || *attrs.Attributes["Region"] != "eu-central-1" ||
		*attrs.Attributes["Path"] != "/123456789012/q" {
		t.Errorf("GetQueueAttributes = %v", attrs)
	}

	err = c.call("PurgeQueue", "/", &qGetAttributesInput{QueueURL: aws.String("q")}, &struct{}{})
	checkSDKError(t, err, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.", 400)
	err = c.call("GetQueueUrl", "/", &qGetAttributesInput{}, &struct{}{})
	checkSDKError(t, err, "InvalidAction", "The action GetQueueUrl is not valid for this endpoint.", 400)
}
