package queue

import (
	"context"
	"maps"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sluicemq/sluice/internal/store"
)

// Tag limits.
const (
	maxTags           = 50
	maxTagKeyLength   = 128
	maxTagValueLength = 256
)

// validateTags checks tag keys and values: keys 1..128 characters, values
// at most 256, both of Unicode letters, digits, white space and _ . : / = + - @.
func validateTags(tags map[string]string) error {
	if len(tags) > maxTags {
		return errorf(ErrInvalidParameterValue, "Too many tags added for queue. The maximum number of tags for a queue is %d.", maxTags)
	}
	for k, v := range tags {
		if n := utf8.RuneCountInString(k); n == 0 || n > maxTagKeyLength || !isTagText(k) {
			return errorf(ErrInvalidParameterValue, "Tag key %s is invalid. Tag keys must be 1 to 128 characters long and may contain letters, digits, white space and _ . : / = + - @.", k)
		}
		if utf8.RuneCountInString(v) > maxTagValueLength || !isTagText(v) {
			return errorf(ErrInvalidParameterValue, "Tag value for key %s is invalid. Tag values must be at most 256 characters long and may contain letters, digits, white space and _ . : / = + - @.", k)
		}
	}
	return nil
}

func isTagText(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && !strings.ContainsRune("_.:/=+-@", r) {
			return false
		}
	}
	return true
}

// TagQueue adds or replaces tags. A queue holds at most 50 tags.
func (s *Service) TagQueue(ctx context.Context, ref QueueRef, tags map[string]string) error {
	if err := validateTags(tags); err != nil {
		return err
	}
	q, err := s.store.QueueGet(ctx, ref)
	if err != nil {
		return fromStore(err, storeErrorContext{queue: ref})
	}
	merged := maps.Clone(q.Tags)
	if merged == nil {
		merged = make(map[string]string)
	}
	maps.Copy(merged, tags)
	if err := validateTags(merged); err != nil {
		return err
	}
	return s.updateTags(ctx, &store.QueueUpdateParams{Ref: ref, SetTags: tags})
}

// UntagQueue removes tags by key; absent keys are ignored.
func (s *Service) UntagQueue(ctx context.Context, ref QueueRef, keys []string) error {
	return s.updateTags(ctx, &store.QueueUpdateParams{Ref: ref, RemoveTags: keys})
}

func (s *Service) updateTags(ctx context.Context, p *store.QueueUpdateParams) error {
	p.Now = s.clock.Now()
	q, err := s.store.QueueUpdate(ctx, p)
	if err != nil {
		s.forget(p.Ref)
		return fromStore(err, storeErrorContext{queue: p.Ref})
	}
	s.remember(q)
	return nil
}

// ListQueueTags returns a queue's tags (an empty map when it has none).
func (s *Service) ListQueueTags(ctx context.Context, ref QueueRef) (map[string]string, error) {
	cq, err := s.queue(ctx, ref)
	if err != nil {
		return nil, err
	}
	out := maps.Clone(cq.q.Tags)
	if out == nil {
		out = map[string]string{}
	}
	return out, nil
}
