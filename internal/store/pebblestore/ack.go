package pebblestore

import (
	"context"
	"errors"

	"github.com/sluicemq/sluice/internal/store"
)

// errLeave is what a resolveHandles check returns to succeed without
// touching the message.
var errLeave = errors.New("pebblestore: leave the message alone")

// handleTarget is a resolved receipt handle: the message it names, or the
// per-entry error.
type handleTarget struct {
	m   *msgState
	err error
}

// resolveHandles maps receipt handles to known messages with check, then
// claims them. If any target is claimed by another operation it waits for
// that claim to end and starts over, so it never waits while holding claims
// of its own. A handle naming a message twice resolves to nil the second
// time. Caller holds q.mu; it may be released and retaken while waiting,
// which ends early with ctx's error.
func (q *queue) resolveHandles(ctx context.Context, raw []string, check func(h handle, m *msgState) error) ([]handleTarget, error) {
	for {
		targets := make([]handleTarget, len(raw))
		var wait chan struct{}
		seen := make(map[uint64]bool)
		for i, r := range raw {
			h, ok := parseHandle(r)
			if !ok || h.qid != q.id {
				targets[i].err = store.ErrReceiptHandleInvalid
				continue
			}
			m := q.known[h.seq]
			if m != nil && m.status == statusClaimed {
				wait = m.done
				break
			}
			if err := check(h, m); err != nil || m == nil || seen[h.seq] {
				if err != errLeave {
					targets[i].err = err
				}
				continue
			}
			seen[h.seq] = true
			targets[i].m = m
		}
		if wait == nil {
			for _, t := range targets {
				if t.m != nil {
					q.claim(t.m)
				}
			}
			return targets, nil
		}
		q.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
		}
		q.mu.Lock()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// claimedOf lists the claimed messages of targets.
func claimedOf(targets []handleTarget) []*msgState {
	var ms []*msgState
	for _, t := range targets {
		if t.m != nil {
			ms = append(ms, t.m)
		}
	}
	return ms
}

// errorsOf lists the per-entry errors of targets.
func errorsOf(targets []handleTarget) []error {
	errs := make([]error, len(targets))
	for i, t := range targets {
		errs[i] = t.err
	}
	return errs
}

// MessageDelete deletes messages by receipt handle. Only the latest handle
// of a message deletes it. On a standard queue an older handle succeeds
// without deleting (as on SQS), and so does the latest one after its
// deadline while nobody received the message since; on a FIFO queue an older
// handle or a passed deadline gives store.ErrReceiptHandleExpired. Deleting a
// message that no longer exists succeeds.
func (s *Store) MessageDelete(ctx context.Context, p *store.MessageDeleteParams) ([]error, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	q, err := s.lookupShared(p.Queue)
	if err != nil {
		return nil, err
	}
	defer q.rw.RUnlock()
	now := nanos(p.Now)
	q.mu.Lock()
	defer q.mu.Unlock()
	targets, err := q.resolveHandles(ctx, p.ReceiptHandles, func(h handle, m *msgState) error {
		switch {
		case m == nil:
			return nil
		case q.fifo && (m.status != statusInflight || m.nonce != h.nonce || m.deadline <= now):
			return store.ErrReceiptHandleExpired
		case m.nonce != h.nonce || m.receiveCount == 0:
			return errLeave
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ms := claimedOf(targets)
	if len(ms) == 0 {
		return errorsOf(targets), nil
	}
	err = s.commitUnlocked(q, func() error {
		b := s.db.NewBatch()
		for _, m := range ms {
			deleteMessage(b, q.id, m)
		}
		c := counts{}
		c.add(b, q, -int64(len(ms)))
		return s.commitCounted(b, c)
	})
	for _, m := range ms {
		q.forget(m)
	}
	if err != nil {
		return nil, err
	}
	return errorsOf(targets), nil
}

// commitUnlocked runs commit with q.mu released on standard queues (so
// concurrent operations share a group commit) and held on FIFO queues.
// Caller holds q.mu.
func (s *Store) commitUnlocked(q *queue, commit func() error) error {
	if q.fifo {
		return commit()
	}
	q.mu.Unlock()
	defer q.mu.Lock()
	return commit()
}

// MessageChangeVisibility sets new visibility deadlines of messages in
// flight.
func (s *Store) MessageChangeVisibility(ctx context.Context, p *store.MessageChangeVisibilityParams) ([]error, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	q, err := s.lookupShared(p.Queue)
	if err != nil {
		return nil, err
	}
	defer q.rw.RUnlock()
	now := nanos(p.Now)
	raw := make([]string, len(p.Entries))
	for i, e := range p.Entries {
		raw[i] = e.ReceiptHandle
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.popExpired(now)
	targets, err := q.resolveHandles(ctx, raw, func(h handle, m *msgState) error {
		switch {
		case m == nil:
			return store.ErrMessageNotFound
		case m.status != statusInflight || m.deadline <= now:
			return store.ErrMessageNotInflight
		case m.nonce != h.nonce:
			return store.ErrReceiptHandleExpired
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b := s.db.NewBatch()
	var ms []*msgState
	for i, t := range targets {
		if t.m == nil {
			continue
		}
		t.m.deadline = now + int64(p.Entries[i].Timeout)
		_ = b.Set(receivedKey(q.id, t.m.seq), t.m.receiveRecord().encode(), nil)
		ms = append(ms, t.m)
	}
	if len(ms) == 0 {
		b.Close()
		return errorsOf(targets), nil
	}
	err = s.commitUnlocked(q, func() error { return s.commit(b) })
	for _, m := range ms {
		if err != nil {
			q.forget(m)
		} else {
			q.toInflight(m, m.deadline)
		}
	}
	if err != nil {
		return nil, err
	}
	return errorsOf(targets), nil
}
