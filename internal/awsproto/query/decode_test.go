package query

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, raw string) url.Values {
	t.Helper()
	form, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", raw, err)
	}
	return form
}

func TestDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		form string
		into any
		want any
	}{
		{
			name: "SendMessageBatch",
			form: "Action=SendMessageBatch&Version=2012-11-05&QueueUrl=http%3A%2F%2Flocalhost%2F000000000000%2Fq" +
				"&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=hello+world" +
				"&SendMessageBatchRequestEntry.1.DelaySeconds=5" +
				"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=color" +
				"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String" +
				"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=blue" +
				"&SendMessageBatchRequestEntry.1.MessageAttribute.2.Name=blob" +
				"&SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.DataType=Binary" +
				"&SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.BinaryValue=AAEC%2F%2F8%3D" +
				"&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=%3Cxml%3E+%26" +
				"&SendMessageBatchRequestEntry.2.MessageGroupId=" +
				"&SendMessageBatchRequestEntry.2.MessageAttribute.1.Name=list" +
				"&SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType=String" +
				"&SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringListValue.1=x" +
				"&SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringListValue.2=y",
			into: &sendBatchInput{},
			want: &sendBatchInput{
				QueueURL: "http://localhost/000000000000/q",
				Entries: []batchEntry{
					{ID: "a", MessageBody: "hello world", DelaySeconds: ptr(int32(5)),
						MessageAttributes: map[string]attributeValue{
							"color": {DataType: "String", StringValue: "blue"},
							"blob":  {DataType: "Binary", BinaryValue: []byte{0, 1, 2, 0xff, 0xff}},
						}},
					{ID: "b", MessageBody: "<xml> &", MessageGroupID: ptr(""),
						MessageAttributes: map[string]attributeValue{
							"list": {DataType: "String", StringListValues: []string{"x", "y"}},
						}},
				},
			},
		},
		{
			name: "CreateQueueAttributesAndTags",
			form: "QueueName=q&Attribute.1.Name=DelaySeconds&Attribute.1.Value=10" +
				"&Attribute.2.Name=Policy&Attribute.2.Value=" +
				"&Tag.1.Key=team&Tag.1.Value=core&Tag.2.Key=empty",
			into: &createQueueInput{},
			want: &createQueueInput{
				QueueName:  "q",
				Attributes: map[string]string{"DelaySeconds": "10", "Policy": ""},
				Tags:       map[string]string{"team": "core", "empty": ""},
			},
		},
		{
			name: "ReceiveScalarsAndLists",
			form: "QueueUrl=u&AttributeName.1=All&AttributeName.2=SentTimestamp&MessageAttributeName.1=.*" +
				"&MaxNumberOfMessages=10&WaitTimeSeconds=20&Verbose=TRUE&Internal=ignored" +
				"&Nested.Inner=in&Nested.Count=7&Ratio=0.5",
			into: &receiveInput{},
			want: &receiveInput{
				QueueURL: "u", AttributeNames: []string{"All", "SentTimestamp"},
				MessageAttributeNames: []string{".*"}, MaxNumberOfMessages: ptr(10),
				WaitTimeSeconds: 20, Verbose: ptr(true), Nested: &nested{Inner: "in", Count: 7},
				Ratio: ptr(0.5),
			},
		},
		{
			name: "EmptyNumbersAreAbsent",
			form: "QueueUrl=&MaxNumberOfMessages=&Verbose=&AttributeName=",
			into: &receiveInput{},
			want: &receiveInput{},
		},
		{
			name: "FirstValueWinsAndUnknownIgnored",
			form: "QueueUrl=first&QueueUrl=second&Unknown.1.X=y&Nested.Unknown=z",
			into: &receiveInput{},
			want: &receiveInput{QueueURL: "first"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := Decode(mustParse(t, tt.form), tt.into); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(tt.into, tt.want) {
				t.Errorf("Decode:\n got %+v\nwant %+v", tt.into, tt.want)
			}
		})
	}
}

func TestDecode_Errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		form      string
		into      any
		kind      ErrorKind
		param     string
		inMessage string
	}{
		{"NotAnInteger", "MaxNumberOfMessages=ten", &receiveInput{}, InvalidValue, "MaxNumberOfMessages",
			"Value ten for parameter MaxNumberOfMessages is invalid. Reason: Must be an integer."},
		{"IntegerOutOfRange", "SendMessageBatchRequestEntry.1.DelaySeconds=4294967296", &sendBatchInput{},
			InvalidValue, "SendMessageBatchRequestEntry.1.DelaySeconds", "Must be an integer in range."},
		{"NegativeUnsigned", "Nested.Count=-1", &receiveInput{}, InvalidValue, "Nested.Count", "non-negative"},
		{"NotABool", "Verbose=yes", &receiveInput{}, InvalidValue, "Verbose", "Must be true or false."},
		{"NotAFloat", "Ratio=NaN", &receiveInput{}, InvalidValue, "Ratio", "Must be a number."},
		{"BadBase64", "SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=b" +
			"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.BinaryValue=%21%21",
			&sendBatchInput{}, InvalidValue,
			"SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.BinaryValue", "base64"},
		{"IndexZero", "AttributeName.0=All", &receiveInput{}, Malformed, "AttributeName.0", "not a list index"},
		{"LeadingZero", "AttributeName.01=All", &receiveInput{}, Malformed, "AttributeName.01", "not a list index"},
		{"NotAnIndex", "AttributeName.member=All", &receiveInput{}, Malformed, "AttributeName.member", "not a list index"},
		{"Gap", "AttributeName.1=All&AttributeName.3=x", &receiveInput{}, Malformed, "AttributeName.3", "without gaps"},
		{"HugeIndex", "SendMessageBatchRequestEntry.999999999.Id=x", &sendBatchInput{}, Malformed,
			"SendMessageBatchRequestEntry.999999999", "without gaps"},
		{"TooLongIndex", "AttributeName.18446744073709551617=x", &receiveInput{}, Malformed,
			"AttributeName.18446744073709551617", "not a list index"},
		{"MapGap", "Attribute.2.Name=a&Attribute.2.Value=b", &createQueueInput{}, Malformed, "Attribute.2", "without gaps"},
		{"MapKeyMissing", "Attribute.1.Value=b", &createQueueInput{}, MissingKey, "Attribute.1.Name",
			"The request must contain the parameter Attribute.1.Name."},
		{"MapKeyDuplicate", "Tag.1.Key=a&Tag.2.Key=a", &createQueueInput{}, InvalidValue, "Tag.2.Key", "Duplicate key."},
		{"LongValueQuoted", "MaxNumberOfMessages=" + strings.Repeat("9", 300), &receiveInput{}, InvalidValue,
			"MaxNumberOfMessages", strings.Repeat("9", 128) + "... for parameter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Decode(mustParse(t, tt.form), tt.into)
			de, ok := errors.AsType[*DecodeError](err)
			if !ok {
				t.Fatalf("Decode error = %v, want a *DecodeError", err)
			}
			if de.Kind != tt.kind || de.Param != tt.param || !strings.Contains(de.Message, tt.inMessage) {
				t.Errorf("Decode error = {%v %q %q}, want {%v %q ...%q...}",
					de.Kind, de.Param, de.Message, tt.kind, tt.param, tt.inMessage)
			}
		})
	}
}

func TestDecode_TooManyParams(t *testing.T) {
	t.Parallel()
	form := url.Values{}
	for i := range MaxParams + 1 {
		form.Set(fmt.Sprintf("AttributeName.%d", i+1), "x")
	}
	err := Decode(form, &receiveInput{})
	if de, ok := errors.AsType[*DecodeError](err); !ok || de.Kind != Malformed {
		t.Fatalf("Decode(%d params) = %v, want a Malformed *DecodeError", MaxParams+1, err)
	}
	form.Del("AttributeName.1001")
	var in receiveInput
	if err := Decode(form, &in); err != nil || len(in.AttributeNames) != MaxParams {
		t.Fatalf("Decode(%d params) = %v with %d names, want success", MaxParams, err, len(in.AttributeNames))
	}
}

func TestDecode_DeepKeysIgnored(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("a.", 100_000) + "a"
	var in receiveInput
	if err := Decode(url.Values{key: {"x"}, "QueueUrl": {"u"}}, &in); err != nil || in.QueueURL != "u" {
		t.Fatalf("Decode = %v, %+v; want QueueUrl u and no error", err, in)
	}
}

func TestDecode_ProgrammerErrors(t *testing.T) {
	t.Parallel()
	type badMap struct {
		M map[string]string `query:"M"`
	}
	type badOption struct {
		S string `query:"S,flattened"`
	}
	type badKind struct {
		C chan int `query:"C"`
	}
	type embedded struct{ nested }
	tests := []struct {
		name string
		into any
		form string
	}{
		{"NotPointer", receiveInput{}, ""},
		{"NilPointer", (*receiveInput)(nil), ""},
		{"MapWithoutNames", &badMap{}, "M.1.key=a"},
		{"UnknownOption", &badOption{}, "S=a"},
		{"UnsupportedKind", &badKind{}, "C=1"},
		{"Embedded", &embedded{}, "Inner=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Decode(mustParse(t, tt.form), tt.into)
			if _, isClient := errors.AsType[*DecodeError](err); err == nil || isClient {
				t.Fatalf("Decode = %v, want a non-client error", err)
			}
		})
	}
}
