package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// canonicalRequest builds
// METHOD\nURI\nQUERY\nHEADERS\nSIGNED-HEADERS\nPAYLOAD-HASH.
func canonicalRequest(r *http.Request, a *auth, uri, payloadHash string, bodyLen int) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(uri)
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(a.query))
	b.WriteByte('\n')
	for _, name := range a.signedHeaders {
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(canonicalHeaderValue(r, name, bodyLen))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(a.signedList)
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String()
}

// rawPath returns the path as the client sent it, still percent-encoded.
func rawPath(r *http.Request) string {
	if strings.HasPrefix(r.RequestURI, "/") {
		path, _, _ := strings.Cut(r.RequestURI, "?")
		return path
	}
	return r.URL.EscapedPath()
}

// canonicalURIs returns the canonical URIs a client may have signed for
// path: the path as sent, URI-encoded once more (the AWS SDK for Go and the
// JavaScript SDK), and, when it differs, the path with empty, "." and ".."
// segments removed, encoded the same way (botocore). Both are encodings of
// the path the request carries, so accepting either admits nothing the
// client did not sign.
func canonicalURIs(path string) []string {
	if path == "" {
		path = "/"
	}
	uris := []string{escapePath(path)}
	if n := normalizePath(path); n != path {
		uris = append(uris, escapePath(n))
	}
	return uris
}

// normalizePath removes empty, "." and ".." segments, keeping a leading
// and a trailing slash.
func normalizePath(path string) string {
	var segments []string
	for seg := range strings.SplitSeq(path, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(segments) > 0 {
				segments = segments[:len(segments)-1]
			}
		default:
			segments = append(segments, seg)
		}
	}
	out := "/" + strings.Join(segments, "/")
	if strings.HasSuffix(path, "/") && len(segments) > 0 {
		out += "/"
	}
	return out
}

// escapePath percent-encodes every byte of path except the RFC 3986
// unreserved characters and '/'.
func escapePath(path string) string {
	return escape(path, true)
}

// escape percent-encodes every byte of s except the RFC 3986 unreserved
// characters (and '/' when keepSlash), with uppercase hex digits.
func escape(s string, keepSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range []byte(s) {
		if isUnreserved(c) || (keepSlash && c == '/') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0xF])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// canonicalQuery encodes every name and value, sorts the pairs by encoded
// name, then encoded value, and joins them with '&'.
func canonicalQuery(q url.Values) string {
	type pair struct{ name, value string }
	pairs := make([]pair, 0, len(q))
	for name, values := range q {
		en := escape(name, false)
		for _, v := range values {
			pairs = append(pairs, pair{en, escape(v, false)})
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		if c := strings.Compare(x.name, y.name); c != 0 {
			return c
		}
		return strings.Compare(x.value, y.value)
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.name)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	return b.String()
}

// canonicalHeaderValue returns the values of header name, each trimmed
// with inner runs of spaces collapsed, joined by ','. net/http keeps Host,
// and sometimes Content-Length and Transfer-Encoding, out of r.Header; they
// are taken from where it puts them.
func canonicalHeaderValue(r *http.Request, name string, bodyLen int) string {
	values := r.Header[textproto.CanonicalMIMEHeaderKey(name)]
	if len(values) == 0 {
		values = movedHeader(r, name, bodyLen)
	}
	clean := make([]string, len(values))
	for i, v := range values {
		clean[i] = strings.TrimSpace(collapseSpaces(v))
	}
	return strings.Join(clean, ",")
}

// movedHeader returns the value of a header net/http took out of r.Header.
func movedHeader(r *http.Request, name string, bodyLen int) []string {
	switch name {
	case "host":
		if r.Host != "" {
			return []string{r.Host}
		}
		return []string{r.URL.Host}
	case "content-length":
		return []string{strconv.Itoa(bodyLen)}
	case "transfer-encoding":
		if len(r.TransferEncoding) > 0 {
			return []string{strings.Join(r.TransferEncoding, ",")}
		}
	}
	return nil
}

// collapseSpaces replaces every run of spaces in s with one space.
func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, c := range []byte(s) {
		if c == ' ' && space {
			continue
		}
		space = c == ' '
		b.WriteByte(c)
	}
	return b.String()
}

// claimedPayloadHash returns what the client says about its payload in
// x-amz-content-sha256: "" when it says nothing, UNSIGNED-PAYLOAD when
// allowed, or 64 lowercase hex digits.
func (v *Verifier) claimedPayloadHash(r *http.Request) (string, error) {
	values := r.Header.Values("X-Amz-Content-Sha256")
	if len(values) == 0 {
		return "", nil
	}
	h := values[0]
	switch {
	case len(values) > 1:
		return "", newError(IncompleteSignature, "The request carries more than one x-amz-content-sha256 header.")
	case h == UnsignedPayload && v.unsigned:
		return h, nil
	case h == UnsignedPayload:
		return "", newError(IncompleteSignature, "UNSIGNED-PAYLOAD is not accepted; sign the request body.")
	case strings.HasPrefix(h, "STREAMING-"):
		return "", newError(IncompleteSignature, "Streaming payload signing (%s) is not supported.", truncate(h))
	case len(h) == 2*sha256.Size && isLowerHex(h):
		return h, nil
	}
	return "", newError(IncompleteSignature,
		"x-amz-content-sha256 must be the hex SHA-256 of the body or UNSIGNED-PAYLOAD.")
}

// payloadHashOf returns the payload hash of the canonical request: the
// claimed hash when it is UNSIGNED-PAYLOAD or equals the body's, the body's
// when nothing is claimed.
func payloadHashOf(claimed string, body []byte) (string, error) {
	if claimed == UnsignedPayload {
		return claimed, nil
	}
	sum := sha256.Sum256(body)
	actual := hex.EncodeToString(sum[:])
	if claimed != "" && claimed != actual {
		return "", newError(SignatureDoesNotMatch,
			"The provided 'x-amz-content-sha256' header does not match what was computed.")
	}
	return actual, nil
}

func isLowerHex(s string) bool {
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
