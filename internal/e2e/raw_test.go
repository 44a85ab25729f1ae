package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/sluicemq/sluice/internal/servertest"
)

// queryVersion is the SQS query API version clients send.
const queryVersion = "2012-11-05"

// rawClient sends hand-built, SigV4-signed requests, to test the wire
// formats byte by byte.
type rawClient struct {
	base string
}

// rawResponse is a response with its body read.
type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

func (c rawClient) do(t *testing.T, method, path string, header http.Header, body []byte) rawResponse {
	t.Helper()
	ctx := testContext(t)
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: servertest.AccessKeyID, SecretAccessKey: servertest.SecretAccessKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "sqs", servertest.Region, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return rawResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// json sends an AWS JSON 1.0 request for action.
func (c rawClient) json(t *testing.T, action string, input any) rawResponse {
	t.Helper()
	body, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	return c.do(t, http.MethodPost, "/", http.Header{
		"Content-Type": {"application/x-amz-json-1.0"},
		"X-Amz-Target": {"AmazonSQS." + action},
	}, body)
}

// query POSTs a query-protocol form for action to path ("/" or a queue
// URL path).
func (c rawClient) query(t *testing.T, path, action string, form url.Values) rawResponse {
	t.Helper()
	form = cloneValues(form)
	form.Set("Action", action)
	form.Set("Version", queryVersion)
	return c.do(t, http.MethodPost, path, http.Header{
		"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"},
	}, []byte(form.Encode()))
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// queryErrorResponse is the query protocol's error document.
type queryErrorResponse struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Error   struct {
		Type    string
		Code    string
		Message string
	}
	RequestID string `xml:"RequestId"`
}

// jsonError is the AWS JSON error body.
type jsonError struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

// urlPath returns the path of a queue URL.
func urlPath(t *testing.T, queueURL string) string {
	t.Helper()
	u, err := url.Parse(queueURL)
	if err != nil {
		t.Fatalf("queue URL %q: %v", queueURL, err)
	}
	return u.Path
}

func TestQuery_RequestToQueueURLPath(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	name := queueName(t, "")
	queueURL := h.createQueue(t, name, nil)
	raw := rawClient{base: h.srv.URL}
	path := urlPath(t, queueURL)

	t.Run("FormPOST", func(t *testing.T) {
		resp := raw.query(t, path, "SendMessage", url.Values{"MessageBody": {"posted to the queue path"}})
		if resp.Status != http.StatusOK {
			t.Fatalf("status %d: %s", resp.Status, resp.Body)
		}
		var out struct {
			XMLName xml.Name `xml:"SendMessageResponse"`
			Result  struct {
				MessageID        string `xml:"MessageId"`
				MD5OfMessageBody string
			} `xml:"SendMessageResult"`
			RequestID string `xml:"ResponseMetadata>RequestId"`
		}
		if err := xml.Unmarshal(resp.Body, &out); err != nil {
			t.Fatalf("response %s: %v", resp.Body, err)
		}
		if out.Result.MessageID == "" || out.Result.MD5OfMessageBody == "" || out.RequestID == "" {
			t.Errorf("SendMessageResponse lacks fields: %s", resp.Body)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") && !strings.HasPrefix(ct, "application/xml") {
			t.Errorf("Content-Type = %q, want XML", ct)
		}
	})

	t.Run("GETWithQueryString", func(t *testing.T) {
		q := url.Values{"Action": {"ReceiveMessage"}, "Version": {queryVersion}, "MaxNumberOfMessages": {"10"},
			"AttributeName.1": {"All"}}
		resp := raw.do(t, http.MethodGet, path+"?"+q.Encode(), nil, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("status %d: %s", resp.Status, resp.Body)
		}
		var out struct {
			XMLName  xml.Name `xml:"ReceiveMessageResponse"`
			Messages []struct {
				Body          string
				ReceiptHandle string
				Attributes    []struct{ Name, Value string } `xml:"Attribute"`
			} `xml:"ReceiveMessageResult>Message"`
		}
		if err := xml.Unmarshal(resp.Body, &out); err != nil {
			t.Fatalf("response %s: %v", resp.Body, err)
		}
		if len(out.Messages) != 1 || out.Messages[0].Body != "posted to the queue path" || out.Messages[0].ReceiptHandle == "" {
			t.Fatalf("ReceiveMessage by GET = %s", resp.Body)
		}
		var count string
		for _, a := range out.Messages[0].Attributes {
			if a.Name == "ApproximateReceiveCount" {
				count = a.Value
			}
		}
		if count != "1" {
			t.Errorf("ApproximateReceiveCount = %q in %s", count, resp.Body)
		}
	})

	t.Run("QueueURLOfAnotherHost", func(t *testing.T) {
		foreign := "http://sqs.us-east-1.localhost.example:4566" + path
		resp := raw.query(t, "/", "GetQueueAttributes", url.Values{"QueueUrl": {foreign}, "AttributeName.1": {"QueueArn"}})
		if resp.Status != http.StatusOK || !strings.Contains(string(resp.Body), ":"+name+"<") {
			t.Errorf("GetQueueAttributes with a foreign-host URL: %d %s", resp.Status, resp.Body)
		}
	})
}

func TestJSON_RawResponseShape(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	queueURL := h.createQueue(t, queueName(t, ""), nil)
	raw := rawClient{base: h.srv.URL}

	resp := raw.json(t, "SendMessage", map[string]any{"QueueUrl": queueURL, "MessageBody": "x"})
	if resp.Status != http.StatusOK {
		t.Fatalf("status %d: %s", resp.Status, resp.Body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-amz-json-1.0" {
		t.Errorf("Content-Type = %q, want application/x-amz-json-1.0", ct)
	}
	if resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("no x-amzn-RequestId header")
	}
	var out map[string]any
	if err := json.Unmarshal(resp.Body, &out); err != nil {
		t.Fatalf("body %s: %v", resp.Body, err)
	}
	if _, ok := out["MD5OfMessageAttributes"]; ok {
		t.Errorf("response carries MD5OfMessageAttributes for a message without attributes: %s", resp.Body)
	}

	resp = raw.json(t, "ReceiveMessage", map[string]any{"QueueUrl": queueURL})
	if strings.Contains(string(resp.Body), `"MessageAttributes"`) {
		t.Errorf("ReceiveMessage carries an empty MessageAttributes map: %s", resp.Body)
	}
}
