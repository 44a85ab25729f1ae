package sigv4

import (
	"fmt"
	"net/http"
)

// Code says why a request was refused.
type Code string

// The reasons a request is refused.
const (
	// MissingAuthenticationToken: the request carries no signature at all.
	MissingAuthenticationToken Code = "MissingAuthenticationToken"
	// IncompleteSignature: the signature is malformed or incomplete (bad
	// header or scope, a required header unsigned, both forms at once, an
	// unsupported x-amz-content-sha256).
	IncompleteSignature Code = "IncompleteSignature"
	// InvalidClientTokenId: the access key is unknown.
	InvalidClientTokenId Code = "InvalidClientTokenId"
	// SignatureDoesNotMatch: the signature is not the one the secret gives
	// (wrong secret, or a signed part of the request changed).
	SignatureDoesNotMatch Code = "SignatureDoesNotMatch"
	// RequestExpired: X-Amz-Date is outside the allowed skew, or a presigned
	// request is past its expiry.
	RequestExpired Code = "RequestExpired"
)

// Messages AWS sends for these failures.
const (
	msgMissing    = "Request is missing Authentication Token"
	msgUnknownKey = "The security token included in the request is invalid."
	msgMismatch   = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

// Error is why Verify refused a request. Its message is safe to send to
// the client: it never holds a secret and echoes at most a short,
// truncated piece of the request.
type Error struct {
	Code    Code
	Message string
}

// Error returns the code and the message.
func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

func newError(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// coral is the namespace of errors raised by the AWS front end rather than
// by a service's model.
const coral = "com.amazon.coral.service#"

// Wire is how an error looks on the wire in each protocol.
type Wire struct {
	// QueryCode is the <Code> of an SQS query-protocol error, and the code
	// an SQS JSON error carries in its x-amzn-query-error header (which the
	// SDKs report as the error code).
	QueryCode string
	// SQSType is the __type of an SQS AWS JSON 1.0 error.
	SQSType string
	// SQSStatus is the HTTP status of an SQS error, in both protocols.
	SQSStatus int
	// KinesisType is the __type of a Kinesis AWS JSON 1.1 error.
	KinesisType string
	// KinesisStatus is the HTTP status of a Kinesis error.
	KinesisStatus int
}

// Wire returns how AWS puts an error of code c on the wire.
//
// SQS answers authentication failures with 403 (400 for an incomplete
// signature) and query codes that its JSON protocol repeats in
// x-amzn-query-error. Kinesis, like the other JSON services, answers 400
// with the front end's exception names. An expired signature is reported
// as a signature mismatch ("Signature expired: ..."), as AWS does: the SDKs
// correct their clock offset and retry on exactly those codes
// (SignatureDoesNotMatch, InvalidSignatureException).
func (c Code) Wire() Wire {
	switch c {
	case MissingAuthenticationToken:
		return Wire{QueryCode: "MissingAuthenticationToken", SQSStatus: http.StatusForbidden,
			SQSType: coral + "MissingAuthenticationTokenException", KinesisType: coral + "MissingAuthenticationTokenException",
			KinesisStatus: http.StatusBadRequest}
	case InvalidClientTokenId:
		return Wire{QueryCode: "InvalidClientTokenId", SQSStatus: http.StatusForbidden,
			SQSType: coral + "UnrecognizedClientException", KinesisType: coral + "UnrecognizedClientException",
			KinesisStatus: http.StatusBadRequest}
	case SignatureDoesNotMatch, RequestExpired:
		return Wire{QueryCode: "SignatureDoesNotMatch", SQSStatus: http.StatusForbidden,
			SQSType: coral + "InvalidSignatureException", KinesisType: coral + "InvalidSignatureException",
			KinesisStatus: http.StatusBadRequest}
	}
	return Wire{QueryCode: "IncompleteSignature", SQSStatus: http.StatusBadRequest,
		SQSType: coral + "IncompleteSignatureException", KinesisType: coral + "IncompleteSignatureException",
		KinesisStatus: http.StatusBadRequest}
}
