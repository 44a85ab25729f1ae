package push

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the request
// body under the queue's SluicePushSecret.
const SignatureHeader = "X-Sluice-Signature"

// Sign returns the SignatureHeader value for body.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether header is body's signature under secret, in
// constant time: what an endpoint written in Go runs on each request.
func Verify(secret string, body []byte, header string) bool {
	want := Sign(secret, body)
	return strings.HasPrefix(header, "sha256=") && hmac.Equal([]byte(header), []byte(want))
}
