package server

import (
	"net/http/httptest"
	"testing"
)

func TestKinesisShaped(t *testing.T) {
	t.Parallel()
	const scope = "AKID/20260101/us-east-1/kinesis/aws4_request"
	tests := []struct {
		name, url, target, contentType, authorization string
		want                                          bool
	}{
		{name: "KinesisTarget", url: "/", target: "Kinesis_20131202.ListStreams", want: true},
		{name: "KinesisTargetAlone", url: "/", target: "Kinesis_20131202", want: true},
		{name: "JSON11", url: "/", contentType: "application/x-amz-json-1.1; charset=utf-8", want: true},
		{name: "CBOR", url: "/", contentType: "application/x-amz-cbor-1.1", want: true},
		{name: "Scope", url: "/", authorization: "AWS4-HMAC-SHA256 Credential=" + scope + ", SignedHeaders=host, Signature=x", want: true},
		{name: "ScopeSpaced", url: "/", authorization: "AWS4-HMAC-SHA256 Credential=" + scope + " SignedHeaders=host", want: true},
		{name: "PresignedScope", url: "/?X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fkinesis%2Faws4_request", want: true},
		{name: "SQSTarget", url: "/", target: "AmazonSQS.ListQueues", contentType: "application/x-amz-json-1.1"},
		{name: "SQSJSON", url: "/", contentType: "application/x-amz-json-1.0"},
		{name: "SQSScope", url: "/", authorization: "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sqs/aws4_request, S=x"},
		{name: "Query", url: "/?Action=ListQueues"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("POST", tt.url, nil)
			for k, v := range map[string]string{"X-Amz-Target": tt.target, "Content-Type": tt.contentType,
				"Authorization": tt.authorization} {
				if v != "" {
					r.Header.Set(k, v)
				}
			}
			if got := kinesisShaped(r); got != tt.want {
				t.Errorf("kinesisShaped = %v, want %v", got, tt.want)
			}
		})
	}
}
