package awsproto_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sluicemq/sluice/internal/awsproto"
)

type jsonError struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

type xmlError struct {
	XMLName   xml.Name `xml:"http://queue.amazonaws.com/doc/2012-11-05/ ErrorResponse"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

// wantError is an error as both protocols must show it.
type wantError struct {
	status    int
	jsonType  string
	queryCode string
	fault     string
	message   string // a part of the message
}

func checkJSONError(t *testing.T, rec *httptest.ResponseRecorder, want wantError) {
	t.Helper()
	var got jsonError
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	header := rec.Header().Get("x-amzn-query-error")
	if rec.Code != want.status || got.Type != want.jsonType || header != want.queryCode+";"+want.fault ||
		!strings.Contains(got.Message, want.message) {
		t.Errorf("JSON error = %d %s (x-amzn-query-error %q)\nwant %d %s %s;%s ...%s...",
			rec.Code, rec.Body, header, want.status, want.jsonType, want.queryCode, want.fault, want.message)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/x-amz-json-1.0" {
		t.Errorf("Content-Type = %q", ct)
	}
}

func checkQueryError(t *testing.T, rec *httptest.ResponseRecorder, want wantError) {
	t.Helper()
	var got xmlError
	if err := xml.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	if rec.Code != want.status || got.Code != want.queryCode || got.Type != want.fault ||
		!strings.Contains(got.Message, want.message) || got.RequestID != rec.Header().Get("x-amzn-RequestId") {
		t.Errorf("query error = %d %s\nwant %d %s %s ...%s...", rec.Code, rec.Body,
			want.status, want.queryCode, want.fault, want.message)
	}
	if !strings.Contains(rec.Body.String(), "<Detail/>") {
		t.Errorf("query error has no <Detail/>: %s", rec.Body)
	}
}

func TestRouter_Errors(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 64<<10)
	tests := []struct {
		name     string
		target   string // JSON request's X-Amz-Target; "" for no JSON case
		jsonBody string
		form     string // query request's body; "" for no query case
		want     wantError
	}{
		{"HandlerAWSError", "AmazonSQS.Fail", `{"Kind":"aws"}`, "Action=Fail&Kind=aws",
			wantError{403, "com.amazonaws.sqs#OverLimit", "OverLimit", "Sender", "Too many <in flight> & more."}},
		{"QualifiedType", "AmazonSQS.Fail", `{"Kind":"qualified"}`, "Action=Fail&Kind=qualified",
			wantError{403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied", "Sender", "denied"}},
		{"DomainErrorThroughTable", "AmazonSQS.Fail", `{"Kind":"domain"}`, "Action=Fail&Kind=domain",
			wantError{400, "com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "Sender",
				"The specified queue does not exist."}},
		{"UnmappedError", "AmazonSQS.Fail", `{"Kind":"other"}`, "Action=Fail&Kind=other",
			wantError{500, "com.amazonaws.sqs#InternalError", "InternalError", "Receiver", "internal error"}},
		{"Panic", "AmazonSQS.Fail", `{"Kind":"panic"}`, "Action=Fail&Kind=panic",
			wantError{500, "com.amazonaws.sqs#InternalError", "InternalError", "Receiver", "internal error"}},
		{"OutputNotEncodable", "AmazonSQS.BadEncode", `{}`, "Action=BadEncode",
			wantError{500, "com.amazonaws.sqs#InternalError", "InternalError", "Receiver", "internal error"}},
		{"UnknownAction", "AmazonSQS.Nope", `{}`, "Action=Nope",
			wantError{400, "com.amazon.coral.service#UnknownOperationException", "InvalidAction", "Sender", "valid"}},
		{"WrongTargetPrefix", "Kinesis_20131202.SendMessageBatch", `{}`, "",
			wantError{400, "com.amazon.coral.service#UnknownOperationException", "InvalidAction", "Sender", "valid"}},
		{"NoTarget", "", `{}`, "",
			wantError{400, "com.amazon.coral.service#UnknownOperationException", "InvalidAction", "Sender", "valid"}},
		{"MissingAction", "", "", "QueueUrl=u",
			wantError{400, "", "MissingAction", "Sender", "The request must contain the parameter Action."}},
		{"BodyTooLarge", "AmazonSQS.SendMessageBatch", `{"QueueUrl":"` + big + `"}`, "Action=SendMessageBatch&QueueUrl=" + big,
			wantError{413, "com.amazon.coral.service#RequestEntityTooLarge", "RequestEntityTooLarge", "Sender", "65536 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, _ := newRouter(t, testConfig())
			if tt.jsonBody != "" && tt.want.jsonType != "" {
				checkJSONError(t, serve(rt, jsonRequest(t, tt.target, tt.jsonBody)), tt.want)
			}
			if tt.form != "" && tt.want.queryCode != "" {
				checkQueryError(t, serve(rt, formRequest(t, "/", tt.form)), tt.want)
			}
		})
	}
}

func TestRouter_DecodeErrors(t *testing.T) {
	t.Parallel()
	rt, _ := newRouter(t, testConfig())
	json := []struct {
		body string
		want wantError
	}{
		{`{"MaxNumberOfMessages":"ten"}`, wantError{400, "com.amazon.coral.service#SerializationException", "MalformedInput",
			"Sender", "Invalid value for MaxNumberOfMessages: expected an integer, got string."}},
		{`{"QueueUrl":`, wantError{400, "com.amazon.coral.service#SerializationException", "MalformedInput",
			"Sender", "Malformed JSON"}},
	}
	for _, tt := range json {
		checkJSONError(t, serve(rt, jsonRequest(t, "AmazonSQS.ReceiveMessage", tt.body)), tt.want)
	}
	query := []struct {
		form string
		want wantError
	}{
		{"Action=ReceiveMessage&MaxNumberOfMessages=ten", wantError{400, "", "InvalidParameterValue", "Sender",
			"Value ten for parameter MaxNumberOfMessages is invalid. Reason: Must be an integer."}},
		{"Action=ReceiveMessage&MessageAttributeName.0=x", wantError{400, "", "InvalidQueryParameter", "Sender",
			"MessageAttributeName.0"}},
		{"Action=ReceiveMessage&MessageAttributeName.1=x&MessageAttributeName.1000000=y",
			wantError{400, "", "InvalidQueryParameter", "Sender", "without gaps"}},
		{"Action=SendMessageBatch&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String",
			wantError{400, "", "MissingParameter", "Sender",
				"The request must contain the parameter SendMessageBatchRequestEntry.1.MessageAttribute.1.Name."}},
		{"Action=SendMessageBatch&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=b" +
			"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.BinaryValue=*",
			wantError{400, "", "InvalidParameterValue", "Sender", "base64"}},
		{"Action=DeleteMessage&bad=%zz", wantError{400, "", "InvalidQueryParameter", "Sender", "not a well-formed form"}},
		{"Action=DeleteMessage&" + strings.Repeat("p=1&", awsprotoMaxParams), wantError{400, "", "InvalidQueryParameter",
			"Sender", "parameters"}},
	}
	for _, tt := range query {
		checkQueryError(t, serve(rt, formRequest(t, "/", tt.form)), tt.want)
	}
	r := httptest.NewRequest(http.MethodGet, "/?Action=DeleteMessage&x=%zz", nil)
	checkQueryError(t, serve(rt, r), wantError{400, "", "InvalidQueryParameter", "Sender", "query string"})
}

// awsprotoMaxParams is the form size past which decoding refuses.
const awsprotoMaxParams = 1000

func TestRouter_PanicIsLogged(t *testing.T) {
	t.Parallel()
	rt, logs := newRouter(t, testConfig())
	rec := serve(rt, jsonRequest(t, "AmazonSQS.Fail", `{"Kind":"panic"}`))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d", rec.Code)
	}
	id := rec.Header().Get("x-amzn-RequestId")
	for _, want := range []string{"handler panicked", "action=Fail", "request_id=" + id, "handler bug", "router_test"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestRouter_UnmappedErrorIsLogged(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	cfg.Error = nil
	rt, logs := newRouter(t, cfg)
	rec := serve(rt, formRequest(t, "/", "Action=Fail&Kind=domain"))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(logs.String(), "does not exist") {
		t.Errorf("status = %d, log:\n%s", rec.Code, logs)
	}
}

func TestRouter_JSONOnlyAPI(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	cfg.QueryNamespace = ""
	cfg.JSONVersion = "1.1"
	cfg.ErrorNamespace = ""
	rt, _ := newRouter(t, cfg)
	rec := serve(rt, formRequest(t, "/", "Action=DeleteMessage"))
	var got jsonError
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != 400 ||
		got.Type != "com.amazon.coral.service#UnknownOperationException" {
		t.Errorf("response = %d %s", rec.Code, rec.Body)
	}
	if _, sent := rec.Header()["X-Amzn-Query-Error"]; sent || rec.Header().Get("Content-Type") != "application/x-amz-json-1.1" {
		t.Errorf("headers = %v", rec.Header())
	}
	rec = serve(rt, jsonRequest(t, "AmazonSQS.Fail", `{"Kind":"domain"}`))
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Type != "QueueDoesNotExist" {
		t.Errorf("response = %d %s, want the bare type", rec.Code, rec.Body)
	}
}

func TestRouter_ErrorDefaults(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	cfg.Error = func(error) *awsproto.Error { return &awsproto.Error{Type: "Odd", QueryCode: "Odd", Message: "m"} }
	rt, _ := newRouter(t, cfg)
	checkQueryError(t, serve(rt, formRequest(t, "/", "Action=Fail&Kind=domain")),
		wantError{400, "", "Odd", "Sender", "m"})
}
