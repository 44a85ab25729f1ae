package queue

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// purgeInterval is the least time between two purges of a queue.
const purgeInterval = 60 * time.Second

// CreateQueueParams are the inputs of CreateQueue.
type CreateQueueParams struct {
	Queue QueueRef
	// Attributes are AWS queue attribute names and values (FifoQueue,
	// VisibilityTimeout, RedrivePolicy, ...).
	Attributes map[string]string
	Tags       map[string]string
}

// CreateQueue creates a queue, or does nothing when a queue of that name
// exists with the same values for the attributes given (ErrQueueNameExists
// otherwise, naming the first attribute that differs). It validates the
// name (ErrInvalidParameterValue), the attributes (ErrInvalidAttributeName,
// ErrInvalidAttributeValue, ErrInvalidParameterValue for redrive policies)
// and the tags, and fills defaults. A name deleted less than 60 seconds ago
// gives ErrQueueDeletedRecently.
func (s *Service) CreateQueue(ctx context.Context, p *CreateQueueParams) error {
	fifo, err := fifoFromAttributes(p.Attributes)
	if err != nil {
		return err
	}
	if err := validateQueueName(p.Queue.Name, fifo); err != nil {
		return err
	}
	given, err := s.normalizeAttributes(ctx, p.Queue, fifo, p.Attributes)
	if err != nil {
		return err
	}
	if err := validateTags(p.Tags); err != nil {
		return err
	}
	attrs := defaultAttributes(fifo)
	applyChanges(attrs, given)
	if err := validateAttributeSet(attrs); err != nil {
		return err
	}
	now := s.clock.Now()
	if s.deleted.recent(p.Queue, now) {
		return errorf(ErrQueueDeletedRecently, msgQueueDeleted)
	}
	q, err := s.store.QueueCreate(ctx, &store.QueueCreateParams{
		Ref: p.Queue, FIFO: fifo, Attributes: attrs, Tags: p.Tags, Now: now,
	})
	if errors.Is(err, store.ErrQueueExists) {
		return sameAttributes(q, given)
	}
	if err != nil {
		return fromStore(err, storeErrorContext{queue: p.Queue})
	}
	s.remember(q)
	return nil
}

// fifoFromAttributes reads the FifoQueue attribute of a CreateQueue.
func fifoFromAttributes(attrs map[string]string) (bool, error) {
	v, ok := attrs[attrFifoQueue]
	if !ok {
		return false, nil
	}
	fifo, ok := parseBool(v)
	if !ok {
		return false, errAttributeValue(attrFifoQueue)
	}
	return fifo, nil
}

// normalizeAttributes checks the attributes a client gives to CreateQueue or
// SetQueueAttributes and returns them normalised, in the store's change
// form: an empty value removes an attribute. FifoQueue is left out; the
// callers deal with it. Names are checked in sorted order so the error
// reported is stable.
func (s *Service) normalizeAttributes(ctx context.Context, ref QueueRef, fifo bool, attrs map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(attrs))
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		if name == attrFifoQueue {
			continue
		}
		value, err := normalizeAttribute(name, attrs[name], fifo)
		if err != nil {
			return nil, err
		}
		switch name {
		case attrRedrivePolicy:
			value, err = s.checkRedrivePolicy(ctx, ref, fifo, value)
		case attrRedriveAllowPolicy:
			value, err = checkRedriveAllowPolicy(value)
		}
		if err != nil {
			return nil, err
		}
		out[name] = value
	}
	// Choosing a KMS key switches SSE-SQS off unless the client says
	// otherwise; validateAttributeSet rejects asking for both.
	if out[attrKmsMasterKeyID] != "" {
		if _, ok := out[attrSqsManagedSseEnabled]; !ok {
			out[attrSqsManagedSseEnabled] = "false"
		}
	}
	return out, nil
}

// applyChanges merges changes into attrs; an empty value removes.
func applyChanges(attrs, changes map[string]string) {
	for name, value := range changes {
		if value == "" {
			delete(attrs, name)
		} else {
			attrs[name] = value
		}
	}
}

// sameAttributes decides an idempotent CreateQueue: nil when every given
// attribute has the value the existing queue has.
func sameAttributes(q *store.Queue, given map[string]string) error {
	for _, name := range slices.Sorted(maps.Keys(given)) {
		if effectiveValue(q, name) != given[name] {
			return errorf(ErrQueueNameExists,
				"A queue already exists with the same name and a different value for attribute %s", name)
		}
	}
	return nil
}

// GetQueueUrl returns nil when the queue exists, else ErrQueueDoesNotExist.
// The caller resolves the account (QueueOwnerAWSAccountId or its own) and
// builds the URL.
func (s *Service) GetQueueUrl(ctx context.Context, ref QueueRef) error {
	_, err := s.queue(ctx, ref)
	return err
}

// GetQueueAttributes returns the named attributes of a queue; "All" selects
// every attribute. Unknown names give ErrInvalidAttributeName; no names give
// an empty map. Message counts are exact at the time of the call (expired
// messages are deleted first); timestamps are epoch seconds. The delivery
// attributes (SluiceDeliveryRate, ...) are under "All" when set; asked for
// by name they are always there, empty when not set.
func (s *Service) GetQueueAttributes(ctx context.Context, ref QueueRef, names []string) (map[string]string, error) {
	cq, err := s.queue(ctx, ref)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if !isQueueAttributeName(name) {
			return nil, errUnknownAttribute(name)
		}
	}
	if len(names) == 0 {
		return map[string]string{}, nil
	}
	all := s.describeQueue(cq.q)
	if slices.Contains(names, attrAll) || slices.ContainsFunc(names, isCountAttribute) {
		if err := s.addCounts(ctx, cq, all); err != nil {
			return nil, err
		}
	}
	if slices.Contains(names, attrAll) {
		return all, nil
	}
	out := make(map[string]string, len(names))
	for _, name := range names {
		if v, ok := all[name]; ok {
			out[name] = v
		} else if isDeliveryAttribute(name) {
			out[name] = deliveryValue(cq.q, name)
		}
	}
	return out, nil
}

// isQueueAttributeName reports whether name is in AWS's QueueAttributeName
// enumeration or is one of sluice's delivery attributes.
func isQueueAttributeName(name string) bool {
	_, settable := settableAttributes[name]
	return settable || name == attrAll || name == attrFifoQueue || slices.Contains(readOnlyAttributes, name)
}

func isCountAttribute(name string) bool {
	return name == attrApproximateNumberOfMessages || name == attrApproximateNotVisible || name == attrApproximateDelayed
}

// describeQueue returns every attribute of a queue but the message counts.
func (s *Service) describeQueue(q *store.Queue) map[string]string {
	out := make(map[string]string, len(q.Attributes)+8)
	for name := range settableAttributes {
		if v := effectiveValue(q, name); v != "" {
			out[name] = v
		}
	}
	if q.FIFO {
		out[attrFifoQueue] = "true"
	}
	if out[attrKmsMasterKeyID] != "" && out[attrKmsDataKeyReusePeriodSeconds] == "" {
		out[attrKmsDataKeyReusePeriodSeconds] = "300"
	}
	out[attrQueueArn] = s.QueueArn(q.Ref)
	out[attrCreatedTimestamp] = strconv.FormatInt(q.CreatedAt.Unix(), 10)
	out[attrLastModifiedTimestamp] = strconv.FormatInt(q.ModifiedAt.Unix(), 10)
	return out
}

// addCounts adds the ApproximateNumberOfMessages* attributes, after deleting
// the messages past retention so the counts are exact.
func (s *Service) addCounts(ctx context.Context, cq *cachedQueue, out map[string]string) error {
	now := s.clock.Now()
	if err := s.expire(ctx, cq.q.Ref, cq.cfg.retention, now); err != nil {
		return err
	}
	st, err := s.store.QueueStats(ctx, cq.q.Ref, now)
	if err != nil {
		return fromStore(err, storeErrorContext{queue: cq.q.Ref})
	}
	out[attrApproximateNumberOfMessages] = strconv.FormatInt(st.Visible, 10)
	out[attrApproximateNotVisible] = strconv.FormatInt(st.InFlight, 10)
	out[attrApproximateDelayed] = strconv.FormatInt(st.Delayed, 10)
	return nil
}

// SetQueueAttributes validates and changes settable attributes. FifoQueue
// cannot change (ErrInvalidAttributeValue on a FIFO queue,
// ErrInvalidAttributeName on a standard one); read-only and unknown names
// give ErrInvalidAttributeName. An empty Policy, RedrivePolicy,
// RedriveAllowPolicy or KmsMasterKeyId removes it.
func (s *Service) SetQueueAttributes(ctx context.Context, ref QueueRef, attrs map[string]string) error {
	q, err := s.store.QueueGet(ctx, ref)
	if err != nil {
		return fromStore(err, storeErrorContext{queue: ref})
	}
	if v, ok := attrs[attrFifoQueue]; ok {
		if !q.FIFO {
			return errUnknownAttribute(attrFifoQueue)
		}
		if b, ok := parseBool(v); !ok || !b {
			return errorf(ErrInvalidAttributeValue, "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.")
		}
	}
	changes, err := s.normalizeAttributes(ctx, ref, q.FIFO, attrs)
	if err != nil {
		return err
	}
	merged := maps.Clone(q.Attributes)
	applyChanges(merged, changes)
	if err := validateAttributeSet(merged); err != nil {
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	now := s.clock.Now()
	updated, err := s.store.QueueUpdate(ctx, &store.QueueUpdateParams{Ref: ref, SetAttributes: changes, Now: now})
	if err != nil {
		s.forget(ref)
		return fromStore(err, storeErrorContext{queue: ref})
	}
	s.remember(updated)
	if touchesDelivery(changes) {
		s.buckets.reconfigure(ref, parseDeliveryLimits(updated.Attributes), now)
		// Long polls waiting for a token or for room in flight look again
		// under the new limits.
		s.waiters.notify(ref)
	}
	return nil
}

// DeleteQueue deletes a queue and its messages. The name cannot be reused
// for 60 seconds (ErrQueueDeletedRecently). Long polls waiting on the queue
// end with ErrQueueDoesNotExist.
func (s *Service) DeleteQueue(ctx context.Context, ref QueueRef) error {
	err := s.store.QueueDelete(ctx, ref)
	s.forget(ref)
	if err != nil {
		return fromStore(err, storeErrorContext{queue: ref})
	}
	s.deleted.add(ref, s.clock.Now())
	s.buckets.drop(ref)
	s.waiters.notify(ref)
	s.opts.Observer.QueueDeleted(ref)
	return nil
}

// PurgeQueue deletes every message of a queue, at most once every 60
// seconds (ErrPurgeQueueInProgress).
func (s *Service) PurgeQueue(ctx context.Context, ref QueueRef) error {
	err := s.store.QueuePurge(ctx, &store.QueuePurgeParams{Ref: ref, Now: s.clock.Now(), MinInterval: purgeInterval})
	return fromStore(err, storeErrorContext{queue: ref})
}
