// Package sigv4 verifies AWS Signature Version 4 on incoming requests, in
// both of its forms: the Authorization header and the presigned query
// string. It rebuilds the canonical request exactly as the AWS SDKs build it
// for services other than S3, derives the signing key from the secret of the
// access key the request names, and compares signatures in constant time.
//
// What a request must satisfy to be accepted:
//
//   - exactly one of the two forms, parsed strictly (a malformed scope,
//     signature or signed-header list is IncompleteSignature, never a panic);
//   - a credential scope <key>/<yyyymmdd>/<region>/<service>/aws4_request
//     whose region looks like a region and whose service is allowed;
//   - an X-Amz-Date in ISO 8601 basic form whose day is the scope's day,
//     within Options.MaxSkew of the clock (presigned: from X-Amz-Date minus
//     the skew to X-Amz-Date plus X-Amz-Expires, at most seven days);
//   - host and x-amz-date signed, and every x-amz-* header it carries signed
//     (an unsigned X-Amz-Target could otherwise turn a signed SendMessage
//     into a DeleteQueue);
//   - a payload hash that is the SHA-256 of the body as received, or
//     UNSIGNED-PAYLOAD when Options allow it; streaming (chunked) payload
//     signing is not supported;
//   - a signature equal to the one computed with the access key's secret.
//
// A Verifier never reads the body itself: the caller reads it under its own
// size cap and passes the exact bytes, so the body that was verified is the
// body that is decoded.
//
// A router verifies after reading the body and before decoding anything,
// and sends a refusal in the request's protocol:
//
//	id, err := verifier.Verify(r, body)
//	if e, ok := errors.AsType[*sigv4.Error](err); ok {
//		w := e.Code.Wire()
//		typ, status := w.SQSType, w.SQSStatus // SQS, both protocols
//		if kinesis {
//			typ, status = w.KinesisType, w.KinesisStatus
//		}
//		// query: <Code>w.QueryCode</Code>; SQS JSON: __type typ plus
//		// x-amzn-query-error: w.QueryCode;Sender; message e.Message.
//	}
//	// else: the caller is id.Account, in id.Region.
package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/sluicemq/sluice/internal/clock"
)

// Limits of the protocol.
const (
	// Algorithm is the only signing algorithm accepted.
	Algorithm = "AWS4-HMAC-SHA256"
	// DefaultMaxSkew is how far a request's X-Amz-Date may be from the
	// server's clock when Options leave MaxSkew at zero. AWS uses 15 minutes.
	DefaultMaxSkew = 15 * time.Minute
	// MaxPresignExpires is the longest X-Amz-Expires a presigned request may
	// carry, in seconds (seven days, the SDKs' limit).
	MaxPresignExpires = 604800
	// UnsignedPayload is the x-amz-content-sha256 value by which a client
	// says it did not sign the body.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
)

// Credentials resolves access key ids to their secrets.
type Credentials interface {
	// Lookup returns the secret access key of accessKey and the account the
	// key belongs to; ok is false for an unknown key.
	Lookup(accessKey string) (secret, account string, ok bool)
}

// Key is the secret and account of one access key.
type Key struct {
	Secret  string
	Account string
}

// StaticCredentials is a fixed set of access keys, by access key id.
type StaticCredentials map[string]Key

// Lookup returns the key registered under accessKey.
func (s StaticCredentials) Lookup(accessKey string) (secret, account string, ok bool) {
	k, ok := s[accessKey]
	return k.Secret, k.Account, ok
}

// Options tune a Verifier. The zero value is valid.
type Options struct {
	// MaxSkew is how far X-Amz-Date may be from the clock in either
	// direction; zero means DefaultMaxSkew.
	MaxSkew time.Duration
	// Services lists the service names a credential scope may name ("sqs",
	// "kinesis"). Empty allows any well-formed name; a router serving one
	// API should list its own, so that a signature made for another service
	// is refused.
	Services []string
	// RejectUnsignedPayload refuses requests whose x-amz-content-sha256 is
	// UNSIGNED-PAYLOAD, so that every accepted body is covered by its
	// signature. SQS and Kinesis SDKs always sign the body.
	RejectUnsignedPayload bool
}

// Identity is who signed a verified request, and for what.
type Identity struct {
	// AccessKey is the access key id that signed the request.
	AccessKey string
	// Account is the account the access key belongs to.
	Account string
	// Region and Service are those of the credential scope.
	Region  string
	Service string
}

// Verifier checks the signatures of incoming requests. It is safe for
// concurrent use.
type Verifier struct {
	creds    Credentials
	clk      clock.Clock
	maxSkew  time.Duration
	services map[string]bool
	// serviceList names the allowed services for messages: 'sqs'.
	serviceList string
	unsigned    bool
	keys        keyCache
}

// New returns a Verifier that looks secrets up in creds and checks request
// times against clk.
func New(creds Credentials, clk clock.Clock, opts Options) *Verifier {
	v := &Verifier{creds: creds, clk: clk, maxSkew: opts.MaxSkew, unsigned: !opts.RejectUnsignedPayload}
	if v.maxSkew <= 0 {
		v.maxSkew = DefaultMaxSkew
	}
	if len(opts.Services) > 0 {
		v.services = make(map[string]bool, len(opts.Services))
		quoted := make([]string, len(opts.Services))
		for i, s := range opts.Services {
			v.services[s] = true
			quoted[i] = "'" + s + "'"
		}
		v.serviceList = strings.Join(quoted, " or ")
	}
	return v
}

// Verify checks the signature of r, whose body is body (read in full by the
// caller; r.Body is not touched). It returns who signed the request, or an
// *Error saying why the request is refused.
func (v *Verifier) Verify(r *http.Request, body []byte) (*Identity, error) {
	a, err := parseAuth(r)
	if err != nil {
		return nil, err
	}
	if err := v.checkScope(a.scope); err != nil {
		return nil, err
	}
	if err := checkSignedHeaders(r, a); err != nil {
		return nil, err
	}
	claimed, err := v.claimedPayloadHash(r)
	if err != nil {
		return nil, err
	}
	secret, account, ok := v.creds.Lookup(a.accessKey)
	if !ok {
		return nil, newError(InvalidClientTokenId, msgUnknownKey)
	}
	if err := v.checkTime(a); err != nil {
		return nil, err
	}
	payloadHash, err := payloadHashOf(claimed, body)
	if err != nil {
		return nil, err
	}
	key := v.keys.signingKey(secret, a.scope)
	for _, uri := range canonicalURIs(rawPath(r)) {
		canonical := canonicalRequest(r, a, uri, payloadHash, len(body))
		if hmac.Equal(signature(key, a, canonical), a.signature) {
			return &Identity{AccessKey: a.accessKey, Account: account,
				Region: a.scope.region, Service: a.scope.service}, nil
		}
	}
	return nil, newError(SignatureDoesNotMatch, msgMismatch)
}

// signature computes the signature of the canonical request under key.
func signature(key []byte, a *auth, canonical string) []byte {
	digest := sha256.Sum256([]byte(canonical))
	stringToSign := Algorithm + "\n" + a.amzDate + "\n" + a.scope.String() + "\n" + hex.EncodeToString(digest[:])
	return hmacSHA256(key, stringToSign)
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
