package sqsapi

// MessageAttributeValue is a user message attribute (model shapes
// MessageAttributeValue and MessageSystemAttributeValue, which have the same
// members). Number values travel in StringValue.
type MessageAttributeValue struct {
	StringValue      string   `json:"StringValue,omitempty" query:"StringValue"`
	BinaryValue      []byte   `json:"BinaryValue,omitempty" query:"BinaryValue"`
	StringListValues []string `json:"StringListValues,omitempty" query:"StringListValue"`
	BinaryListValues [][]byte `json:"BinaryListValues,omitempty" query:"BinaryListValue"`
	DataType         string   `json:"DataType" query:"DataType"`
}

// Message is a received message.
type Message struct {
	MessageID     string `json:"MessageId,omitempty" query:"MessageId"`
	ReceiptHandle string `json:"ReceiptHandle,omitempty" query:"ReceiptHandle"`
	MD5OfBody     string `json:"MD5OfBody,omitempty" query:"MD5OfBody"`
	Body          string `json:"Body,omitempty" query:"Body"`
	// Attributes holds the requested system attributes.
	Attributes             map[string]string                `json:"Attributes,omitempty" query:"Attribute,map=Name/Value"`
	MD5OfMessageAttributes string                           `json:"MD5OfMessageAttributes,omitempty" query:"MD5OfMessageAttributes"`
	MessageAttributes      map[string]MessageAttributeValue `json:"MessageAttributes,omitempty" query:"MessageAttribute,map=Name/Value"`
}

// BatchResultErrorEntry reports a batch entry that failed.
type BatchResultErrorEntry struct {
	ID          string `json:"Id" query:"Id"`
	SenderFault bool   `json:"SenderFault" query:"SenderFault"`
	// Code is the query-protocol error code, in both protocols.
	Code    string `json:"Code" query:"Code"`
	Message string `json:"Message,omitempty" query:"Message"`
}
