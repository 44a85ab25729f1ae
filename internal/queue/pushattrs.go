package queue

import (
	"net/url"
)

// Sluice's own attributes of a queue whose messages sluice POSTs to an
// HTTP(S) endpoint (package push delivers them).
const (
	// AttrPushEndpoint is the http:// or https:// URL messages are POSTed to.
	AttrPushEndpoint = "SluicePushEndpoint"
	// AttrPushSecret keys the HMAC-SHA256 signature of each request.
	AttrPushSecret = "SluicePushSecret"
	// AttrPushConcurrency is how many requests may be under way at once.
	AttrPushConcurrency = "SluicePushConcurrency"
	// AttrPushTimeout is the seconds a request may take.
	AttrPushTimeout = "SluicePushTimeout"
)

// Bounds of the push attributes.
const (
	maxPushConcurrency = 100
	maxPushTimeout     = 900
	maxPushURLLength   = 2048
	maxPushSecret      = 256
)

// PushAttributes are the attributes push delivery is configured by.
var PushAttributes = []string{AttrPushEndpoint, AttrPushSecret, AttrPushConcurrency, AttrPushTimeout}

// validPushEndpoint reports whether s is an absolute http or https URL.
func validPushEndpoint(s string) bool {
	if len(s) > maxPushURLLength {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}
