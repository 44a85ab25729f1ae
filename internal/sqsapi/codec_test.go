package sqsapi

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/sluicemq/sluice/internal/awsproto/awsjson"
	"github.com/sluicemq/sluice/internal/awsproto/query"
)

// TestOutputsOmitEmptyCollections keeps empty lists and maps out of JSON
// responses: some SDKs fail on "MessageAttributes":{} without its digest.
func TestOutputsOmitEmptyCollections(t *testing.T) {
	t.Parallel()
	a := New(nil, Options{})
	for _, op := range a.Operations() {
		method, _ := reflect.TypeOf(a).MethodByName(op.Name)
		out := reflect.New(method.Type.Out(0).Elem()).Interface()
		if err := awsjson.CheckOmitEmpty(out); err != nil {
			t.Errorf("%s: %v", op.Name, err)
		}
	}
}

// TestQueryForm decodes a SendMessageBatch form as query-protocol SDKs
// send it.
func TestQueryForm(t *testing.T) {
	t.Parallel()
	form := url.Values{
		"Action":                            {"SendMessageBatch"},
		"QueueUrl":                          {"http://localhost:4566/000000000000/q"},
		"SendMessageBatchRequestEntry.1.Id": {"a"},
		"SendMessageBatchRequestEntry.1.MessageBody":                                {"one"},
		"SendMessageBatchRequestEntry.1.DelaySeconds":                               {"5"},
		"SendMessageBatchRequestEntry.1.MessageAttribute.1.Name":                    {"attr"},
		"SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType":          {"Binary"},
		"SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.BinaryValue":       {"AAEC"},
		"SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Name":              {"AWSTraceHeader"},
		"SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Value.DataType":    {"String"},
		"SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Value.StringValue": {"Root=1"},
		"SendMessageBatchRequestEntry.2.Id":                                         {"b"},
		"SendMessageBatchRequestEntry.2.MessageBody":                                {"two"},
		"SendMessageBatchRequestEntry.2.MessageGroupId":                             {"g"},
	}
	var in SendMessageBatchInput
	if err := query.Decode(form, &in); err != nil {
		t.Fatal(err)
	}
	if in.QueueURL != "http://localhost:4566/000000000000/q" || len(in.Entries) != 2 {
		t.Fatalf("decoded %+v", in)
	}
	first, second := in.Entries[0], in.Entries[1]
	if first.ID != "a" || first.MessageBody != "one" || first.DelaySeconds == nil || *first.DelaySeconds != 5 {
		t.Errorf("entry 1 = %+v", first)
	}
	if got := first.MessageAttributes["attr"]; got.DataType != "Binary" || string(got.BinaryValue) != "\x00\x01\x02" {
		t.Errorf("entry 1 attribute = %+v", got)
	}
	if got := first.MessageSystemAttributes["AWSTraceHeader"]; got.StringValue != "Root=1" {
		t.Errorf("entry 1 trace header = %+v", got)
	}
	if second.ID != "b" || second.MessageGroupID != "g" || second.DelaySeconds != nil {
		t.Errorf("entry 2 = %+v", second)
	}
}

// TestJSONBody decodes a CreateQueue body with the model's lowercase tags.
func TestJSONBody(t *testing.T) {
	t.Parallel()
	var in CreateQueueInput
	body := `{"QueueName":"q","Attributes":{"DelaySeconds":"5"},"tags":{"team":"shop"}}`
	if err := awsjson.Decode([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	if in.QueueName != "q" || in.Attributes["DelaySeconds"] != "5" || in.Tags["team"] != "shop" {
		t.Errorf("decoded %+v", in)
	}
}

// TestQueryResponse encodes a received message the way query clients parse
// it: flattened <Message>, <Attribute> and <MessageAttribute> entries.
func TestQueryResponse(t *testing.T) {
	t.Parallel()
	out := &ReceiveMessageOutput{Messages: []Message{{
		MessageID:              "id",
		ReceiptHandle:          "rh",
		MD5OfBody:              "m",
		Body:                   "b",
		Attributes:             map[string]string{"SenderId": "000000000000"},
		MD5OfMessageAttributes: "ma",
		MessageAttributes:      map[string]MessageAttributeValue{"a": {DataType: "String", StringValue: "v"}},
	}}}
	doc, err := query.MarshalResponse("http://queue.amazonaws.com/doc/2012-11-05/", "ReceiveMessage", "req", out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<ReceiveMessageResult><Message><MessageId>id</MessageId>",
		"<Attribute><Name>SenderId</Name><Value>000000000000</Value></Attribute>",
		"<MessageAttribute><Name>a</Name><Value><StringValue>v</StringValue><DataType>String</DataType></Value></MessageAttribute>",
	} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("response lacks %s:\n%s", want, doc)
		}
	}
}
