package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
)

// Client speaks the admin API, for the admin CLI and tests. It keeps the
// session cookie and the CSRF token; it is not safe for concurrent use.
type Client struct {
	base string
	http *http.Client
	csrf string
}

// StatusError is an answer that was not 2xx.
type StatusError struct {
	Status int
	// Body is the error the server gave.
	Body Error
}

// Error says what the server answered.
func (e *StatusError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, e.Body.Code, e.Body.Message)
}

// NewClient returns a client of the server at base (http://host:port),
// sending through hc (nil: a new http.Client), with a cookie jar of its
// own for the session.
func NewClient(base string, hc *http.Client) *Client {
	c := &http.Client{}
	if hc != nil {
		*c = *hc
	}
	jar, _ := cookiejar.New(nil)
	c.Jar = jar
	return &Client{base: strings.TrimRight(base, "/") + strings.TrimSuffix(DefaultPrefix, "/"), http: c}
}

// Session asks whether sign-in is needed and keeps the CSRF token.
func (c *Client) Session(ctx context.Context) (*Session, error) {
	var s Session
	if err := c.Do(ctx, http.MethodGet, "/session", nil, &s); err != nil {
		return nil, err
	}
	c.csrf = s.CSRF
	return &s, nil
}

// SignIn signs in with an access key and its secret and keeps the
// session.
func (c *Client) SignIn(ctx context.Context, key, secret string) (*Session, error) {
	var s Session
	if err := c.Do(ctx, http.MethodPost, "/session", SignIn{AccessKeyID: key, SecretAccessKey: secret}, &s); err != nil {
		return nil, err
	}
	c.csrf = s.CSRF
	return &s, nil
}

// Do sends one request to path (under the API's prefix, with its query
// string), in as its JSON body when not nil, and decodes the answer into
// out when not nil. An answer that is not 2xx is a *StatusError.
func (c *Client) Do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set(CSRFHeader, c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		se := &StatusError{Status: resp.StatusCode}
		if !decodeError(data, &se.Body) {
			se.Body = Error{Code: http.StatusText(resp.StatusCode), Message: strings.TrimSpace(string(data))}
		}
		return se
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: answer is not the JSON expected: %w", method, path, err)
	}
	return nil
}

// decodeError reads an ErrorBody.
func decodeError(data []byte, e *Error) bool {
	var b ErrorBody
	if json.Unmarshal(data, &b) != nil || b.Error.Code == "" {
		return false
	}
	*e = b.Error
	return true
}

// PathEscape escapes one path segment (a queue or stream name).
func PathEscape(s string) string { return url.PathEscape(s) }
