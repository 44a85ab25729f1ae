package query

// Test-only wire structs shaped like the SQS ones (the real ones live in
// sqsapi): every tag form the scheme has, on the shapes that use them.

type attributeValue struct {
	StringValue      string   `query:"StringValue"`
	BinaryValue      []byte   `query:"BinaryValue"`
	StringListValues []string `query:"StringListValue"`
	DataType         string   `query:"DataType"`
}

type batchEntry struct {
	ID                string                    `query:"Id"`
	MessageBody       string                    `query:"MessageBody"`
	DelaySeconds      *int32                    `query:"DelaySeconds"`
	MessageAttributes map[string]attributeValue `query:"MessageAttribute,map=Name/Value"`
	MessageGroupID    *string                   `query:"MessageGroupId"`
}

type sendBatchInput struct {
	QueueURL string       `query:"QueueUrl"`
	Entries  []batchEntry `query:"SendMessageBatchRequestEntry"`
}

type createQueueInput struct {
	QueueName  string            `query:"QueueName"`
	Attributes map[string]string `query:"Attribute,map=Name/Value"`
	Tags       map[string]string `query:"Tag,map=Key/Value"`
}

type receiveInput struct {
	QueueURL              string   `query:"QueueUrl"`
	AttributeNames        []string `query:"AttributeName"`
	MessageAttributeNames []string `query:"MessageAttributeName"`
	MaxNumberOfMessages   *int     `query:"MaxNumberOfMessages"`
	WaitTimeSeconds       int64
	Verbose               *bool    `query:"Verbose"`
	Internal              string   `query:"-"`
	Nested                *nested  `query:"Nested"`
	Ratio                 *float64 `query:"Ratio"`
}

type nested struct {
	Inner string `query:"Inner"`
	Count uint16 `query:"Count"`
}

type message struct {
	MessageID              string                     `query:"MessageId"`
	ReceiptHandle          string                     `query:"ReceiptHandle"`
	MD5OfBody              string                     `query:"MD5OfBody"`
	Body                   string                     `query:"Body"`
	Attributes             map[string]string          `query:"Attribute,map=Name/Value"`
	MD5OfMessageAttributes string                     `query:"MD5OfMessageAttributes"`
	MessageAttributes      map[string]*attributeValue `query:"MessageAttribute,map=Name/Value"`
}

type receiveOutput struct {
	Messages []message `query:"Message"`
}

type batchResultEntry struct {
	ID               string `query:"Id"`
	MessageID        string `query:"MessageId"`
	MD5OfMessageBody string `query:"MD5OfMessageBody"`
	SequenceNumber   string `query:"SequenceNumber"`
}

type batchErrorEntry struct {
	ID          string `query:"Id"`
	SenderFault bool   `query:"SenderFault"`
	Code        string `query:"Code"`
	Message     string `query:"Message"`
}

type sendBatchOutput struct {
	Successful []batchResultEntry `query:"SendMessageBatchResultEntry"`
	Failed     []batchErrorEntry  `query:"BatchResultErrorEntry"`
}

type listQueuesOutput struct {
	QueueURLs []string `query:"QueueUrl"`
	NextToken *string  `query:"NextToken"`
}

type cancelTaskOutput struct {
	ApproximateNumberOfMessagesMoved int64 `query:"ApproximateNumberOfMessagesMoved"`
}

type emptyOutput struct{}

func ptr[T any](v T) *T { return &v }
