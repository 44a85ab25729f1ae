package sigv4

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// fuzzRegions are the regions fuzzed requests are scoped to.
var fuzzRegions = []string{"us-east-1", "eu-west-3", "local", "x", "ap-southeast-2", strings.Repeat("r", 32)}

// fuzzInput is one random request, before signing.
type fuzzInput struct {
	method             uint8
	path, qkey, qval   string
	header             string
	body               []byte
	region             uint8
	kinesis, presigned bool
	offset             int32
	expires            uint32
	pos                uint16
}

// FuzzVerifySigned signs random requests with the AWS SDK for Go (header
// and presigned forms) and checks that Verify accepts them, and that
// changing any signed part by one byte (method, path, a query value, a
// signed header, the body, the date, the signature) makes Verify refuse.
func FuzzVerifySigned(f *testing.F) {
	f.Add(uint8(1), "", "", "", "v", []byte(`{}`), uint8(0), false, false, int32(0), uint32(60), uint16(0))
	f.Add(uint8(0), "123456789012/my-queue", "Action", "ReceiveMessage", "a  b\tc ", []byte(nil), uint8(1), false, true, int32(-839), uint32(900), uint16(7))
	f.Add(uint8(1), "a b/../c/./d//e%2F~!$&'()*+,;=:@", "k y", "v+=&/?%", " lead", []byte("Action=SendMessage&MessageBody=h%C3%A9llo"), uint8(2), true, false, int32(839), uint32(1), uint16(99))
	f.Add(uint8(2), "é/\x00/\xff", "", "", "", []byte{0, 1, 2, 0xff}, uint8(3), true, true, int32(604799), uint32(604800), uint16(65535))
	f.Add(uint8(3), "/", "Ω", "%zz", "\xc2\x85x\xc2\x85", []byte(" "), uint8(5), false, true, int32(-1000), uint32(3), uint16(2))
	f.Fuzz(func(t *testing.T, method uint8, path, qkey, qval, header string, body []byte,
		region uint8, kinesis, presigned bool, offset int32, expires uint32, pos uint16) {
		in := fuzzInput{method, path, qkey, qval, header, body, region, kinesis, presigned, offset, expires, pos}
		checkSigned(t, in)
	})
}

func checkSigned(t *testing.T, in fuzzInput) {
	c, service, region := in.request()
	now := signedAt.Add(in.clockOffset())
	var r *http.Request
	if in.presigned {
		r = presign(t, c, region, service, signedAt, in.expiresSeconds())
	} else {
		r = sign(t, c, region, service, signedAt)
	}
	body := bodyOf(t, r)
	v := newVerifier(now, Options{})
	id, err := v.Verify(r, body)
	if err != nil {
		t.Fatalf("Verify refused a request the SDK signed: %v\nURI %q\nheaders %q", err, r.RequestURI, r.Header)
	}
	if id.Region != region || id.Service != service || id.Account != testAccount {
		t.Fatalf("Verify identity = %+v, want region %q service %q", id, region, service)
	}
	for name, mutate := range mutations(in) {
		m, mbody := clone(t, r, body)
		if !mutate(m, &mbody) {
			continue
		}
		if _, err := v.Verify(m, mbody); err == nil {
			t.Fatalf("Verify accepted the request with its %s changed\nURI %q\nheaders %q", name, m.RequestURI, m.Header)
		}
	}
}

// request builds the client request for in.
func (in fuzzInput) request() (clientRequest, string, string) {
	methods := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}
	u := url.URL{Scheme: "http", Host: testHost, Path: "/" + in.path}
	q := url.Values{}
	q.Set("p"+in.qkey, in.qval)
	q.Set("Version", "2012-11-05")
	u.RawQuery = q.Encode()
	h := http.Header{}
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("X-Amz-Target", "AmazonSQS.SendMessage")
	h.Set("X-Fuzz", headerValue(in.header))
	service := "sqs"
	if in.kinesis {
		service = "kinesis"
	}
	c := clientRequest{method: methods[int(in.method)%len(methods)], url: u.String(), headers: h, body: in.body}
	return c, service, fuzzRegions[int(in.region)%len(fuzzRegions)]
}

// headerValue drops the bytes HTTP forbids in a field value.
func headerValue(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || (r >= ' ' && r != 0x7f) {
			return r
		}
		return -1
	}, strings.ToValidUTF8(s, ""))
}

func (in fuzzInput) expiresSeconds() int {
	return 1 + int(in.expires%MaxPresignExpires)
}

// clockOffset is where the server's clock stands relative to the signing
// time: within the skew, or within a presigned request's validity.
func (in fuzzInput) clockOffset() time.Duration {
	const skew = int64(14 * 60)
	o := int64(in.offset)
	if o < 0 {
		return time.Duration(-(-o % skew)) * time.Second
	}
	if in.presigned {
		return time.Duration(o%int64(in.expiresSeconds()+1)) * time.Second
	}
	return time.Duration(o%skew) * time.Second
}

// mutations returns the one-byte changes to a signed part of a request.
// Each reports false when it does not apply.
func mutations(in fuzzInput) map[string]func(r *http.Request, body *[]byte) bool {
	return map[string]func(r *http.Request, body *[]byte) bool{
		"method": func(r *http.Request, _ *[]byte) bool {
			r.Method = changeByte(r.Method, int(in.pos))
			return true
		},
		"path": func(r *http.Request, _ *[]byte) bool {
			path, query, _ := strings.Cut(r.RequestURI, "?")
			path = "/" + changeByte(path[1:], int(in.pos))
			r.RequestURI = path + "?" + query
			return true
		},
		"query value": func(r *http.Request, _ *[]byte) bool {
			q := r.URL.Query()
			q.Set("p"+in.qkey, changeByte(in.qval, int(in.pos)))
			setQuery(r, q)
			return true
		},
		"signed header": func(r *http.Request, _ *[]byte) bool {
			r.Header.Set("X-Fuzz", changeByte(r.Header.Get("X-Fuzz"), int(in.pos)))
			return true
		},
		"x-amz-target": func(r *http.Request, _ *[]byte) bool {
			if in.presigned {
				return false // hoisted into the query by the SDK
			}
			r.Header.Set("X-Amz-Target", changeByte(r.Header.Get("X-Amz-Target"), int(in.pos)))
			return true
		},
		"body": func(_ *http.Request, body *[]byte) bool {
			*body = []byte(changeByte(string(*body), int(in.pos)))
			return true
		},
		"date": func(r *http.Request, _ *[]byte) bool {
			return changeDate(r, in.presigned)
		},
		"signature": func(r *http.Request, _ *[]byte) bool {
			return changeSignature(r, in.presigned, int(in.pos))
		},
	}
}

// changeByte replaces the byte of s at pos (modulo its length) with a
// letter it is not, or appends one to an empty s. A letter survives
// canonicalisation, so the canonical form changes too.
func changeByte(s string, pos int) string {
	if s == "" {
		return "A"
	}
	b := []byte(s)
	i := pos % len(b)
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// changeDate moves X-Amz-Date one second by changing its last digit.
func changeDate(r *http.Request, presigned bool) bool {
	bump := func(d string) string {
		last := d[len(d)-2]
		next := byte('0')
		if last == '0' {
			next = '1'
		}
		return d[:len(d)-2] + string(next) + "Z"
	}
	if !presigned {
		r.Header.Set("X-Amz-Date", bump(r.Header.Get("X-Amz-Date")))
		return true
	}
	q := r.URL.Query()
	q.Set(paramDate, bump(q.Get(paramDate)))
	setQuery(r, q)
	return true
}

// changeSignature changes one hex digit of the signature.
func changeSignature(r *http.Request, presigned bool, pos int) bool {
	flip := func(sig string) string {
		b := []byte(sig)
		i := pos % len(b)
		b[i] = "1032547698badcfe"[bytes.IndexByte([]byte("0123456789abcdef"), b[i])]
		return string(b)
	}
	if !presigned {
		h := r.Header.Get("Authorization")
		i := strings.Index(h, "Signature=") + len("Signature=")
		r.Header.Set("Authorization", h[:i]+flip(h[i:]))
		return true
	}
	q := r.URL.Query()
	q.Set(paramSignature, flip(q.Get(paramSignature)))
	setQuery(r, q)
	return true
}

// FuzzVerifyArbitrary feeds Verify arbitrary Authorization headers, query
// strings and X-Amz-Date values: it must never panic, must refuse with an
// *Error, and must never accept (no input here knows the secret's
// signature except by chance).
func FuzzVerifyArbitrary(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature="+strings.Repeat("0", 64), "", "20261125T123000Z")
	f.Add("", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261125%2Fus-east-1%2Fsqs%2Faws4_request&X-Amz-Date=20261125T123000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature="+strings.Repeat("a", 64), "")
	f.Add("AWS4-HMAC-SHA256 ,=,Credential=/////", "X-Amz-Expires=-1&X-Amz-Signature", "2026")
	f.Add("AWS4-HMAC-SHA256 Credential=a/b/c/d/e,SignedHeaders=;,Signature=", "a=%zz;b", "\xff")
	v := newVerifier(signedAt, Options{})
	f.Fuzz(func(t *testing.T, authorization, rawQuery, amzDate string) {
		r, err := http.NewRequest(http.MethodPost, "http://"+testHost+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		r.URL.RawQuery = rawQuery
		r.RequestURI = "/?" + rawQuery
		if authorization != "" {
			r.Header["Authorization"] = []string{authorization}
		}
		if amzDate != "" {
			r.Header["X-Amz-Date"] = []string{amzDate}
		}
		id, err := v.Verify(r, nil)
		if err == nil {
			t.Fatalf("Verify accepted an arbitrary request: %+v", id)
		}
		if codeOf(err) == "" {
			t.Fatalf("Verify returned %T %v, want *Error", err, err)
		}
	})
}
