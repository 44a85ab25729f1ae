package sqsapi

import (
	"context"
	"net/url"
	"strings"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/queue"
)

// resolveQueue returns the queue a request names, within the caller's
// account. rawURL is the QueueUrl parameter; when it is empty, a request
// sent to a queue URL path (query protocol) names the queue by its path.
//
// Any host is accepted; the path is /<account>/<name> or
// /queue/<region>/<account>/<name>. A bare queue name (no slash) names
// the caller's queue of that name, as AWS accepts it. A URL naming another
// account than the caller's, or one that cannot be read as a queue URL,
// gives QueueDoesNotExist: accounts see only their own queues.
func (a *API) resolveQueue(ctx context.Context, rawURL string) (queue.QueueRef, error) {
	req := awsproto.RequestFrom(ctx)
	if rawURL == "" {
		ref, ok := parseQueuePath(req.Path)
		if !ok {
			return queue.QueueRef{}, missingParameter("QueueUrl")
		}
		return ownQueue(req, ref)
	}
	if !strings.Contains(rawURL, "/") {
		return queue.QueueRef{Account: req.Account, Name: rawURL}, nil
	}
	ref, ok := parseQueueURL(rawURL)
	if !ok {
		return queue.QueueRef{}, errQueueDoesNotExist.New("The specified queue does not exist.")
	}
	return ownQueue(req, ref)
}

func ownQueue(req *awsproto.Request, ref queue.QueueRef) (queue.QueueRef, error) {
	if ref.Account != req.Account {
		return queue.QueueRef{}, errQueueDoesNotExist.New("The specified queue does not exist.")
	}
	return ref, nil
}

// parseQueueURL splits a queue URL, with or without scheme and host, into
// account and name.
func parseQueueURL(raw string) (queue.QueueRef, bool) {
	path := raw
	if strings.Contains(raw, "://") {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return queue.QueueRef{}, false
		}
		path = u.Path
	}
	return parseQueuePath(path)
}

// parseQueuePath parses /<account>/<name> or
// /queue/<region>/<account>/<name>; the leading slash is optional.
func parseQueuePath(path string) (queue.QueueRef, bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) == 4 && parts[0] == "queue" {
		parts = parts[2:]
	}
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return queue.QueueRef{}, false
	}
	return queue.QueueRef{Account: parts[0], Name: parts[1]}, true
}

// queueURL is the URL clients use for ref: the advertised URL if set, else
// the scheme and host the request came in on.
func (a *API) queueURL(ctx context.Context, ref queue.QueueRef) string {
	return a.baseURL(ctx) + "/" + ref.Account + "/" + ref.Name
}

func (a *API) baseURL(ctx context.Context) string {
	if a.opts.AdvertisedURL != "" {
		return strings.TrimRight(a.opts.AdvertisedURL, "/")
	}
	req := awsproto.RequestFrom(ctx)
	scheme, host := req.Scheme, req.Host
	if scheme == "" {
		scheme = "http"
	}
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}

// queueURLs maps refs to their URLs; nil when there are none.
func (a *API) queueURLs(ctx context.Context, refs []queue.QueueRef) []string {
	if len(refs) == 0 {
		return nil
	}
	urls := make([]string, len(refs))
	for i, ref := range refs {
		urls[i] = a.queueURL(ctx, ref)
	}
	return urls
}

// callerQueue names a queue of the caller's account.
func callerQueue(ctx context.Context, name string) queue.QueueRef {
	return queue.QueueRef{Account: awsproto.RequestFrom(ctx).Account, Name: name}
}
