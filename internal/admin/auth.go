package admin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/sluicemq/sluice/internal/clock"
)

// Session limits.
const (
	sessionTTL  = 12 * time.Hour
	maxSessions = 10_000
)

// caller is who a request acts for.
type caller struct {
	// account is the signed-in account; empty when the API is open and
	// every account is visible.
	account string
}

// may reports whether the caller may see resources of account.
func (c *caller) may(account string) bool {
	return c.account == "" || c.account == account
}

// session is a signed-in browser or CLI.
type session struct {
	account string
	csrf    string
	expires time.Time
}

// sessions holds the live sessions in memory: a restart signs everyone
// out.
type sessions struct {
	clock clock.Clock
	// openCSRF is the CSRF token of the open API, the same for every
	// client.
	openCSRF string

	mu   sync.Mutex
	byID map[string]*session
}

func newSessions(clk clock.Clock) *sessions {
	return &sessions{clock: clk, openCSRF: randomToken(), byID: make(map[string]*session)}
}

// randomToken returns 32 random bytes in URL-safe base64.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// create starts a session of account and returns its id.
func (s *sessions) create(account string) (string, *session) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.byID) >= maxSessions {
		s.prune(now)
	}
	if len(s.byID) >= maxSessions {
		s.dropOldest()
	}
	id := randomToken()
	ss := &session{account: account, csrf: randomToken(), expires: now.Add(sessionTTL)}
	s.byID[id] = ss
	return id, ss
}

// prune drops expired sessions. Caller holds mu.
func (s *sessions) prune(now time.Time) {
	for id, ss := range s.byID {
		if !now.Before(ss.expires) {
			delete(s.byID, id)
		}
	}
}

// dropOldest drops the session closest to expiring. Caller holds mu.
func (s *sessions) dropOldest() {
	var oldest string
	for id, ss := range s.byID {
		if oldest == "" || ss.expires.Before(s.byID[oldest].expires) {
			oldest = id
		}
	}
	delete(s.byID, oldest)
}

// lookup returns the live session of id, or nil.
func (s *sessions) lookup(id string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.byID[id]
	if ss == nil {
		return nil
	}
	if !s.clock.Now().Before(ss.expires) {
		delete(s.byID, id)
		return nil
	}
	return ss
}

// end drops session id.
func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
}

// open reports whether the API needs no sign-in.
func (a *API) open() bool { return len(a.opts.Credentials) == 0 }

// current returns the request's session and its id, nil when it has none.
func (a *API) current(r *http.Request) (*session, string) {
	ck, err := r.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return nil, ""
	}
	return a.sessions.lookup(ck.Value), ck.Value
}

// authorize finds who r acts for and checks the CSRF token of a request
// that changes something.
func (a *API) authorize(r *http.Request) (*caller, error) {
	csrf := a.sessions.openCSRF
	c := &caller{}
	if !a.open() {
		ss, _ := a.current(r)
		if ss == nil {
			return nil, errUnauthorized("sign in first: POST %ssession with an access key and its secret", a.opts.Prefix)
		}
		c.account, csrf = ss.account, ss.csrf
	}
	if changes(r) && !sameToken(r.Header.Get(CSRFHeader), csrf) {
		return nil, errForbidden("a request that changes something needs the session's CSRF token in the %s header (GET %ssession gives it)",
			CSRFHeader, a.opts.Prefix)
	}
	return c, nil
}

// changes reports whether r's method may change something.
func changes(r *http.Request) bool {
	return !slices.Contains([]string{http.MethodGet, http.MethodHead, http.MethodOptions}, r.Method)
}

// sameToken compares two tokens in constant time; an empty one never
// matches.
func sameToken(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// getSession says whether sign-in is needed and, when signed in (or open),
// the account and CSRF token.
func (a *API) getSession(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if a.open() {
		writeJSON(w, http.StatusOK, Session{SignedIn: true, CSRF: a.sessions.openCSRF})
		return
	}
	out := Session{AuthRequired: true}
	if ss, _ := a.current(r); ss != nil {
		out.SignedIn, out.Account, out.CSRF = true, ss.account, ss.csrf
	}
	writeJSON(w, http.StatusOK, out)
}

// signIn checks an access key and its secret and starts a session of its
// account. The body must be JSON (which a form of another origin cannot
// send without the browser asking first).
func (a *API) signIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if a.open() {
		writeJSON(w, http.StatusOK, Session{SignedIn: true, CSRF: a.sessions.openCSRF})
		return
	}
	var in SignIn
	if err := readJSON(r, &in); err != nil {
		writeError(w, err)
		return
	}
	account, ok := a.check(in.AccessKeyID, in.SecretAccessKey)
	if !ok {
		writeError(w, errUnauthorized("the access key or its secret is wrong"))
		return
	}
	id, ss := a.sessions.create(account)
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: id, Path: a.opts.Prefix, MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: a.opts.SecureCookie,
	})
	writeJSON(w, http.StatusOK, Session{AuthRequired: true, SignedIn: true, Account: account, CSRF: ss.csrf})
}

// check returns the account of a matching credential. Every credential is
// compared, in constant time, so the answer's timing does not tell which
// keys exist.
func (a *API) check(key, secret string) (string, bool) {
	account, found := "", false
	for _, cr := range a.opts.Credentials {
		keyOK := subtle.ConstantTimeCompare([]byte(key), []byte(cr.AccessKey)) == 1
		secretOK := subtle.ConstantTimeCompare([]byte(secret), []byte(cr.Secret)) == 1
		if keyOK && secretOK && key != "" && !found {
			account, found = cr.Account, true
		}
	}
	return account, found
}

// signOut ends the request's session and clears its cookie.
func (a *API) signOut(w http.ResponseWriter, r *http.Request) {
	if _, err := a.authorize(r); err != nil {
		writeError(w, err)
		return
	}
	if _, id := a.current(r); id != "" {
		a.sessions.end(id)
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: a.opts.Prefix, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: a.opts.SecureCookie,
	})
	writeJSON(w, http.StatusOK, Session{AuthRequired: !a.open(), SignedIn: a.open()})
}
