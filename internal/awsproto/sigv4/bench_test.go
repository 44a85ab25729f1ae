package sigv4

import "testing"

// BenchmarkVerify measures verifying a header-signed SQS JSON request.
func BenchmarkVerify(b *testing.B) {
	r := sign(b, sqsJSON(), "us-east-1", "sqs", signedAt)
	body := bodyOf(b, r)
	v := newVerifier(signedAt, Options{})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(r, body); err != nil {
			b.Fatal(err)
		}
	}
}
