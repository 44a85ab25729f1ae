package queue

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/sluicemq/sluice/internal/store"
)

// Listing limits.
const (
	maxListResults = 1000
	listPageSize   = 1000 // queues read per store call when scanning
)

// ListQueuesParams are the inputs of ListQueues.
type ListQueuesParams struct {
	Account string
	Prefix  string
	// MaxResults is 1..1000, or nil when not given. A NextToken is returned
	// only when MaxResults is given and more queues remain.
	MaxResults *int
	// NextToken is a token from a previous answer, or empty.
	NextToken string
}

// ListQueuesResult is the output of ListQueues and ListDeadLetterSourceQueues.
type ListQueuesResult struct {
	Queues    []QueueRef
	NextToken string // empty when there is nothing more
}

// ListQueues lists an account's queues whose names start with Prefix, in
// name order; at most 1000 when MaxResults is not given. A bad MaxResults
// or NextToken gives ErrInvalidParameterValue.
func (s *Service) ListQueues(ctx context.Context, p *ListQueuesParams) (*ListQueuesResult, error) {
	limit, after, err := pageBounds(p.MaxResults, p.NextToken)
	if err != nil {
		return nil, err
	}
	queues, err := s.store.QueueList(ctx, &store.QueueListParams{
		Account: p.Account, Prefix: p.Prefix, After: after, Limit: limit + 1,
	})
	if err != nil {
		return nil, fromStore(err, storeErrorContext{})
	}
	refs := make([]QueueRef, 0, len(queues))
	for _, q := range queues {
		refs = append(refs, q.Ref)
	}
	return page(refs, limit, p.MaxResults != nil), nil
}

// pageBounds checks MaxResults and NextToken and returns the page size and
// the name to list after.
func pageBounds(maxResults *int, token string) (int, string, error) {
	limit := maxListResults
	if maxResults != nil {
		if *maxResults < 1 || *maxResults > maxListResults {
			return 0, "", errorf(ErrInvalidParameterValue,
				"Value %d for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.", *maxResults)
		}
		limit = *maxResults
	}
	after, err := decodeToken(token)
	if err != nil {
		return 0, "", err
	}
	return limit, after, nil
}

// page cuts refs (sorted, possibly one longer than limit) to limit and
// makes the NextToken when more remain and tokens were asked for.
func page(refs []QueueRef, limit int, withToken bool) *ListQueuesResult {
	res := &ListQueuesResult{Queues: refs}
	if len(refs) > limit {
		res.Queues = refs[:limit]
		if withToken {
			res.NextToken = encodeToken(refs[limit-1].Name)
		}
	}
	return res
}

// tokenPrefix marks sluice's list tokens so foreign strings are rejected.
const tokenPrefix = "q1:"

// encodeToken makes an opaque token that resumes a listing after name.
func encodeToken(name string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + name))
}

// decodeToken reads a token from encodeToken; "" means from the start.
func decodeToken(token string) (string, error) {
	if token == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	name, ok := strings.CutPrefix(string(raw), tokenPrefix)
	if err != nil || !ok {
		return "", errorf(ErrInvalidParameterValue, "Invalid NextToken value.")
	}
	return name, nil
}

// ListDeadLetterSourceQueuesParams are the inputs of ListDeadLetterSourceQueues.
type ListDeadLetterSourceQueuesParams struct {
	Queue      QueueRef // the dead-letter queue
	MaxResults *int     // 1..1000, or nil
	NextToken  string
}

// ListDeadLetterSourceQueues lists, in name order, the queues of the
// dead-letter queue's account whose RedrivePolicy targets it. Paging works
// as in ListQueues.
func (s *Service) ListDeadLetterSourceQueues(ctx context.Context, p *ListDeadLetterSourceQueuesParams) (*ListQueuesResult, error) {
	limit, after, err := pageBounds(p.MaxResults, p.NextToken)
	if err != nil {
		return nil, err
	}
	if _, err := s.queue(ctx, p.Queue); err != nil {
		return nil, err
	}
	var refs []QueueRef
	err = s.eachQueue(ctx, p.Queue.Account, after, func(q *store.Queue) bool {
		if rp, err := parseStoredRedrivePolicy(q.Attributes[attrRedrivePolicy]); err == nil && rp != nil &&
			rp.DeadLetterQueue == p.Queue {
			refs = append(refs, q.Ref)
		}
		return len(refs) <= limit
	})
	if err != nil {
		return nil, err
	}
	return page(refs, limit, p.MaxResults != nil), nil
}

// eachQueue calls fn for each queue of account named after after, in name
// order, until fn returns false.
func (s *Service) eachQueue(ctx context.Context, account, after string, fn func(*store.Queue) bool) error {
	for {
		queues, err := s.store.QueueList(ctx, &store.QueueListParams{Account: account, After: after, Limit: listPageSize})
		if err != nil {
			return fromStore(err, storeErrorContext{})
		}
		for _, q := range queues {
			if !fn(q) {
				return nil
			}
		}
		if len(queues) < listPageSize {
			return nil
		}
		after = queues[len(queues)-1].Ref.Name
	}
}
