// Package sqsapi is the Amazon SQS API: one file per action with its wire
// structs (tagged for AWS JSON 1.0 and the query protocol) and its handler,
// the action table (operations.go) and the table that turns queue domain
// errors into AWS errors (errors.go).
//
// Handlers check only what can be checked without a queue: required
// parameters, batch shapes, queue URLs. Everything else is the queue
// package's business. A handler never knows which protocol carried its
// request.
package sqsapi

import "github.com/sluicemq/sluice/internal/queue"

// Options configure an API. The zero value is usable.
type Options struct {
	// AdvertisedURL, when set, is the base of every queue URL the API hands
	// out (for example "https://sqs.example.com"); otherwise queue URLs are
	// built from the scheme and Host header of each request.
	AdvertisedURL string
}

// API serves the SQS actions over a queue.Service.
type API struct {
	svc  *queue.Service
	opts Options
}

// New returns an API over svc.
func New(svc *queue.Service, opts Options) *API {
	return &API{svc: svc, opts: opts}
}
