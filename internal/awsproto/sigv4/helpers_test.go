package sigv4

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
)

const (
	testKey     = "AKIDEXAMPLE"
	testSecret  = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testAccount = "123456789012"
	testHost    = "localhost:4566"
)

// signedAt is when test requests are signed.
var signedAt = time.Date(2026, 11, 25, 12, 30, 0, 0, time.UTC)

var testCreds = StaticCredentials{testKey: {Secret: testSecret, Account: testAccount}}

// newVerifier returns a Verifier for sqs and kinesis whose clock reads now.
func newVerifier(now time.Time, opts Options) *Verifier {
	if opts.Services == nil {
		opts.Services = []string{"sqs", "kinesis"}
	}
	return New(testCreds, clocktest.New(now), opts)
}

// clientRequest is a request as a client builds it before signing.
type clientRequest struct {
	method  string
	url     string
	headers http.Header
	body    []byte
}

// sqsJSON is a typical SQS JSON request.
func sqsJSON() clientRequest {
	h := http.Header{}
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("X-Amz-Target", "AmazonSQS.SendMessage")
	return clientRequest{method: http.MethodPost, url: "http://" + testHost + "/", headers: h,
		body: []byte(`{"QueueUrl":"http://localhost:4566/123456789012/q","MessageBody":"hello"}`)}
}

func (c clientRequest) httpRequest(t testing.TB) *http.Request {
	t.Helper()
	req, err := http.NewRequest(c.method, c.url, bytes.NewReader(c.body))
	if err != nil {
		t.Fatalf("NewRequest(%q): %v", c.url, err)
	}
	for k, vs := range c.headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return req
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

var sdkCreds = aws.Credentials{AccessKeyID: testKey, SecretAccessKey: testSecret}

// sign signs c in the Authorization header with the AWS SDK for Go and
// returns the request as a server receives it.
func sign(t testing.TB, c clientRequest, region, service string, at time.Time) *http.Request {
	t.Helper()
	return signWith(t, c, region, service, at, hashHex(c.body))
}

func signWith(t testing.TB, c clientRequest, region, service string, at time.Time, payloadHash string) *http.Request {
	t.Helper()
	return signAs(t, sdkCreds, c, region, service, at, payloadHash)
}

func signAs(t testing.TB, creds aws.Credentials, c clientRequest, region, service string, at time.Time, payloadHash string) *http.Request {
	t.Helper()
	req := c.httpRequest(t)
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, payloadHash, service, region, at); err != nil {
		t.Fatalf("SignHTTP: %v", err)
	}
	return received(t, req)
}

// presign presigns c for expires with the AWS SDK for Go and returns the
// request as a server receives it.
func presign(t testing.TB, c clientRequest, region, service string, at time.Time, expires int) *http.Request {
	t.Helper()
	req := c.httpRequest(t)
	q := req.URL.Query()
	q.Set(paramExpires, strconv.Itoa(expires))
	req.URL.RawQuery = q.Encode()
	uri, signed, err := v4.NewSigner().PresignHTTP(context.Background(), sdkCreds, req, hashHex(c.body), service, region, at)
	if err != nil {
		t.Fatalf("PresignHTTP: %v", err)
	}
	out, err := http.NewRequest(c.method, uri, bytes.NewReader(c.body))
	if err != nil {
		t.Fatalf("NewRequest(%q): %v", uri, err)
	}
	for k, vs := range signed {
		if http.CanonicalHeaderKey(k) == "Host" {
			continue
		}
		for _, v := range vs {
			out.Header.Add(k, v)
		}
	}
	return received(t, out)
}

// received sends req through the HTTP/1.1 wire format and reads it back as
// net/http's server does, so that Host, RequestURI and header keys are what
// a handler sees.
func received(t testing.TB, req *http.Request) *http.Request {
	t.Helper()
	var wire bytes.Buffer
	if err := req.Write(&wire); err != nil {
		t.Fatalf("writing request: %v", err)
	}
	return parseWire(t, wire.Bytes())
}

func parseWire(t testing.TB, wire []byte) *http.Request {
	t.Helper()
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(wire)))
	if err != nil {
		t.Fatalf("reading request back: %v\n%q", err, wire)
	}
	return r
}

// bodyOf reads a received request's body.
func bodyOf(t testing.TB, r *http.Request) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return b
}

// clone copies a received request deeply enough for a test to change its
// method, URL, headers and body.
func clone(t testing.TB, r *http.Request, body []byte) (*http.Request, []byte) {
	t.Helper()
	c := r.Clone(context.Background())
	u := *r.URL
	c.URL = &u
	return c, bytes.Clone(body)
}

// codeOf returns the Code of err, or "" when err is not an *Error.
func codeOf(err error) Code {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return ""
}

// setQuery replaces the query of a received request.
func setQuery(r *http.Request, q url.Values) {
	r.URL.RawQuery = q.Encode()
	path, _, _ := strings.Cut(r.RequestURI, "?")
	r.RequestURI = path + "?" + r.URL.RawQuery
}
