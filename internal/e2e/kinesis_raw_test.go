package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/sluicemq/sluice/internal/servertest"
)

// jsonContentType is the Content-Type of AWS JSON 1.1, which Kinesis
// speaks.
const jsonContentType = "application/x-amz-json-1.1"

// kinesisRaw sends a request to base with the given method, headers and
// body, signed for Kinesis when sign is set, and returns the response with
// its body read. It is for what no SDK sends: empty strings in enums,
// strings for timestamps, bodies that do not parse.
func kinesisRaw(t *testing.T, base, method string, header http.Header, body []byte, sign bool) rawResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(testContext(t), method, base+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if sign {
		sum := sha256.Sum256(body)
		creds := aws.Credentials{AccessKeyID: servertest.AccessKeyID, SecretAccessKey: servertest.SecretAccessKey}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "kinesis",
			servertest.Region, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// kinesisJSON sends a signed AWS JSON 1.1 request for action with a raw
// body.
func kinesisJSON(t *testing.T, base, action, body string) rawResponse {
	t.Helper()
	return kinesisRaw(t, base, http.MethodPost, http.Header{
		"Content-Type": {jsonContentType},
		"X-Amz-Target": {"Kinesis_20131202." + action},
	}, []byte(body), true)
}

// kinesisError is a Kinesis JSON error body. Kinesis words most errors in
// "message" and some (SerializationException) in "Message".
type kinesisError struct {
	Type         string  `json:"__type"`
	LowerMessage *string `json:"message"`
	UpperMessage *string `json:"Message"`
}

// decodeKinesisError reads a JSON error body exactly: its members and
// nothing else.
func decodeKinesisError(t *testing.T, body []byte) kinesisError {
	t.Helper()
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	var e kinesisError
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	// encoding/json matches names case-insensitively: sort them out.
	e.LowerMessage, e.UpperMessage = nil, nil
	for k, v := range members {
		var s string
		_ = json.Unmarshal(v, &s)
		switch k {
		case "message":
			e.LowerMessage = &s
		case "Message":
			e.UpperMessage = &s
		}
	}
	return e
}
