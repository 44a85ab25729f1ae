package sigv4

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// signedSQS returns a header-signed SQS JSON request and its body.
func signedSQS(t *testing.T) (*http.Request, []byte) {
	r := sign(t, sqsJSON(), "us-east-1", "sqs", signedAt)
	return r, bodyOf(t, r)
}

// presignedSQS returns a presigned SQS JSON request valid for an hour.
func presignedSQS(t *testing.T) (*http.Request, []byte) {
	r := presign(t, sqsJSON(), "us-east-1", "sqs", signedAt, 3600)
	return r, bodyOf(t, r)
}

// withAuthorization returns a signed request whose Authorization header
// edit turns into something else.
func withAuthorization(edit func(string) string) func(t *testing.T) (*http.Request, []byte) {
	return func(t *testing.T) (*http.Request, []byte) {
		r, body := signedSQS(t)
		r.Header.Set("Authorization", edit(r.Header.Get("Authorization")))
		return r, body
	}
}

// withQueryParam returns a presigned request whose parameter name is set to
// value.
func withQueryParam(name, value string) func(t *testing.T) (*http.Request, []byte) {
	return func(t *testing.T) (*http.Request, []byte) {
		r, body := presignedSQS(t)
		q := r.URL.Query()
		q.Set(name, value)
		setQuery(r, q)
		return r, body
	}
}

// replaceSignedHeaders swaps the SignedHeaders list of an Authorization
// header for list.
func replaceSignedHeaders(list string) func(string) string {
	return func(h string) string {
		start := strings.Index(h, "SignedHeaders=") + len("SignedHeaders=")
		end := start + strings.Index(h[start:], ",")
		return h[:start] + list + h[end:]
	}
}

type verifyCase struct {
	name  string
	build func(t *testing.T) (*http.Request, []byte)
	now   time.Time // zero: signedAt
	opts  Options
	want  Code // "": accepted
}

func TestVerify(t *testing.T) {
	t.Parallel()
	for _, tc := range verifyCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			now := tc.now
			if now.IsZero() {
				now = signedAt
			}
			r, body := tc.build(t)
			id, err := newVerifier(now, tc.opts).Verify(r, body)
			if got := codeOf(err); got != tc.want || (err != nil && tc.want == "") {
				t.Fatalf("Verify = %v, %v; want code %q", id, err, tc.want)
			}
			if tc.want != "" {
				return
			}
			want := Identity{AccessKey: testKey, Account: testAccount, Region: "us-east-1", Service: "sqs"}
			if id == nil || *id != want {
				t.Fatalf("Verify identity = %+v, want %+v", id, want)
			}
		})
	}
}

func verifyCases() []verifyCase {
	var cases []verifyCase
	cases = append(cases, acceptedCases()...)
	cases = append(cases, credentialCases()...)
	cases = append(cases, tamperCases()...)
	cases = append(cases, timeCases()...)
	cases = append(cases, malformedCases()...)
	cases = append(cases, payloadCases()...)
	return cases
}

func acceptedCases() []verifyCase {
	return []verifyCase{
		{name: "header form", build: signedSQS},
		{name: "presigned", build: presignedSQS},
		{name: "unsigned header that is not x-amz", build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Set("User-Agent", "changed after signing")
			r.Header.Set("X-Forwarded-For", "10.0.0.1")
			return r, body
		}},
		{name: "comma without space between fields", build: withAuthorization(func(h string) string {
			return strings.ReplaceAll(h, ", ", ",")
		})},
		{name: "query string in header form", build: func(t *testing.T) (*http.Request, []byte) {
			c := sqsJSON()
			c.url += "?b=2&a=1&a=0&empty=&sp=a%20b%2Bc"
			r := sign(t, c, "us-east-1", "sqs", signedAt)
			return r, bodyOf(t, r)
		}},
	}
}

func credentialCases() []verifyCase {
	return []verifyCase{
		{name: "wrong secret", want: SignatureDoesNotMatch, build: func(t *testing.T) (*http.Request, []byte) {
			wrong := sdkCreds
			wrong.SecretAccessKey += "x"
			r := signAs(t, wrong, sqsJSON(), "us-east-1", "sqs", signedAt, hashHex(sqsJSON().body))
			return r, bodyOf(t, r)
		}},
		{name: "unknown access key", want: InvalidClientTokenId, build: withAuthorization(func(h string) string {
			return strings.Replace(h, testKey, "AKIDUNKNOWN", 1)
		})},
		{name: "no auth at all", want: MissingAuthenticationToken, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Del("Authorization")
			return r, body
		}},
		{name: "service not served", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r := sign(t, sqsJSON(), "us-east-1", "s3", signedAt)
			return r, bodyOf(t, r)
		}},
	}
}

func tamperCases() []verifyCase {
	return []verifyCase{
		{name: "signed header modified", want: SignatureDoesNotMatch, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Set("Content-Type", "application/x-amz-json-1.1")
			return r, body
		}},
		{name: "x-amz-target modified", want: SignatureDoesNotMatch, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Set("X-Amz-Target", "AmazonSQS.DeleteQueue")
			return r, body
		}},
		{name: "body changed after signing", want: SignatureDoesNotMatch, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			body[len(body)-3] ^= 1
			return r, body
		}},
		{name: "method changed", want: SignatureDoesNotMatch, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Method = http.MethodPut
			return r, body
		}},
		{name: "host changed", want: SignatureDoesNotMatch, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Host = "localhost:4567"
			return r, body
		}},
		{name: "path changed", want: SignatureDoesNotMatch, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.RequestURI = "/123456789012/q"
			r.URL.Path = r.RequestURI
			return r, body
		}},
		{name: "signature changed", want: SignatureDoesNotMatch, build: withAuthorization(func(h string) string {
			last := h[len(h)-1]
			return h[:len(h)-1] + map[bool]string{true: "1", false: "0"}[last == '0']
		})},
		{name: "query param added to presigned", want: SignatureDoesNotMatch, build: withQueryParam("Action", "DeleteQueue")},
		{name: "presigned region changed", want: SignatureDoesNotMatch, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := presignedSQS(t)
			q := r.URL.Query()
			q.Set(paramCredential, strings.Replace(q.Get(paramCredential), "us-east-1", "us-east-2", 1))
			setQuery(r, q)
			return r, body
		}},
		{name: "x-amz-target not signed", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			c := sqsJSON()
			c.headers.Del("X-Amz-Target")
			r := sign(t, c, "us-east-1", "sqs", signedAt)
			r.Header.Set("X-Amz-Target", "AmazonSQS.DeleteQueue")
			return r, bodyOf(t, r)
		}},
		{name: "x-amz-target unsigned on presigned", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := presignedSQS(t)
			r.Header.Set("X-Amz-Target", "AmazonSQS.DeleteQueue")
			return r, body
		}},
		{name: "host not signed", want: IncompleteSignature,
			build: withAuthorization(replaceSignedHeaders("content-length;content-type;x-amz-date;x-amz-target"))},
		{name: "x-amz-date not signed", want: IncompleteSignature,
			build: withAuthorization(replaceSignedHeaders("content-length;content-type;host;x-amz-target"))},
		{name: "both forms at once", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := presignedSQS(t)
			signed, _ := signedSQS(t)
			r.Header.Set("Authorization", signed.Header.Get("Authorization"))
			r.Header.Set("X-Amz-Date", signed.Header.Get("X-Amz-Date"))
			return r, body
		}},
		{name: "two Authorization headers", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Add("Authorization", r.Header.Get("Authorization"))
			return r, body
		}},
		{name: "two X-Amz-Date headers", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Add("X-Amz-Date", r.Header.Get("X-Amz-Date"))
			return r, body
		}},
		{name: "presigned parameter repeated", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := presignedSQS(t)
			q := r.URL.Query()
			q.Add(paramSignature, q.Get(paramSignature))
			setQuery(r, q)
			return r, body
		}},
	}
}

func timeCases() []verifyCase {
	at := func(d time.Duration) time.Time { return signedAt.Add(d) }
	return []verifyCase{
		{name: "expired 16 min", now: at(16 * time.Minute), build: signedSQS, want: RequestExpired},
		{name: "future 16 min", now: at(-16 * time.Minute), build: signedSQS, want: RequestExpired},
		{name: "14 min old", now: at(14 * time.Minute), build: signedSQS},
		{name: "14 min ahead", now: at(-14 * time.Minute), build: signedSQS},
		{name: "custom skew", now: at(6 * time.Minute), opts: Options{MaxSkew: 5 * time.Minute},
			build: signedSQS, want: RequestExpired},
		{name: "presigned within expiry", now: at(time.Hour), build: presignedSQS},
		{name: "presigned expired", now: at(time.Hour + time.Second), build: presignedSQS, want: RequestExpired},
		{name: "presigned from the future", now: at(-16 * time.Minute), build: presignedSQS, want: RequestExpired},
		{name: "scope date differs from X-Amz-Date", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Set("X-Amz-Date", "20261126T123000Z")
			return r, body
		}},
		{name: "X-Amz-Date missing", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Del("X-Amz-Date")
			return r, body
		}},
		{name: "X-Amz-Date not ISO 8601 basic", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Set("X-Amz-Date", "2026-11-25T12:30:00Z")
			return r, body
		}},
		{name: "X-Amz-Expires 0", build: withQueryParam(paramExpires, "0"), want: IncompleteSignature},
		{name: "X-Amz-Expires 604801", build: withQueryParam(paramExpires, "604801"), want: IncompleteSignature},
		{name: "X-Amz-Expires abc", build: withQueryParam(paramExpires, "abc"), want: IncompleteSignature},
		{name: "X-Amz-Expires +5", build: withQueryParam(paramExpires, "+5"), want: IncompleteSignature},
	}
}

func malformedCases() []verifyCase {
	replace := func(old, new string) func(t *testing.T) (*http.Request, []byte) {
		return withAuthorization(func(h string) string { return strings.Replace(h, old, new, 1) })
	}
	set := func(v string) func(t *testing.T) (*http.Request, []byte) {
		return withAuthorization(func(string) string { return v })
	}
	var cases []verifyCase
	for name, build := range map[string]func(t *testing.T) (*http.Request, []byte){
		"algorithm":               replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"),
		"sigv2":                   set("AWS " + testKey + ":c2lnbmF0dXJl"),
		"empty header":            set(""),
		"algorithm only":          set("AWS4-HMAC-SHA256"),
		"scope of 4 parts":        replace("/aws4_request", ""),
		"scope of 6 parts":        replace("/aws4_request", "/aws4_request/x"),
		"bad terminator":          replace("/aws4_request", "/aws5_request"),
		"bad scope date":          replace("/20261125/", "/20261325/"),
		"bad region":              replace("/us-east-1/", "/US_EAST_1/"),
		"long region":             replace("/us-east-1/", "/"+strings.Repeat("a", 33)+"/"),
		"empty access key":        replace("Credential="+testKey, "Credential="),
		"uppercase signature":     withAuthorization(func(h string) string { return upperSignature(h) }),
		"63-char signature":       withAuthorization(func(h string) string { return h[:len(h)-1] }),
		"non-hex signature":       withAuthorization(func(h string) string { return h[:len(h)-1] + "g" }),
		"repeated Credential":     withAuthorization(func(h string) string { return h + ", " + h[strings.Index(h, "Credential="):strings.Index(h, ",")] }),
		"missing Signature":       withAuthorization(func(h string) string { return h[:strings.Index(h, ", Signature=")] }),
		"missing SignedHeaders":   replace("SignedHeaders=", "Signedheaders="),
		"unknown field":           withAuthorization(func(h string) string { return h + ", Extra=1" }),
		"empty SignedHeaders":     withAuthorization(replaceSignedHeaders("")),
		"uppercase SignedHeaders": withAuthorization(replaceSignedHeaders("content-length;content-type;Host;x-amz-date;x-amz-target")),
		"repeated SignedHeaders":  withAuthorization(replaceSignedHeaders("content-length;host;host;x-amz-date;x-amz-target")),
		"empty name in list":      withAuthorization(replaceSignedHeaders("content-length;;host;x-amz-date;x-amz-target")),
		"no equals":               replace("Signature=", "Signature"),
		"garbage":                 set("AWS4-HMAC-SHA256 \x00\xff,,,=,="),
	} {
		cases = append(cases, verifyCase{name: "malformed " + name, build: build, want: IncompleteSignature})
	}
	return append(cases, verifyCase{name: "malformed query string", want: IncompleteSignature,
		build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.URL.RawQuery = "a=%zz"
			r.RequestURI = "/?a=%zz"
			return r, body
		}})
}

func upperSignature(h string) string {
	i := strings.Index(h, "Signature=") + len("Signature=")
	return h[:i] + strings.ToUpper(h[i:])
}

func payloadCases() []verifyCase {
	withContentSHA := func(payloadHash, header string) func(t *testing.T) (*http.Request, []byte) {
		return func(t *testing.T) (*http.Request, []byte) {
			c := sqsJSON()
			c.headers.Set("X-Amz-Content-Sha256", header)
			r := signWith(t, c, "us-east-1", "sqs", signedAt, payloadHash)
			return r, bodyOf(t, r)
		}
	}
	body := sqsJSON().body
	return []verifyCase{
		{name: "content sha256 of the body", build: withContentSHA(hashHex(body), hashHex(body))},
		{name: "content sha256 not the body's", want: SignatureDoesNotMatch,
			build: withContentSHA(hashHex([]byte("other")), hashHex([]byte("other")))},
		{name: "unsigned payload", build: withContentSHA(UnsignedPayload, UnsignedPayload)},
		{name: "unsigned payload refused", opts: Options{RejectUnsignedPayload: true}, want: IncompleteSignature,
			build: withContentSHA(UnsignedPayload, UnsignedPayload)},
		{name: "streaming payload", want: IncompleteSignature,
			build: withContentSHA("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")},
		{name: "content sha256 garbage", want: IncompleteSignature, build: withContentSHA("xyz", "xyz")},
		{name: "content sha256 unsigned", want: IncompleteSignature, build: func(t *testing.T) (*http.Request, []byte) {
			r, body := signedSQS(t)
			r.Header.Set("X-Amz-Content-Sha256", UnsignedPayload)
			return r, body
		}},
	}
}

func TestWire(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code                 Code
		query, json          string
		sqsStatus, kinStatus int
	}{
		{MissingAuthenticationToken, "MissingAuthenticationToken", "MissingAuthenticationTokenException", 403, 400},
		{InvalidClientTokenId, "InvalidClientTokenId", "UnrecognizedClientException", 403, 400},
		{IncompleteSignature, "IncompleteSignature", "IncompleteSignatureException", 400, 400},
		{SignatureDoesNotMatch, "SignatureDoesNotMatch", "InvalidSignatureException", 403, 400},
		{RequestExpired, "SignatureDoesNotMatch", "InvalidSignatureException", 403, 400},
	} {
		w := tc.code.Wire()
		want := Wire{QueryCode: tc.query, SQSType: coral + tc.json, SQSStatus: tc.sqsStatus,
			KinesisType: coral + tc.json, KinesisStatus: tc.kinStatus}
		if w != want {
			t.Errorf("%s.Wire() = %+v, want %+v", tc.code, w, want)
		}
	}
}

func TestExpiredMessage(t *testing.T) {
	t.Parallel()
	r, body := signedSQS(t)
	_, err := newVerifier(signedAt.Add(20*time.Minute), Options{}).Verify(r, body)
	want := "Signature expired: 20261125T123000Z is now earlier than 20261125T123500Z (20261125T125000Z - 15 min.)"
	if e, ok := err.(*Error); !ok || e.Message != want {
		t.Fatalf("Verify error = %v, want message %q", err, want)
	}
}
