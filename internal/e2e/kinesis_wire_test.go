package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/fxamacker/cbor/v2"

	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/sdkhttp"
)

// Kinesis's answers to a request it cannot frame.
const (
	accessDeniedXML = "<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be " +
		"authorized</Message>\n</AccessDeniedException>\n"
	serializationJSON    = `{"__type":"SerializationException"}`
	unknownOperationJSON = `{"__type":"UnknownOperationException"}`
)

// TestKinesisWire_Framing checks, byte for byte, how Kinesis answers
// requests that are meant for it but malformed: wrong method, Content-Type,
// body or X-Amz-Target. None of them is answered in SQS's XML.
func TestKinesisWire_Framing(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	target := func(action string) string { return "Kinesis_20131202." + action }
	tests := []struct {
		name        string
		method      string
		contentType string
		target      string
		body        string
		sign        bool // with a Kinesis credential scope
		status      int
		wantType    string // the response's Content-Type, "" for none
		want        string // the body; for CBOR, its JSON rendering
	}{
		{"EmptyBody", "POST", jsonContentType, target("ListStreams"), "", false, 400, jsonContentType, serializationJSON},
		{"EmptyBodyUnknownAction", "POST", jsonContentType, target("Whatever"), "", false, 400, jsonContentType, unknownOperationJSON},
		{"EmptyBodyNoTarget", "POST", jsonContentType, "", "", true, 400, jsonContentType, unknownOperationJSON},
		{"EmptyBodyNoContentType", "POST", "", target("ListStreams"), "", false, 400, cborContentType, serializationJSON},
		{"EmptyBodyCBOR", "POST", cborContentType, target("ListStream"), "", false, 400, cborContentType, unknownOperationJSON},
		{"NotJSON", "POST", jsonContentType, target("ListStreams"), "hello", false, 400, jsonContentType, serializationJSON},
		{"Null", "POST", jsonContentType, target("ListStreams"), "null", false, 400, jsonContentType, serializationJSON},
		{"NotCBOR", "POST", cborContentType, target("ListStreams"), "\xff\x00", false, 400, cborContentType, serializationJSON},
		{"UnknownAction", "POST", jsonContentType, target("ListStream"), "{}", false, 400, jsonContentType, unknownOperationJSON},
		{"NoTarget", "POST", jsonContentType, "", "{}", false, 400, jsonContentType, unknownOperationJSON},
		{"UnknownActionCBOR", "POST", cborContentType, target("Whatever"), "\xa0", false, 400, cborContentType, unknownOperationJSON},
		{"NoContentType", "POST", "", target("ListStreams"), "{}", false, 404, "", "<UnknownOperationException/>\n"},
		{"SQSContentType", "POST", "application/x-amz-json-1.0", target("ListStreams"), "{}", false, 404, "",
			"<UnknownOperationException/>\n"},
		{"OnlyTheScope", "POST", "", "", "{}", true, 403, "", accessDeniedXML},
		{"Get", "GET", "", target("ListStreams"), "", false, 403, "", accessDeniedXML},
		{"PlainJSON", "POST", "application/json", target("ListStreams"), "{}", false, 404, "application/json",
			`{"Output":{"__type":"com.amazon.coral.service#UnknownOperationException"},"Version":"1.0"}`},
		{"PlainJSONNotJSON", "POST", "application/json", target("ListStreams"), "hello", false, 400, "application/json",
			`{"Output":{"__type":"com.amazon.coral.service#SerializationException"},"Version":"1.0"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			header := http.Header{}
			if tt.contentType != "" {
				header.Set("Content-Type", tt.contentType)
			}
			if tt.target != "" {
				header.Set("X-Amz-Target", tt.target)
			}
			resp := kinesisRaw(t, srv.URL, tt.method, header, []byte(tt.body), tt.sign)
			body := string(resp.Body)
			if tt.wantType == cborContentType {
				body = cborAsJSON(t, resp.Body)
			}
			if resp.Status != tt.status || resp.Header.Get("Content-Type") != tt.wantType || body != tt.want {
				t.Errorf("answer = %d %q %s\nwant       %d %q %s", resp.Status, resp.Header.Get("Content-Type"), body,
					tt.status, tt.wantType, tt.want)
			}
			if resp.Header.Get("x-amzn-RequestId") == "" {
				t.Error("no x-amzn-RequestId")
			}
		})
	}
}

// TestKinesisWire_OtherService checks that a Kinesis-shaped request for
// another service is told, in a Kinesis error, which services sluice
// serves.
func TestKinesisWire_OtherService(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	resp := kinesisRaw(t, srv.URL, http.MethodPost, http.Header{"Content-Type": {jsonContentType},
		"X-Amz-Target": {"Firehose_20150804.ListDeliveryStreams"}}, []byte("{}"), false)
	e := decodeKinesisError(t, resp.Body)
	if resp.Status != 400 || e.Type != "UnknownOperationException" || e.LowerMessage == nil ||
		!strings.Contains(*e.LowerMessage, "Firehose_20150804.ListDeliveryStreams") ||
		!strings.Contains(*e.LowerMessage, "Amazon Kinesis Data Streams") {
		t.Errorf("answer = %d %s", resp.Status, resp.Body)
	}
}

// cborAsJSON renders a CBOR map of strings as compact JSON with "__type"
// first, for comparing error bodies.
func cborAsJSON(t *testing.T, body []byte) string {
	t.Helper()
	var m map[string]string
	if err := cbor.Unmarshal(body, &m); err != nil {
		t.Fatalf("body %x is not a CBOR map of strings: %v", body, err)
	}
	s := `{"__type":` + strconv.Quote(m["__type"])
	for _, k := range []string{"message", "Message"} {
		if v, ok := m[k]; ok {
			s += `,"` + k + `":` + strconv.Quote(v)
		}
	}
	return s + "}"
}

// TestKinesisWire_WrongTypes checks that a member of the wrong type is a
// SerializationException worded as AWS words it, in a capitalised
// "Message", and that a string is the wrong type for a timestamp.
func TestKinesisWire_WrongTypes(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	wrong := func(msg string) string { return `{"__type":"SerializationException","Message":"` + msg + `"}` }
	tests := []struct {
		name, action, body, want string
	}{
		{"NumberForString", "DescribeStreamSummary", `{"StreamName":5}`,
			wrong("class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String")},
		{"BoolForString", "DescribeStreamSummary", `{"StreamName":true}`,
			wrong("class java.lang.Boolean can not be converted to an String")},
		{"ListForString", "DescribeStreamSummary", `{"StreamName":["s"]}`, wrong("Start of list found where not expected")},
		{"MapForString", "DescribeStreamSummary", `{"StreamName":{}}`,
			wrong("Start of structure or map found where not expected.")},
		{"StringForInteger", "CreateStream", `{"StreamName":"s","ShardCount":"1"}`,
			wrong("class java.lang.String can not be converted to an Integer")},
		{"NumberForBoolean", "DeleteStream", `{"StreamName":"s","EnforceConsumerDeletion":1}`,
			wrong("class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean")},
		{"NumberForBlob", "PutRecord", `{"StreamName":"s","PartitionKey":"k","Data":42}`,
			wrong("class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob")},
		{"StringForList", "PutRecords", `{"StreamName":"s","Records":"r"}`, wrong("Expected list or null")},
		{"StringForMap", "AddTagsToStream", `{"StreamName":"s","Tags":"t"}`, wrong("Expected map or null")},
		{"ListForMap", "AddTagsToStream", `{"StreamName":"s","Tags":["t"]}`, wrong("Start of list found where not expected")},
		{"StringForStructure", "ListShards", `{"StreamName":"s","ShardFilter":"f"}`, wrong("Expected null")},
		{"StringForTimestamp", "GetShardIterator",
			`{"StreamName":"s","ShardId":"shardId-0","ShardIteratorType":"AT_TIMESTAMP","Timestamp":"2026-01-01T00:00:00Z"}`,
			wrong("class java.lang.String can not be converted to milliseconds since epoch")},
		{"NumberInStringForTimestamp", "GetShardIterator",
			`{"StreamName":"s","ShardId":"shardId-0","ShardIteratorType":"AT_TIMESTAMP","Timestamp":"1459799926.480"}`,
			wrong("class java.lang.String can not be converted to milliseconds since epoch")},
		{"BoolForNestedTimestamp", "ListShards", `{"StreamName":"s","ShardFilter":{"Type":"AT_TIMESTAMP","Timestamp":true}}`,
			wrong("class java.lang.Boolean can not be converted to milliseconds since epoch")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := kinesisJSON(t, srv.URL, tt.action, tt.body)
			if resp.Status != 400 || string(resp.Body) != tt.want {
				t.Errorf("%s %s = %d %s\nwant %s", tt.action, tt.body, resp.Status, resp.Body, tt.want)
			}
		})
	}
}

// TestKinesisWire_NoOutput checks that the actions whose output has no
// members answer 200 with an empty body, in both protocols, as AWS does.
func TestKinesisWire_NoOutput(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	name := queueName(t, "")
	tests := []struct {
		name, contentType, action string
		body                      []byte
	}{
		{"CreateStreamJSON", jsonContentType, "CreateStream", []byte(`{"StreamName":"` + name + `","ShardCount":1}`)},
		{"AddTagsToStreamCBOR", cborContentType, "AddTagsToStream", mustCBOR(t, map[string]any{"StreamName": name,
			"Tags": map[string]string{"k": "v"}})},
		{"IncreaseStreamRetentionPeriodJSON", jsonContentType, "IncreaseStreamRetentionPeriod",
			[]byte(`{"StreamName":"` + name + `","RetentionPeriodHours":48}`)},
		{"DeleteStreamCBOR", cborContentType, "DeleteStream", mustCBOR(t, map[string]any{"StreamName": name})},
	}
	for _, tt := range tests { // in order: they act on one stream
		t.Run(tt.name, func(t *testing.T) {
			resp := kinesisRaw(t, srv.URL, http.MethodPost, http.Header{"Content-Type": {tt.contentType},
				"X-Amz-Target": {"Kinesis_20131202." + tt.action}}, tt.body, true)
			if resp.Status != 200 || len(resp.Body) != 0 || resp.Header.Get("Content-Length") != "0" ||
				resp.Header.Get("Content-Type") != tt.contentType {
				t.Errorf("%s = %d %q (Content-Length %q, Content-Type %q), want 200 with an empty body", tt.action,
					resp.Status, resp.Body, resp.Header.Get("Content-Length"), resp.Header.Get("Content-Type"))
			}
		})
	}
}

func mustCBOR(t *testing.T, v any) []byte {
	t.Helper()
	b, err := cbor.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bodyRewriter sends every request with another body, to make an SDK
// client send what it never would.
type bodyRewriter struct {
	base http.RoundTripper
	body string
}

func (b bodyRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Body = io.NopCloser(strings.NewReader(b.body))
	r.ContentLength = int64(len(b.body))
	return b.base.RoundTrip(r)
}

// TestKinesisWire_SDKReadsFramingErrors checks that aws-sdk-go-v2 reads
// Kinesis's framing errors, bare types and capitalised messages alike, as
// the errors they are.
func TestKinesisWire_SDKReadsFramingErrors(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	tests := []struct {
		name, body, code, message string
	}{
		// AWS sends these without a message; the SDK says UnknownError.
		{"EmptyBody", "", "SerializationException", "UnknownError"},
		{"NotJSON", "{", "SerializationException", "UnknownError"},
		{"WrongType", `{"StreamName":5}`, "SerializationException",
			"class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"},
		{"StringTimestamp", `{"StreamName":"s","StreamCreationTimestamp":"yesterday"}`, "SerializationException",
			"class java.lang.String can not be converted to milliseconds since epoch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client := srv.Kinesis(t, func(o *kinesis.Options) {
				o.HTTPClient = &http.Client{Transport: &sdkhttp.Transport{Base: bodyRewriter{base: http.DefaultTransport, body: tt.body}}}
			})
			_, err := client.ListShards(context.Background(), &kinesis.ListShardsInput{StreamName: aws.String("s")})
			if e := wantAPIError(t, err, tt.code); e.ErrorMessage() != tt.message {
				t.Errorf("message = %q, want %q", e.ErrorMessage(), tt.message)
			}
		})
	}
}

// TestKinesisWire_Routing checks which API answers requests that name none
// by X-Amz-Target: Kinesis for its Content-Types and credential scope,
// SQS otherwise.
func TestKinesisWire_Routing(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	tests := []struct {
		name        string
		contentType string
		target      string
		sign        bool
		kinesis     bool
	}{
		{"JSON11", jsonContentType, "", false, true},
		{"CBOR", cborContentType, "", false, true},
		{"KinesisScope", "application/x-www-form-urlencoded", "", true, true},
		{"KinesisTargetWithoutAction", jsonContentType, "Kinesis_20131202", false, true},
		{"SQSTargetWins", jsonContentType, "AmazonSQS.ListQueues", false, false},
		{"SQSQuery", "application/x-www-form-urlencoded", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			header := http.Header{"Content-Type": {tt.contentType}}
			if tt.target != "" {
				header.Set("X-Amz-Target", tt.target)
			}
			body := []byte("Action=ListQueues&Version=2012-11-05")
			if tt.contentType != "application/x-www-form-urlencoded" {
				body = []byte("{}")
			}
			resp := kinesisRaw(t, srv.URL, http.MethodPost, header, body, tt.sign)
			sqsXML := bytes.Contains(resp.Body, []byte("<ListQueuesResponse")) || bytes.Contains(resp.Body, []byte("<ErrorResponse"))
			sqsJSON := bytes.Contains(resp.Body, []byte("com.amazonaws.sqs#")) || resp.Header.Get("x-amzn-query-error") != ""
			answeredBySQS := sqsXML || sqsJSON || (tt.target == "AmazonSQS.ListQueues" && resp.Status == 200)
			if answeredBySQS == tt.kinesis {
				t.Errorf("answered by SQS = %v, want %v: %d %s", answeredBySQS, !tt.kinesis, resp.Status, resp.Body)
			}
		})
	}
}

// TestKinesisWire_SDKStillWorks runs a few actions of each framing through
// aws-sdk-go-v2: actions without output, which now answer an empty body,
// and actions with one.
func TestKinesisWire_SDKStillWorks(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	tests := []struct {
		name string
		call func() error
	}{
		{"AddTagsToStream", func() error {
			_, err := h.kin.AddTagsToStream(h.ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String(name),
				Tags: map[string]string{"k": "v"}})
			return err
		}},
		{"EnableEnhancedMonitoring", func() error {
			out, err := h.kin.EnableEnhancedMonitoring(h.ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: aws.String(name),
				ShardLevelMetrics: []ktypes.MetricsName{ktypes.MetricsNameIncomingBytes}})
			if err == nil && aws.ToString(out.StreamName) != name {
				t.Errorf("EnableEnhancedMonitoring answered for %q", aws.ToString(out.StreamName))
			}
			return err
		}},
		{"StartStreamEncryption", func() error {
			_, err := h.kin.StartStreamEncryption(h.ctx, &kinesis.StartStreamEncryptionInput{StreamName: aws.String(name),
				EncryptionType: ktypes.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")})
			return err
		}},
		{"DeleteStream", func() error {
			_, err := h.kin.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(name)})
			return err
		}},
	}
	for _, tt := range tests { // in order: the last deletes the stream
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
