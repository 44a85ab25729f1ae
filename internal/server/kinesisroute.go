package server

import (
	"mime"
	"net/http"
	"strings"

	"github.com/sluicemq/sluice/internal/kinesisapi"
)

// sqsTargetPrefix is the X-Amz-Target service of SQS JSON requests.
const sqsTargetPrefix = "AmazonSQS"

// The Content-Types only Kinesis speaks on this port: AWS JSON 1.1 (SQS's
// JSON is 1.0) and AWS CBOR 1.1.
const (
	kinesisJSONType = "application/x-amz-json-" + kinesisapi.JSONVersion
	kinesisCBORType = "application/x-amz-cbor-1.1"
)

// kinesisScope ends the SigV4 credential scope of a Kinesis request.
const kinesisScope = "/kinesis/aws4_request"

// kinesisShaped reports whether a request is meant for Kinesis in any way,
// so that Kinesis answers it even when it is malformed, never SQS: its
// X-Amz-Target names Kinesis, or, unless it names SQS, its Content-Type is
// one only Kinesis speaks (AWS JSON 1.1, CBOR 1.1) or its signature's
// credential scope is Kinesis's.
func kinesisShaped(r *http.Request) bool {
	service, _, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
	switch service {
	case kinesisapi.TargetPrefix:
		return true
	case sqsTargetPrefix:
		return false
	}
	media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if media == kinesisJSONType || media == kinesisCBORType {
		return true
	}
	return strings.HasSuffix(credentialOf(r), kinesisScope)
}

// credentialOf is the Credential of a request's SigV4 signature, from its
// Authorization header or its presigned query string; empty when unsigned.
func credentialOf(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	if _, rest, ok := strings.Cut(auth, "Credential="); ok {
		if end := strings.IndexAny(rest, ", "); end >= 0 {
			rest = rest[:end]
		}
		return rest
	}
	if r.URL.RawQuery == "" {
		return ""
	}
	return r.URL.Query().Get("X-Amz-Credential")
}
