package awsproto_test

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/sluicemq/sluice/internal/awsproto"
)

// syncBuffer is a log sink safe for a handler's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newRouter(t *testing.T, cfg awsproto.RouterConfig) (*awsproto.Router, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	return awsproto.NewRouter(cfg), logs
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func jsonRequest(t *testing.T, target, body string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-amz-json-1.0")
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	return r
}

func formRequest(t *testing.T, path, body string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestRouter_JSON(t *testing.T) {
	t.Parallel()
	rt, _ := newRouter(t, testConfig())
	rec := serve(rt, jsonRequest(t, "AmazonSQS.SendMessageBatch",
		`{"QueueUrl":"u","Entries":[{"Id":"a","MessageBody":"x"},{"Id":"b","MessageBody":""}]}`))
	want := `{"Successful":[{"Id":"a","MessageId":"id-a","MD5OfMessageBody":"9dd4e461268c8034f5c8564e155c67a6"}],` +
		`"Failed":[{"Id":"b","SenderFault":true,"Code":"MissingParameter"}]}`
	if rec.Code != http.StatusOK || rec.Body.String() != want {
		t.Fatalf("response = %d %s\nwant 200 %s", rec.Code, rec.Body, want)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/x-amz-json-1.0" {
		t.Errorf("Content-Type = %q", ct)
	}
	if id := rec.Header().Get("x-amzn-RequestId"); !uuidPattern.MatchString(id) {
		t.Errorf("x-amzn-RequestId = %q, want a uuid", id)
	}
}

func TestRouter_Query(t *testing.T) {
	t.Parallel()
	rt, _ := newRouter(t, testConfig())
	rec := serve(rt, formRequest(t, "/", "Action=SendMessageBatch&Version=2012-11-05&QueueUrl=u"+
		"&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x"))
	id := rec.Header().Get("x-amzn-RequestId")
	want := `<?xml version="1.0"?><SendMessageBatchResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">` +
		`<SendMessageBatchResult><SendMessageBatchResultEntry><Id>a</Id><MessageId>id-a</MessageId>` +
		`<MD5OfMessageBody>9dd4e461268c8034f5c8564e155c67a6</MD5OfMessageBody></SendMessageBatchResultEntry>` +
		`</SendMessageBatchResult><ResponseMetadata><RequestId>` + id + `</RequestId></ResponseMetadata></SendMessageBatchResponse>`
	if rec.Code != http.StatusOK || rec.Body.String() != want {
		t.Fatalf("response = %d %s\nwant 200 %s", rec.Code, rec.Body, want)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/xml" || !uuidPattern.MatchString(id) {
		t.Errorf("Content-Type = %q, x-amzn-RequestId = %q", ct, id)
	}
}

// attributes runs GetQueueAttributes for names and returns what the handler saw.
func attributes(t *testing.T, rt http.Handler, r *http.Request) map[string]string {
	t.Helper()
	rec := serve(rt, r)
	if rec.Code != http.StatusOK {
		t.Fatalf("response = %d %s", rec.Code, rec.Body)
	}
	var out getAttributesOutput
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	return out.Attributes
}

func TestRouter_RequestContext(t *testing.T) {
	t.Parallel()
	const allNames = `{"AttributeNames":["Account","Region","Host","Scheme","Path","RequestId"]}`
	sign := func(r *http.Request, credential string) *http.Request {
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+credential+
			", SignedHeaders=host;x-amz-date, Signature=abc")
		return r
	}
	tests := []struct {
		name            string
		request         func(t *testing.T) *http.Request
		account, region string
	}{
		{"Unsigned", func(t *testing.T) *http.Request {
			return jsonRequest(t, "AmazonSQS.GetQueueAttributes", allNames)
		}, "000000000000", "us-east-1"},
		{"TwelveDigitKey", func(t *testing.T) *http.Request {
			return sign(jsonRequest(t, "AmazonSQS.GetQueueAttributes", allNames), "123456789012/20260101/eu-west-3/sqs/aws4_request")
		}, "123456789012", "eu-west-3"},
		{"OrdinaryKey", func(t *testing.T) *http.Request {
			return sign(jsonRequest(t, "AmazonSQS.GetQueueAttributes", allNames), "AKIAIOSFODNN7EXAMPLE/20260101/ap-south-1/sqs/aws4_request")
		}, "000000000000", "ap-south-1"},
		{"OddRegion", func(t *testing.T) *http.Request {
			return sign(jsonRequest(t, "AmazonSQS.GetQueueAttributes", allNames), "123456789012/20260101/<evil>/sqs/aws4_request")
		}, "123456789012", "us-east-1"},
		{"Presigned", func(t *testing.T) *http.Request {
			r := jsonRequest(t, "AmazonSQS.GetQueueAttributes", allNames)
			r.URL.RawQuery = url.Values{"X-Amz-Credential": {"210987654321/20260101/us-west-2/sqs/aws4_request"}}.Encode()
			return r
		}, "210987654321", "us-west-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, _ := newRouter(t, testConfig())
			got := attributes(t, rt, tt.request(t))
			if got["Account"] != tt.account || got["Region"] != tt.region {
				t.Errorf("account, region = %q, %q; want %q, %q", got["Account"], got["Region"], tt.account, tt.region)
			}
			if got["Host"] != "example.com" || got["Scheme"] != "http" || got["Path"] != "/" ||
				!uuidPattern.MatchString(got["RequestId"]) {
				t.Errorf("request = %v", got)
			}
		})
	}
}

func TestRouter_QueryOnQueueURLPath(t *testing.T) {
	t.Parallel()
	rt, _ := newRouter(t, testConfig())
	t.Run("GET", func(t *testing.T) {
		t.Parallel()
		r := httptest.NewRequest(http.MethodGet,
			"https://localhost:4566/000000000000/q?Action=GetQueueAttributes&AttributeName.1=Path&AttributeName.2=Scheme", nil)
		r.TLS = &tls.ConnectionState{}
		rec := serve(rt, r)
		want := "<Attribute><Name>Path</Name><Value>/000000000000/q</Value></Attribute>" +
			"<Attribute><Name>Scheme</Name><Value>https</Value></Attribute>"
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("response = %d %s, want %s", rec.Code, rec.Body, want)
		}
	})
	t.Run("POSTWithURLParameters", func(t *testing.T) {
		t.Parallel()
		r := formRequest(t, "/000000000000/q?QueueUrl=from-url&AttributeName.2=Path",
			"Action=GetQueueAttributes&AttributeName.1=QueueUrl")
		rec := serve(rt, r)
		want := "<Attribute><Name>Path</Name><Value>/000000000000/q</Value></Attribute>" +
			"<Attribute><Name>QueueUrl</Name><Value>from-url</Value></Attribute>"
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("response = %d %s, want %s", rec.Code, rec.Body, want)
		}
	})
}

func TestRouter_QueryModeHeader(t *testing.T) {
	t.Parallel()
	rt, _ := newRouter(t, testConfig())
	r := jsonRequest(t, "AmazonSQS.DeleteMessage", `{}`)
	r.Header.Set("x-amzn-query-mode", "true")
	if rec := serve(rt, r); rec.Code != http.StatusOK || rec.Body.String() != "{}" {
		t.Errorf("response = %d %s, want 200 {}", rec.Code, rec.Body)
	}
}

func TestRouter_NoOutput(t *testing.T) {
	t.Parallel()
	rt, _ := newRouter(t, testConfig())
	rec := serve(rt, formRequest(t, "/", "Action=DeleteMessage"))
	id := rec.Header().Get("x-amzn-RequestId")
	want := `<?xml version="1.0"?><DeleteMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">` +
		`<ResponseMetadata><RequestId>` + id + `</RequestId></ResponseMetadata></DeleteMessageResponse>`
	if rec.Code != http.StatusOK || rec.Body.String() != want {
		t.Errorf("response = %d %s, want %s", rec.Code, rec.Body, want)
	}
}

func TestRouter_DistinctRequestIDs(t *testing.T) {
	t.Parallel()
	rt, _ := newRouter(t, testConfig())
	first := serve(rt, formRequest(t, "/", "Action=DeleteMessage")).Header().Get("x-amzn-RequestId")
	second := serve(rt, formRequest(t, "/", "Action=DeleteMessage")).Header().Get("x-amzn-RequestId")
	if first == second {
		t.Errorf("two requests share the id %q", first)
	}
}

func TestNewRouter_DuplicateOperation(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("NewRouter with a duplicate operation did not panic")
		}
	}()
	cfg := testConfig()
	cfg.Operations = append(cfg.Operations, awsproto.Op("Fail", fail))
	awsproto.NewRouter(cfg)
}
