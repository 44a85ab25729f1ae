package sigv4

import (
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Query parameters of a presigned request.
const (
	paramAlgorithm     = "X-Amz-Algorithm"
	paramCredential    = "X-Amz-Credential"
	paramDate          = "X-Amz-Date"
	paramExpires       = "X-Amz-Expires"
	paramSignedHeaders = "X-Amz-SignedHeaders"
	paramSignature     = "X-Amz-Signature"
	paramSecurityToken = "X-Amz-Security-Token"
)

// amzDateLayout is the ISO 8601 basic format of X-Amz-Date.
const amzDateLayout = "20060102T150405Z"

// Limits on what a client may put in a signature, so that nothing it sends
// is echoed back or kept without bound.
const (
	maxAccessKeyLen = 128
	maxRegionLen    = 32
	maxServiceLen   = 64
	maxSignedNames  = 128
)

// auth is the signature a request carries, in either form.
type auth struct {
	accessKey     string
	scope         scope
	signedHeaders []string
	// signedList is the SignedHeaders value as the client wrote it.
	signedList string
	signature  []byte
	amzDate    string
	signedAt   time.Time
	presigned  bool
	expires    time.Duration
	// query is the request's query string, parsed; without X-Amz-Signature
	// when presigned.
	query url.Values
}

// scope is a credential scope: <date>/<region>/<service>/aws4_request.
type scope struct {
	date, region, service string
}

// String returns the scope as it appears in the string to sign.
func (s scope) String() string {
	return s.date + "/" + s.region + "/" + s.service + "/aws4_request"
}

// parseAuth finds and parses the signature of r.
func parseAuth(r *http.Request) (*auth, error) {
	headers := r.Header.Values("Authorization")
	query, queryErr := url.ParseQuery(r.URL.RawQuery)
	presigned := hasPresignParams(query)
	switch {
	case len(headers) == 0 && !presigned:
		return nil, newError(MissingAuthenticationToken, msgMissing)
	case len(headers) > 0 && presigned:
		return nil, newError(IncompleteSignature,
			"Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.")
	case queryErr != nil:
		return nil, newError(IncompleteSignature, "The query string is malformed.")
	case presigned:
		return parsePresigned(query)
	}
	if len(headers) > 1 {
		return nil, newError(IncompleteSignature, "The request carries more than one Authorization header.")
	}
	a, err := parseAuthorization(headers[0])
	if err != nil {
		return nil, err
	}
	dates := r.Header.Values(paramDate)
	if len(dates) != 1 {
		return nil, newError(IncompleteSignature,
			"Authorization header requires exactly one 'X-Amz-Date' header.")
	}
	if err := a.setDate(dates[0]); err != nil {
		return nil, err
	}
	a.query = query
	return a, nil
}

func hasPresignParams(q url.Values) bool {
	for _, k := range []string{paramAlgorithm, paramCredential, paramSignedHeaders, paramSignature} {
		if _, ok := q[k]; ok {
			return true
		}
	}
	return false
}

// parseAuthorization parses
// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".
func parseAuthorization(header string) (*auth, error) {
	alg, rest, _ := strings.Cut(header, " ")
	if alg != Algorithm {
		return nil, newError(IncompleteSignature,
			"Unsupported Authorization type; only AWS4-HMAC-SHA256 is accepted.")
	}
	fields := map[string]string{}
	for part := range strings.SplitSeq(rest, ",") {
		name, value, ok := strings.Cut(strings.Trim(part, " "), "=")
		switch name {
		case "Credential", "SignedHeaders", "Signature":
		default:
			return nil, newError(IncompleteSignature,
				"The Authorization header is malformed: expected Credential, SignedHeaders and Signature.")
		}
		if _, dup := fields[name]; dup || !ok {
			return nil, newError(IncompleteSignature,
				"The Authorization header is malformed: '%s' is repeated or has no value.", name)
		}
		fields[name] = value
	}
	a := &auth{}
	for _, name := range []string{"Credential", "SignedHeaders", "Signature"} {
		if _, ok := fields[name]; !ok {
			return nil, newError(IncompleteSignature, "Authorization header requires '%s' parameter.", name)
		}
	}
	if err := a.setFields(fields["Credential"], fields["SignedHeaders"], fields["Signature"]); err != nil {
		return nil, err
	}
	return a, nil
}

// parsePresigned parses the X-Amz-* parameters of a presigned query.
func parsePresigned(q url.Values) (*auth, error) {
	one := func(name string, required bool) (string, error) {
		vs := q[name]
		if len(vs) > 1 || (required && len(vs) == 0) {
			return "", newError(IncompleteSignature,
				"A presigned request requires exactly one '%s' query parameter.", name)
		}
		if len(vs) == 0 {
			return "", nil
		}
		return vs[0], nil
	}
	values := map[string]string{}
	for _, name := range []string{paramAlgorithm, paramCredential, paramDate, paramExpires, paramSignedHeaders, paramSignature} {
		v, err := one(name, true)
		if err != nil {
			return nil, err
		}
		values[name] = v
	}
	if _, err := one(paramSecurityToken, false); err != nil {
		return nil, err
	}
	if values[paramAlgorithm] != Algorithm {
		return nil, newError(IncompleteSignature, "X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'.")
	}
	a := &auth{presigned: true}
	if err := a.setFields(values[paramCredential], values[paramSignedHeaders], values[paramSignature]); err != nil {
		return nil, err
	}
	if err := a.setDate(values[paramDate]); err != nil {
		return nil, err
	}
	if err := a.setExpires(values[paramExpires]); err != nil {
		return nil, err
	}
	a.query = make(url.Values, len(q))
	for k, vs := range q {
		if k != paramSignature {
			a.query[k] = vs
		}
	}
	return a, nil
}

// setFields parses the three parts both forms share.
func (a *auth) setFields(credential, signedHeaders, sig string) error {
	if err := a.setCredential(credential); err != nil {
		return err
	}
	if err := a.setSignedHeaders(signedHeaders); err != nil {
		return err
	}
	return a.setSignature(sig)
}

// setCredential parses <key>/<date>/<region>/<service>/aws4_request.
func (a *auth) setCredential(credential string) error {
	parts := strings.Split(credential, "/")
	if len(parts) != 5 {
		return newError(IncompleteSignature,
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.")
	}
	key, date, region, service, term := parts[0], parts[1], parts[2], parts[3], parts[4]
	switch {
	case key == "" || len(key) > maxAccessKeyLen || !isPrintable(key):
		return newError(IncompleteSignature, "Credential has no well-formed access key id.")
	case !isScopeDate(date):
		return newError(IncompleteSignature, "Credential should be scoped to a date in the format yyyyMMdd.")
	case !isName(region, maxRegionLen):
		return newError(IncompleteSignature, "Credential should be scoped to a valid region.")
	case !isName(service, maxServiceLen):
		return newError(IncompleteSignature, "Credential should be scoped to a valid service.")
	case term != "aws4_request":
		return newError(IncompleteSignature, "Credential should be scoped with a valid terminator: 'aws4_request'.")
	}
	a.accessKey = key
	a.scope = scope{date: date, region: region, service: service}
	return nil
}

// setSignedHeaders parses a;b;c: lowercase header names, none repeated.
func (a *auth) setSignedHeaders(list string) error {
	names := strings.Split(list, ";")
	if len(names) > maxSignedNames {
		return newError(IncompleteSignature, "SignedHeaders lists too many headers.")
	}
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if !isLowerToken(n) || seen[n] {
			return newError(IncompleteSignature,
				"SignedHeaders must be a ';'-separated list of distinct lowercase header names.")
		}
		seen[n] = true
	}
	a.signedHeaders = names
	a.signedList = list
	return nil
}

// setSignature parses 64 lowercase hex digits.
func (a *auth) setSignature(sig string) error {
	if len(sig) != 2*32 || strings.ToLower(sig) != sig {
		return newError(IncompleteSignature, "Signature must be 64 lowercase hexadecimal digits.")
	}
	b, err := hex.DecodeString(sig)
	if err != nil {
		return newError(IncompleteSignature, "Signature must be 64 lowercase hexadecimal digits.")
	}
	a.signature = b
	return nil
}

// setDate parses X-Amz-Date and checks it against the scope's day.
func (a *auth) setDate(amzDate string) error {
	t, err := time.Parse(amzDateLayout, amzDate)
	if err != nil || len(amzDate) != len(amzDateLayout) {
		return newError(IncompleteSignature,
			"X-Amz-Date must be in ISO 8601 basic format (yyyyMMddTHHmmssZ).")
	}
	if amzDate[:8] != a.scope.date {
		return newError(IncompleteSignature,
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from 'X-Amz-Date'.",
			a.scope.date, amzDate[:8])
	}
	a.amzDate = amzDate
	a.signedAt = t
	return nil
}

// setExpires parses X-Amz-Expires: whole seconds, 1 to MaxPresignExpires.
func (a *auth) setExpires(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxPresignExpires || !isDigits(s) {
		return newError(IncompleteSignature,
			"X-Amz-Expires must be a whole number of seconds from 1 to %d.", MaxPresignExpires)
	}
	a.expires = time.Duration(n) * time.Second
	return nil
}

// checkScope refuses services the Verifier does not serve.
func (v *Verifier) checkScope(s scope) error {
	if v.services != nil && !v.services[s.service] {
		return newError(IncompleteSignature, "Credential should be scoped to correct service: %s, not '%s'.",
			v.serviceList, s.service)
	}
	return nil
}

// checkTime refuses requests signed too long ago or too far ahead.
func (v *Verifier) checkTime(a *auth) error {
	now := v.clk.Now().UTC()
	if a.signedAt.After(now.Add(v.maxSkew)) {
		return newError(RequestExpired, "Signature not yet current: %s is still later than %s (%s + %s.)",
			a.amzDate, now.Add(v.maxSkew).Format(amzDateLayout), now.Format(amzDateLayout), skewText(v.maxSkew))
	}
	if a.presigned {
		if now.After(a.signedAt.Add(a.expires)) {
			return newError(RequestExpired, "Request has expired.")
		}
		return nil
	}
	if a.signedAt.Before(now.Add(-v.maxSkew)) {
		return newError(RequestExpired, "Signature expired: %s is now earlier than %s (%s - %s.)",
			a.amzDate, now.Add(-v.maxSkew).Format(amzDateLayout), now.Format(amzDateLayout), skewText(v.maxSkew))
	}
	return nil
}

func skewText(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.FormatInt(int64(d/time.Minute), 10) + " min"
	}
	return d.String()
}

// checkSignedHeaders requires host, x-amz-date (header form) and every
// x-amz-* header present to be signed.
func checkSignedHeaders(r *http.Request, a *auth) error {
	signed := make(map[string]bool, len(a.signedHeaders))
	for _, n := range a.signedHeaders {
		signed[n] = true
	}
	if !signed["host"] {
		return newError(IncompleteSignature, "'Host' must be a signed header.")
	}
	if !a.presigned && !signed["x-amz-date"] {
		return newError(IncompleteSignature, "'X-Amz-Date' must be a signed header.")
	}
	const amzPrefix = "x-amz-"
	for name := range r.Header {
		if len(name) < len(amzPrefix) || !strings.EqualFold(name[:len(amzPrefix)], amzPrefix) {
			continue
		}
		if lower := strings.ToLower(name); !signed[lower] {
			return newError(IncompleteSignature, "Every x-amz-* header must be signed; '%s' is not.", truncate(lower))
		}
	}
	return nil
}

// truncate shortens client text before it is echoed in a message.
func truncate(s string) string {
	const maxEcho = 64
	if len(s) > maxEcho {
		s = s[:maxEcho] + "..."
	}
	return strings.ToValidUTF8(s, "")
}

func isScopeDate(s string) bool {
	if len(s) != 8 || !isDigits(s) {
		return false
	}
	_, err := time.Parse("20060102", s)
	return err == nil
}

func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// isName accepts region and service names: [a-z0-9-]{1,max}.
func isName(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// isPrintable accepts visible ASCII.
func isPrintable(s string) bool {
	for _, c := range []byte(s) {
		if c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

// isLowerToken accepts an HTTP header name (RFC 9110 token) without
// uppercase letters.
func isLowerToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
