package awsproto

import (
	"net/http"
	"strings"
)

// callerScope returns the account and region a request acts in, following
// the convention of local AWS emulators: without credential checking, an
// access key id of exactly 12 digits names the account, and the region is
// the one of the signature's credential scope. Either falls back to the
// given default.
func callerScope(r *http.Request, defaultAccount, defaultRegion string) (account, region string) {
	account, region = defaultAccount, defaultRegion
	credential := credentialOf(r)
	if credential == "" {
		return account, region
	}
	// Credential is <key id>/<date>/<region>/<service>/aws4_request.
	parts := strings.Split(credential, "/")
	if isAccountID(parts[0]) {
		account = parts[0]
	}
	if len(parts) >= 3 && isRegionName(parts[2]) {
		region = parts[2]
	}
	return account, region
}

// credentialOf returns the Credential of a SigV4 Authorization header, or
// the X-Amz-Credential of a presigned URL, or "".
func credentialOf(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	if _, rest, ok := strings.Cut(auth, "Credential="); ok {
		end := strings.IndexAny(rest, ", ")
		if end >= 0 {
			rest = rest[:end]
		}
		return rest
	}
	return r.URL.Query().Get("X-Amz-Credential")
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isRegionName accepts what region names look like (us-east-1), so that a
// client's header cannot put arbitrary text into ARNs and URLs.
func isRegionName(s string) bool {
	const maxRegionLen = 32
	if s == "" || len(s) > maxRegionLen {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}
