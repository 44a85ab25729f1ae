package awsproto_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/awsproto/sigv4"
	"github.com/sluicemq/sluice/internal/clock/clocktest"
)

var authNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// authRouter returns a router over testOperations that verifies
// signatures of one key, AKIDROUTER of account 123456789012; kinesisLike
// drops the query protocol, as a JSON-only API has none.
func authRouter(t *testing.T, kinesisLike bool) *awsproto.Router {
	t.Helper()
	cfg := testConfig()
	if kinesisLike {
		cfg.QueryNamespace = ""
	}
	cfg.Verifier = sigv4.New(sigv4.StaticCredentials{"AKIDROUTER": {Secret: "router-secret", Account: "123456789012"}},
		clocktest.New(authNow), sigv4.Options{Services: []string{"sqs"}})
	rt, _ := newRouter(t, cfg)
	return rt
}

// signRequest signs r as an SDK would, at authNow in region.
func signRequest(t *testing.T, r *http.Request, secret, region string) {
	t.Helper()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: "AKIDROUTER", SecretAccessKey: secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), "sqs", region, authNow); err != nil {
		t.Fatal(err)
	}
}

func TestRouter_VerifiedRequestActsAsItsSigner(t *testing.T) {
	t.Parallel()
	r := jsonRequest(t, "AmazonSQS.GetQueueAttributes", `{"QueueUrl":"u","AttributeNames":["Account","Region"]}`)
	// The account is the one the key is configured with, the region the
	// signature scope's.
	signRequest(t, r, "router-secret", "eu-west-1")
	rec := serve(authRouter(t, false), r)
	want := `{"Attributes":{"Account":"123456789012","Region":"eu-west-1"}}`
	if rec.Code != http.StatusOK || rec.Body.String() != want {
		t.Fatalf("response = %d %s, want 200 %s", rec.Code, rec.Body, want)
	}
}

func TestRouter_RefusalComesBeforeDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		kinesisLike bool
		request     func(t *testing.T) *http.Request
		status      int
		typ         string
		queryError  string // x-amzn-query-error, JSON only
		xmlCode     string // query protocol only
	}{
		{
			name: "UnknownOperationWrongSecret",
			request: func(t *testing.T) *http.Request {
				r := jsonRequest(t, "AmazonSQS.NoSuchAction", `not even json`)
				signRequest(t, r, "wrong", "us-east-1")
				return r
			},
			status: 403, typ: "com.amazon.coral.service#InvalidSignatureException", queryError: "SignatureDoesNotMatch;Sender",
		},
		{
			name: "UnsignedJSON",
			request: func(t *testing.T) *http.Request {
				return jsonRequest(t, "AmazonSQS.Fail", `{"Kind":"panic"}`)
			},
			status: 403, typ: "com.amazon.coral.service#MissingAuthenticationTokenException",
			queryError: "MissingAuthenticationToken;Sender",
		},
		{
			name: "UnsignedQuery",
			request: func(t *testing.T) *http.Request {
				return formRequest(t, "/", "Action=Fail&Kind=panic")
			},
			status: 403, xmlCode: "<Code>MissingAuthenticationToken</Code>",
		},
		{
			name:        "JSONOnlyAPIWrongSecret",
			kinesisLike: true,
			request: func(t *testing.T) *http.Request {
				r := jsonRequest(t, "AmazonSQS.Fail", `{"Kind":"panic"}`)
				signRequest(t, r, "wrong", "us-east-1")
				return r
			},
			status: 400, typ: "com.amazon.coral.service#InvalidSignatureException",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := serve(authRouter(t, tt.kinesisLike), tt.request(t))
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if got := rec.Header().Get("X-Amzn-Query-Error"); got != tt.queryError {
				t.Errorf("x-amzn-query-error = %q, want %q", got, tt.queryError)
			}
			if tt.xmlCode != "" {
				if !strings.Contains(rec.Body.String(), tt.xmlCode) {
					t.Errorf("body %s does not hold %s", rec.Body, tt.xmlCode)
				}
				return
			}
			var body struct {
				Type string `json:"__type"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Type != tt.typ {
				t.Errorf("body = %s, want __type %s", rec.Body, tt.typ)
			}
		})
	}
}
