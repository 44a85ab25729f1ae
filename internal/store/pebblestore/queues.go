package pebblestore

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"time"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// Lock order: queue.rw, then Store.metaMu, then queue.mu (of one queue at a
// time; a FIFO operation that holds its queue's mu across a commit tells
// other queues about new messages only after releasing it). Several queues'
// rw locks are taken in id order (lockShared).

// QueueCreate creates a queue, or returns the existing one with
// store.ErrQueueExists.
func (s *Store) QueueCreate(_ context.Context, p *store.QueueCreateParams) (*store.Queue, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	if q, ok := s.queues[p.Ref]; ok {
		return q.rec.toQueue(p.Ref), store.ErrQueueExists
	}
	now := nanos(p.Now)
	rec := &queueRecord{
		id:         s.nextQueueID,
		fifo:       p.FIFO,
		attributes: maps.Clone(p.Attributes),
		tags:       maps.Clone(p.Tags),
		createdAt:  now,
		modifiedAt: now,
	}
	b := s.db.NewBatch()
	_ = b.Set(queueKey(p.Ref.Account, p.Ref.Name), rec.encode(), nil)
	_ = b.Set(keyNextQueueID, int64Value(int64(rec.id+1)), nil)
	if err := s.commit(b); err != nil {
		return nil, err
	}
	s.nextQueueID++
	s.queues[p.Ref] = newQueue(p.Ref, rec)
	return rec.toQueue(p.Ref), nil
}

// QueueGet returns a queue.
func (s *Store) QueueGet(_ context.Context, ref store.QueueRef) (*store.Queue, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	s.metaMu.RLock()
	defer s.metaMu.RUnlock()
	q, ok := s.queues[ref]
	if !ok {
		return nil, store.ErrQueueNotFound
	}
	return q.rec.toQueue(ref), nil
}

// QueueList lists an account's queues by name.
func (s *Store) QueueList(_ context.Context, p *store.QueueListParams) ([]*store.Queue, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	lower := queueKey(p.Account, p.Prefix)
	if after := append(queueKey(p.Account, p.After), 0); p.After != "" && bytes.Compare(after, lower) > 0 {
		lower = after
	}
	upper := prefixEnd(queueKey(p.Account, p.Prefix))
	s.metaMu.RLock()
	defer s.metaMu.RUnlock()
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*store.Queue
	for it.First(); it.Valid() && (p.Limit <= 0 || len(out) < p.Limit); it.Next() {
		ref, ok := parseQueueKey(it.Key())
		if !ok || ref.Account != p.Account {
			continue
		}
		if q, ok := s.queues[ref]; ok {
			out = append(out, q.rec.toQueue(ref))
		}
	}
	return out, it.Error()
}

// QueueRefs returns every queue of every account, from memory.
func (s *Store) QueueRefs(_ context.Context) ([]store.QueueRef, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	s.metaMu.RLock()
	defer s.metaMu.RUnlock()
	return slices.Collect(maps.Keys(s.queues)), nil
}

// prefixEnd is the smallest key greater than every key starting with p.
func prefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// QueueUpdate merges attributes and tags into a queue.
func (s *Store) QueueUpdate(_ context.Context, p *store.QueueUpdateParams) (*store.Queue, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	q, ok := s.queues[p.Ref]
	if !ok {
		return nil, store.ErrQueueNotFound
	}
	rec := *q.rec
	rec.attributes = mergeMap(rec.attributes, p.SetAttributes)
	rec.tags = mergeTags(rec.tags, p.SetTags)
	for _, k := range p.RemoveTags {
		delete(rec.tags, k)
	}
	if len(p.SetAttributes) > 0 {
		rec.modifiedAt = nanos(p.Now)
	}
	b := s.db.NewBatch()
	_ = b.Set(queueKey(p.Ref.Account, p.Ref.Name), rec.encode(), nil)
	if err := s.commit(b); err != nil {
		return nil, err
	}
	q.rec = &rec
	return rec.toQueue(p.Ref), nil
}

// mergeMap returns a copy of m with set applied; empty values delete.
func mergeMap(m, set map[string]string) map[string]string {
	out := maps.Clone(m)
	if out == nil {
		out = make(map[string]string, len(set))
	}
	for k, v := range set {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// mergeTags returns m with set added, "" kept as a value.
func mergeTags(m, set map[string]string) map[string]string {
	out := maps.Clone(m)
	if out == nil {
		out = make(map[string]string, len(set))
	}
	maps.Copy(out, set)
	return out
}

// QueueDelete removes a queue and everything in it.
func (s *Store) QueueDelete(_ context.Context, ref store.QueueRef) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.leave()
	q, err := s.lookup(ref)
	if err != nil {
		return err
	}
	q.rw.Lock()
	defer q.rw.Unlock()
	if q.deleted {
		return store.ErrQueueNotFound
	}
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	b := s.db.NewBatch()
	_ = b.Delete(queueKey(ref.Account, ref.Name), nil)
	_ = b.Delete(countKey(q.id), nil)
	for _, t := range queueTables {
		_ = b.DeleteRange(tableStart(t, q.id), tableEnd(t, q.id), nil)
	}
	if err := s.commit(b); err != nil {
		return err
	}
	q.deleted = true
	delete(s.queues, ref)
	q.mu.Lock()
	q.reset()
	q.mu.Unlock()
	return nil
}

// QueuePurge removes every message of a queue.
func (s *Store) QueuePurge(_ context.Context, p *store.QueuePurgeParams) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.leave()
	q, err := s.lookup(p.Ref)
	if err != nil {
		return err
	}
	q.rw.Lock()
	defer q.rw.Unlock()
	if q.deleted {
		return store.ErrQueueNotFound
	}
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	if q.rec.purgedAt != 0 && p.Now.Sub(fromNanos(q.rec.purgedAt)) < p.MinInterval {
		return store.ErrPurgeInProgress
	}
	rec := *q.rec
	rec.purgedAt = nanos(p.Now)
	b := s.db.NewBatch()
	for _, t := range messageTables {
		_ = b.DeleteRange(tableStart(t, q.id), tableEnd(t, q.id), nil)
	}
	_ = b.Set(countKey(q.id), int64Value(0), nil)
	_ = b.Set(queueKey(p.Ref.Account, p.Ref.Name), rec.encode(), nil)
	if err := s.commit(b); err != nil {
		return err
	}
	q.rec = &rec
	q.count.Store(0)
	q.mu.Lock()
	q.reset()
	q.mu.Unlock()
	return nil
}

// QueueStats counts a queue's messages by state at now. Counts are exact
// when no operation on the queue is running; the total and the in-flight
// count come from memory, Delayed costs a scan of the delayed messages.
func (s *Store) QueueStats(_ context.Context, ref store.QueueRef, now time.Time) (*store.QueueStats, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	q, err := s.lookupShared(ref)
	if err != nil {
		return nil, err
	}
	defer q.rw.RUnlock()
	at := nanos(now)
	q.mu.Lock()
	q.popExpired(at)
	inflight := int64(q.inflightCount())
	q.mu.Unlock()
	total := q.count.Load()
	delayed, err := s.countDelayed(q.id, at)
	if err != nil {
		return nil, err
	}
	oldest, err := s.oldestSentAt(q.id)
	if err != nil {
		return nil, err
	}
	return &store.QueueStats{
		Visible:      max(total-inflight-delayed, 0),
		InFlight:     inflight,
		Delayed:      delayed,
		OldestSentAt: fromNanos(oldest),
	}, nil
}

// lookupShared finds a queue and holds its rw lock shared; the caller
// releases it.
func (s *Store) lookupShared(ref store.QueueRef) (*queue, error) {
	q, err := s.lookup(ref)
	if err != nil {
		return nil, err
	}
	q.rw.RLock()
	if q.deleted {
		q.rw.RUnlock()
		return nil, store.ErrQueueNotFound
	}
	return q, nil
}

// countDelayed counts never-received messages whose first visible time is
// after now.
func (s *Store) countDelayed(qid uint64, now int64) (int64, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: readyKey(qid, now+1, 0), UpperBound: tableEnd(prefixReady, qid),
	})
	if err != nil {
		return 0, err
	}
	defer it.Close()
	var n int64
	for it.First(); it.Valid(); it.Next() {
		n++
	}
	return n, it.Error()
}

// oldestSentAt is the send time of a queue's oldest message, 0 if empty.
func (s *Store) oldestSentAt(qid uint64) (int64, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: tableStart(prefixAge, qid), UpperBound: tableEnd(prefixAge, qid),
	})
	if err != nil {
		return 0, err
	}
	defer it.Close()
	if !it.First() {
		return 0, it.Error()
	}
	_, at, _, ok := splitTimeSeqKey(it.Key())
	if !ok {
		return 0, errCorrupt
	}
	return at, nil
}
