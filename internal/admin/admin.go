// Package admin is sluice's JSON admin API, an http.Handler mounted under
// one prefix (internal/server uses /admin/api/): queues with their depths
// and rates, attributes, a peek that changes nothing, test sends, deletes,
// purges, dead-letter redrives, streams with their shards and a tail of
// records, and the history series the web console draws.
//
// With credentials configured every request but the session ones needs a
// session: POST session with an access key and its secret sets an
// HttpOnly, SameSite=Strict cookie, and the account of that key is the
// only one whose queues and streams the session sees (others answer 404,
// as if they did not exist). Without credentials, the development mode of
// the APIs, every account is visible; the server then listens on loopback
// only unless told otherwise, as for the APIs. Either way, every request
// that changes something must carry the session's CSRF token in the
// X-Sluice-CSRF header, which a page of another origin cannot read.
//
// The API speaks to queue.Service and stream.Service, never to the store,
// so every rule of SQS and Kinesis holds for what it does.
package admin

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/history"
	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/stream"
)

// DefaultPrefix is where internal/server mounts the API.
const DefaultPrefix = "/admin/api/"

// DefaultAccount is the account of development mode's unnamed requests.
const DefaultAccount = "000000000000"

// CSRFHeader carries the CSRF token of state-changing requests.
const CSRFHeader = "X-Sluice-CSRF"

// SessionCookie is the name of the session cookie.
const SessionCookie = "sluice_session"

// Credential is an access key that may sign in, and its account.
type Credential struct {
	AccessKey string
	Secret    string
	Account   string
}

// Options configure the API.
type Options struct {
	Queues  *queue.Service
	Streams *stream.Service
	History *history.Recorder
	// Clock tells the time (session expiry, message ages); required.
	Clock clock.Clock
	// Credentials are the keys that may sign in. None makes the API open,
	// every account visible.
	Credentials []Credential
	// Accounts lists the accounts that own queues or streams, for the open
	// API's lists; nil lists DefaultAccount only.
	Accounts func(ctx context.Context) ([]string, error)
	// Endpoint is the base URL of queue URLs for a request; nil uses the
	// request's scheme and Host.
	Endpoint func(r *http.Request) string
	// Prefix is where the handler is mounted; default DefaultPrefix.
	Prefix string
	// SecureCookie marks the session cookie Secure (the server serves
	// HTTPS).
	SecureCookie bool
	// Logger receives failures that are not the client's; nil discards.
	Logger *slog.Logger
}

// API is the admin API's handler.
type API struct {
	opts     Options
	mux      *http.ServeMux
	sessions *sessions
	log      *slog.Logger
}

// New returns the API.
func New(opts Options) *API {
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if !strings.HasSuffix(opts.Prefix, "/") {
		opts.Prefix += "/"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a := &API{opts: opts, mux: http.NewServeMux(), sessions: newSessions(opts.Clock), log: opts.Logger}
	a.routes()
	return a
}

// ServeHTTP answers one admin request.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	a.mux.ServeHTTP(w, r)
}

// handler is one route: it returns the value to answer with as JSON, or
// an error.
type handler func(r *http.Request, c *caller) (any, error)

// routes mounts every route on the mux.
func (a *API) routes() {
	p := a.opts.Prefix
	a.mux.HandleFunc("GET "+p+"session", a.getSession)
	a.mux.HandleFunc("POST "+p+"session", a.signIn)
	a.mux.HandleFunc("DELETE "+p+"session", a.signOut)

	a.handle("GET "+p+"queues", a.listQueues)
	a.handle("POST "+p+"queues", a.createQueue)
	a.handle("GET "+p+"queues/{account}/{name}", a.getQueue)
	a.handle("DELETE "+p+"queues/{account}/{name}", a.deleteQueue)
	a.handle("PUT "+p+"queues/{account}/{name}/attributes", a.setAttributes)
	a.handle("GET "+p+"queues/{account}/{name}/messages", a.peek)
	a.handle("POST "+p+"queues/{account}/{name}/messages", a.send)
	a.handle("DELETE "+p+"queues/{account}/{name}/messages/{key}", a.removeMessage)
	a.handle("POST "+p+"queues/{account}/{name}/purge", a.purge)
	a.handle("GET "+p+"queues/{account}/{name}/redrive", a.listMoveTasks)
	a.handle("POST "+p+"queues/{account}/{name}/redrive", a.startRedrive)
	a.handle("GET "+p+"queues/{account}/{name}/history", a.queueHistory)

	a.handle("GET "+p+"streams", a.listStreams)
	a.handle("GET "+p+"streams/{account}/{name}", a.getStream)
	a.handle("GET "+p+"streams/{account}/{name}/records", a.records)
	a.handle("GET "+p+"streams/{account}/{name}/history", a.streamHistory)

	a.mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, errNotFound("no such admin API route: %s %s", r.Method, r.URL.Path))
	})
}

// handle mounts h behind the session and CSRF checks.
func (a *API) handle(pattern string, h handler) {
	a.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		c, err := a.authorize(r)
		if err != nil {
			writeError(w, err)
			return
		}
		v, err := h(r, c)
		if err != nil {
			a.logFailure(r, err)
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	})
}

// logFailure logs errors that are not the client's.
func (a *API) logFailure(r *http.Request, err error) {
	if statusOf(err) >= 500 {
		a.log.Warn("admin API request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
}

// endpoint is the base URL of queue URLs for r.
func (a *API) endpoint(r *http.Request) string {
	if a.opts.Endpoint != nil {
		return strings.TrimRight(a.opts.Endpoint(r), "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
