package query

import (
	"net/url"
	"reflect"
	"testing"
)

func TestEncodeForm(t *testing.T) {
	t.Parallel()
	in := &sendBatchInput{QueueURL: "u", Entries: []batchEntry{
		{ID: "a", MessageBody: "b", DelaySeconds: ptr(int32(0)), MessageGroupID: ptr(""),
			MessageAttributes: map[string]attributeValue{
				"z": {DataType: "Binary", BinaryValue: []byte{1}},
				"a": {DataType: "String", StringValue: "s", StringListValues: []string{"x"}},
			}},
	}}
	got, err := EncodeForm(in)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{
		"QueueUrl":                                                                  {"u"},
		"SendMessageBatchRequestEntry.1.Id":                                         {"a"},
		"SendMessageBatchRequestEntry.1.MessageBody":                                {"b"},
		"SendMessageBatchRequestEntry.1.DelaySeconds":                               {"0"},
		"SendMessageBatchRequestEntry.1.MessageGroupId":                             {""},
		"SendMessageBatchRequestEntry.1.MessageAttribute.1.Name":                    {"a"},
		"SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue":       {"s"},
		"SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringListValue.1": {"x"},
		"SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType":          {"String"},
		"SendMessageBatchRequestEntry.1.MessageAttribute.2.Name":                    {"z"},
		"SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.BinaryValue":       {"AQ=="},
		"SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.DataType":          {"Binary"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EncodeForm:\n got %v\nwant %v", got, want)
	}
	var back sendBatchInput
	if err := Decode(got, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, in) {
		t.Errorf("Decode(EncodeForm(x)):\n got %+v\nwant %+v", back, in)
	}
}

func TestEncodeForm_NotAStruct(t *testing.T) {
	t.Parallel()
	if _, err := EncodeForm([]string{"x"}); err == nil {
		t.Error("EncodeForm(slice) succeeded, want an error")
	}
}
