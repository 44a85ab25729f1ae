package awsjson

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

type attributeValue struct {
	StringValue string `json:"StringValue,omitempty"`
	BinaryValue []byte `json:"BinaryValue,omitempty"`
	DataType    string `json:"DataType"`
}

type batchEntry struct {
	ID                string                    `json:"Id"`
	MessageBody       string                    `json:"MessageBody"`
	DelaySeconds      *int32                    `json:"DelaySeconds,omitempty"`
	MessageAttributes map[string]attributeValue `json:"MessageAttributes,omitempty"`
}

type sendBatchInput struct {
	QueueURL string       `json:"QueueUrl"`
	Entries  []batchEntry `json:"Entries,omitempty"`
}

type createQueueInput struct {
	QueueName  string            `json:"QueueName"`
	Attributes map[string]string `json:"Attributes,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
}

type message struct {
	MessageID         string                    `json:"MessageId,omitempty"`
	Body              string                    `json:"Body,omitempty"`
	Attributes        map[string]string         `json:"Attributes,omitempty"`
	MessageAttributes map[string]attributeValue `json:"MessageAttributes,omitempty"`
}

type receiveOutput struct {
	Messages []message `json:"Messages,omitempty"`
}

type errorEntry struct {
	ID          string `json:"Id"`
	SenderFault bool   `json:"SenderFault"`
	Code        string `json:"Code"`
}

type sendBatchOutput struct {
	Successful []message    `json:"Successful,omitempty"`
	Failed     []errorEntry `json:"Failed,omitempty"`
}

func ptr[T any](v T) *T { return &v }

func TestDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		into any
		want any
	}{
		{"SendMessageBatch", `{"QueueUrl":"http://h/0/q","Entries":[{"Id":"a","MessageBody":"x\u00e9\n",` +
			`"DelaySeconds":5,"MessageAttributes":{"b":{"DataType":"Binary","BinaryValue":"AAH/"}}},{"Id":"b","MessageBody":"y"}],` +
			`"Unknown":{"deep":[1,2,3]}}`,
			&sendBatchInput{}, &sendBatchInput{QueueURL: "http://h/0/q", Entries: []batchEntry{
				{ID: "a", MessageBody: "xé\n", DelaySeconds: ptr(int32(5)),
					MessageAttributes: map[string]attributeValue{"b": {DataType: "Binary", BinaryValue: []byte{0, 1, 0xff}}}},
				{ID: "b", MessageBody: "y"},
			}}},
		{"LowercaseTags", `{"QueueName":"q","Attributes":{"DelaySeconds":"1"},"tags":{"k":"v"}}`,
			&createQueueInput{}, &createQueueInput{QueueName: "q", Attributes: map[string]string{"DelaySeconds": "1"},
				Tags: map[string]string{"k": "v"}}},
		{"EmptyBody", "", &createQueueInput{}, &createQueueInput{}},
		{"EmptyObject", " {} ", &createQueueInput{}, &createQueueInput{}},
		{"Null", "null", &createQueueInput{}, &createQueueInput{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := Decode([]byte(tt.body), tt.into); err != nil {
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
		name, body, message string
	}{
		{"WrongType", `{"QueueUrl":5}`, "Invalid value for QueueUrl: expected a string, got number."},
		{"NestedWrongType", `{"Entries":[{"Id":"a","DelaySeconds":"5"}]}`,
			"Invalid value for Entries.DelaySeconds: expected an integer, got string."},
		{"OutOfRange", `{"Entries":[{"DelaySeconds":4294967296}]}`, "expected an integer, got number 4294967296."},
		{"NotAnObject", `[1]`, "Expected a JSON object, got array."},
		{"Syntax", `{"QueueUrl":}`, "Malformed JSON at offset 13."},
		{"Truncated", `{"QueueUrl":"a"`, "Malformed JSON: the body ends early."},
		{"Trailing", `{} {}`, "Unexpected content after the request's JSON object."},
		{"BadBase64", `{"Entries":[{"MessageAttributes":{"b":{"BinaryValue":"!!"}}}]}`, "Malformed request: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Decode([]byte(tt.body), &sendBatchInput{})
			de, ok := errors.AsType[*DecodeError](err)
			if !ok || !strings.Contains(de.Message, tt.message) {
				t.Errorf("Decode(%s) = %v, want a *DecodeError saying %q", tt.body, err, tt.message)
			}
		})
	}
}

func TestDecode_NotAPointer(t *testing.T) {
	t.Parallel()
	err := Decode([]byte(`{}`), sendBatchInput{})
	if _, isClient := errors.AsType[*DecodeError](err); err == nil || isClient {
		t.Errorf("Decode(non-pointer) = %v, want a non-client error", err)
	}
}

func TestWriteResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		out  any
		want string
	}{
		{"EmptyListsAndMapsOmitted", &receiveOutput{Messages: []message{{MessageID: "m", Body: "<&>",
			Attributes: map[string]string{}, MessageAttributes: map[string]attributeValue{}}}},
			`{"Messages":[{"MessageId":"m","Body":"<&>"}]}`},
		{"NoMessages", &receiveOutput{Messages: []message{}}, `{}`},
		{"FalseSenderFault", &sendBatchOutput{Failed: []errorEntry{{ID: "a", Code: "X"}}},
			`{"Failed":[{"Id":"a","SenderFault":false,"Code":"X"}]}`},
		{"Nil", nil, `{}`},
		{"NilPointer", (*receiveOutput)(nil), `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			if err := WriteResponse(rec, "1.0", "rid", tt.out); err != nil {
				t.Fatal(err)
			}
			if rec.Code != http.StatusOK || rec.Body.String() != tt.want {
				t.Errorf("WriteResponse = %d %s, want 200 %s", rec.Code, rec.Body, tt.want)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/x-amz-json-1.0" {
				t.Errorf("Content-Type = %q", ct)
			}
			if id := rec.Header().Get("x-amzn-RequestId"); id != "rid" {
				t.Errorf("x-amzn-RequestId = %q", id)
			}
		})
	}
}

func TestWriteResponse_Unencodable(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	if err := WriteResponse(rec, "1.0", "rid", map[string]any{"c": make(chan int)}); err == nil {
		t.Fatal("WriteResponse(chan) succeeded, want an error")
	}
	if rec.Body.Len() != 0 || len(rec.Header()) != 0 {
		t.Errorf("WriteResponse wrote %q %v before failing", rec.Body, rec.Header())
	}
}

func TestWriteError(t *testing.T) {
	t.Parallel()
	t.Run("QueryCompatible", func(t *testing.T) {
		t.Parallel()
		rec := httptest.NewRecorder()
		WriteError(rec, "1.0", http.StatusBadRequest, Error{Type: "com.amazonaws.sqs#QueueDoesNotExist",
			Message: `The specified queue "q" does not exist.`, QueryError: "AWS.SimpleQueueService.NonExistentQueue;Sender",
			RequestID: "rid"})
		want := `{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue \"q\" does not exist."}`
		if rec.Code != http.StatusBadRequest || rec.Body.String() != want {
			t.Errorf("WriteError = %d %s, want 400 %s", rec.Code, rec.Body, want)
		}
		for header, want := range map[string]string{
			"Content-Type":       "application/x-amz-json-1.0",
			"x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender",
			"x-amzn-RequestId":   "rid",
		} {
			if got := rec.Header().Get(header); got != want {
				t.Errorf("%s = %q, want %q", header, got, want)
			}
		}
	})
	t.Run("NoQueryError", func(t *testing.T) {
		t.Parallel()
		rec := httptest.NewRecorder()
		WriteError(rec, "1.1", http.StatusBadRequest, Error{Type: "ResourceNotFoundException", Message: "m", RequestID: "r"})
		if _, ok := rec.Header()["X-Amzn-Query-Error"]; ok {
			t.Error("x-amzn-query-error sent without a query code")
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/x-amz-json-1.1" {
			t.Errorf("Content-Type = %q", ct)
		}
	})
}

func TestCheckOmitEmpty(t *testing.T) {
	t.Parallel()
	if err := CheckOmitEmpty(&receiveOutput{}); err != nil {
		t.Errorf("CheckOmitEmpty(receiveOutput) = %v", err)
	}
	type inner struct {
		Names []string `json:"Names"`
	}
	type outer struct {
		Tags   map[string]string `json:"tags"`
		Inner  []inner           `json:"Inner,omitempty"`
		Self   *outer            `json:"Self,omitempty"`
		Hidden []string          `json:"-"`
	}
	err := CheckOmitEmpty(outer{})
	if err == nil || !strings.Contains(err.Error(), "outer.tags") || !strings.Contains(err.Error(), "inner.Names") ||
		strings.Contains(err.Error(), "Hidden") {
		t.Errorf("CheckOmitEmpty(outer) = %v, want outer.tags and inner.Names only", err)
	}
}
