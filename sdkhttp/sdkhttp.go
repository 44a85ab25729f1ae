// Package sdkhttp gives aws-sdk-go-v2 clients an HTTP transport that does not
// drop large responses.
//
// smithy-go, the SDK's HTTP layer, closes a request's body as soon as
// http.Client.Do returns, and its body type answers WriteTo with io.EOF once
// closed. Go's transport writes a request in its own goroutine and, after
// sending Content-Length bytes, calls io.Copy(io.Discard, body) to check that
// nothing is left; io.Copy prefers the body's WriteTo. When the server
// answers quickly, Do returns before that check, the SDK closes the body,
// the check gets io.EOF, the writer takes it for a write error and closes the
// connection while the response body is still being read:
//
//	read tcp 127.0.0.1:43956->127.0.0.1:35531: use of closed network connection
//
//	net/http.(*persistConn).close(..., io.EOF)
//	net/http.(*persistConn).writeLoop() transport.go:2678
//
// Small responses usually arrive whole in the first read and survive; large
// ones (a 1 MiB ReceiveMessage, a GetRecords of megabytes) fail now and then,
// more often on a busy machine. The race lives in the client, so it happens
// against any endpoint, AWS included.
//
// Transport hides the body's WriteTo, so the check reads through Read, which
// after close returns (0, io.EOF): the normal end of a body.
package sdkhttp

import (
	"io"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// Transport wraps a RoundTripper so that the request bodies it sends expose
// only Read and Close.
type Transport struct {
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
}

// RoundTrip sends req with its body stripped of any WriteTo method.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if req.Body == nil || req.Body == http.NoBody {
		return base.RoundTrip(req)
	}
	out := *req // a RoundTripper must not change the caller's request
	out.Body = readCloser{req.Body}
	return base.RoundTrip(&out)
}

// CloseIdleConnections closes Base's idle connections when Base can, so
// that http.Client.CloseIdleConnections reaches through Transport.
func (t *Transport) CloseIdleConnections() {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if c, ok := base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// readCloser holds a body behind an interface with only Read and Close.
type readCloser struct{ io.ReadCloser }

// NewClient returns an http.Client for aws.Config.HTTPClient: the SDK's
// default transport wrapped in Transport.
func NewClient() *http.Client {
	return &http.Client{Transport: &Transport{Base: awshttp.NewBuildableClient().GetTransport()}}
}
