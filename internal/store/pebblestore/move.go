package pebblestore

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// MessageMove moves up to p.Max visible messages, oldest first, from
// p.Source to p.Destination or, without one, back to each message's
// dead-letter source; messages without a known source stay. Moved messages
// keep their id, body, attributes and send time, and start afresh in the
// destination (new sequence number, no receives, no dead-letter source).
func (s *Store) MessageMove(_ context.Context, p *store.MessageMoveParams) (*store.MessageMoveResult, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	src, err := s.lookup(p.Source)
	if err != nil {
		return nil, err
	}
	if p.Max <= 0 {
		return &store.MessageMoveResult{Remaining: src.count.Load()}, nil
	}
	now := nanos(p.Now)
	dests, err := s.moveDestinations(src, p, now)
	if err != nil {
		return nil, err
	}
	locks := []*queue{src}
	for _, d := range dests {
		locks = append(locks, d)
	}
	unlock, err := lockShared(locks...)
	if err != nil {
		return nil, err
	}
	defer unlock()
	for ref, d := range dests {
		if d.deleted {
			if p.Destination != nil {
				return nil, store.ErrQueueNotFound
			}
			delete(dests, ref)
		}
	}
	moved, arrivals, err := s.move(src, dests, p, now)
	if err != nil {
		return nil, err
	}
	res := &store.MessageMoveResult{Moved: moved}
	for ref, as := range arrivals {
		d := dests[ref]
		d.mu.Lock()
		d.noteArrivals(as)
		d.mu.Unlock()
		res.Destinations = append(res.Destinations, ref)
	}
	slices.SortFunc(res.Destinations, func(a, b store.QueueRef) int {
		return cmp.Or(strings.Compare(a.Account, b.Account), strings.Compare(a.Name, b.Name))
	})
	res.Remaining = src.count.Load()
	return res, nil
}

// moveDestinations resolves the queues a move may write to: the given
// destination, or the dead-letter sources of the messages it will likely
// move.
func (s *Store) moveDestinations(src *queue, p *store.MessageMoveParams, now int64) (map[store.QueueRef]*queue, error) {
	dests := make(map[store.QueueRef]*queue)
	if p.Destination != nil {
		d, err := s.lookup(*p.Destination)
		if err != nil {
			return nil, err
		}
		dests[*p.Destination] = d
		return dests, nil
	}
	src.mu.Lock()
	src.popExpired(now)
	err := src.fill(s.db, now)
	var seqs []*msgState
	src.window.Ascend(func(m *msgState) bool {
		if m.readyAt <= now {
			seqs = append(seqs, &msgState{seq: m.seq})
		}
		return len(seqs) < p.Max
	})
	src.mu.Unlock()
	if err != nil {
		return nil, err
	}
	msgs, err := s.readMessages(src.id, seqs)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if m == nil || m.DeadLetterSource == (store.QueueRef{}) {
			continue
		}
		if d, err := s.lookup(m.DeadLetterSource); err == nil && d != src {
			dests[m.DeadLetterSource] = d
		}
	}
	return dests, nil
}

// move claims, commits and settles one move. Caller holds the rw locks of
// src and dests.
func (s *Store) move(src *queue, dests map[store.QueueRef]*queue, p *store.MessageMoveParams, now int64) (int, map[store.QueueRef][]arrival, error) {
	src.mu.Lock()
	defer src.mu.Unlock()
	src.popExpired(now)
	if err := src.fill(s.db, now); err != nil {
		return 0, nil, err
	}
	pk := &picker{q: src, now: now, max: p.Max, pl: &receivePlan{}}
	if src.fifo {
		pk.blocked = make(map[string]bool)
	}
	src.window.Ascend(pk.offer)
	claimed := pk.pl.deliver
	for _, m := range claimed {
		src.claim(m)
	}
	var moved []*msgState
	arrivals := make(map[store.QueueRef][]arrival)
	err := s.commitUnlocked(src, func() error {
		msgs, err := s.readMessages(src.id, claimed)
		if err != nil {
			return err
		}
		b := s.db.NewBatch()
		c := counts{}
		first := s.allocSeqs(len(claimed))
		for i, m := range claimed {
			ref, ok := moveTarget(msgs[i], p.Destination, dests)
			if !ok {
				continue
			}
			d := dests[ref]
			deleteMessage(b, src.id, m)
			msg := msgs[i]
			msg.DeadLetterSource = store.QueueRef{}
			arrivals[ref] = append(arrivals[ref], putMessage(b, d.id, first+uint64(i), msg, d.visibleFloor(now)))
			c.add(b, d, 1)
			moved = append(moved, m)
		}
		if len(moved) == 0 {
			b.Close()
			return nil
		}
		c.add(b, src, -int64(len(moved)))
		noteSeqHigh(b, first+uint64(len(claimed))-1)
		return s.commitCounted(b, c)
	})
	for _, m := range claimed {
		src.toReady(m, m.readyAt)
	}
	for _, m := range moved {
		src.forget(m)
	}
	if err != nil {
		return 0, nil, err
	}
	return len(moved), arrivals, nil
}

// moveTarget is where a message goes: the explicit destination, else its
// dead-letter source if that queue is known.
func moveTarget(msg *store.Message, dest *store.QueueRef, dests map[store.QueueRef]*queue) (store.QueueRef, bool) {
	if msg == nil {
		return store.QueueRef{}, false
	}
	ref := msg.DeadLetterSource
	if dest != nil {
		ref = *dest
	}
	_, ok := dests[ref]
	return ref, ok
}

// MessageExpire deletes up to p.Max messages sent before p.Now-p.Retention,
// oldest first, and expired FIFO deduplication entries.
func (s *Store) MessageExpire(_ context.Context, p *store.MessageExpireParams) (int, error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.leave()
	q, err := s.lookupShared(p.Queue)
	if err != nil {
		return 0, err
	}
	defer q.rw.RUnlock()
	now := nanos(p.Now)
	old, err := s.scanAged(q.id, now-int64(p.Retention), p.Max)
	if err != nil {
		return 0, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	var claimed, fresh []*msgState
	for _, o := range old {
		m := q.known[o.seq]
		if m != nil && m.status == statusClaimed {
			continue
		}
		if m == nil {
			m = o
			q.known[m.seq] = m
			fresh = append(fresh, m)
		}
		q.claim(m)
		claimed = append(claimed, m)
	}
	var expired []*msgState
	err = s.commitUnlocked(q, func() error {
		var err error
		if expired, err = s.stillStored(q.id, claimed, fresh); err != nil {
			return err
		}
		b := s.db.NewBatch()
		for _, m := range expired {
			deleteMessage(b, q.id, m)
		}
		c := counts{}
		c.add(b, q, -int64(len(expired)))
		if q.fifo {
			if err := s.sweepDedup(b, q, now); err != nil {
				b.Close()
				return err
			}
		}
		if b.Empty() {
			b.Close()
			return nil
		}
		return s.commitCounted(b, c)
	})
	for _, m := range claimed {
		q.forget(m)
	}
	if err != nil {
		return 0, err
	}
	return len(expired), nil
}

// scanAged lists up to max messages sent before cutoff, oldest first, as
// unattached states (seq and sentAt only).
func (s *Store) scanAged(qid uint64, cutoff int64, limit int) ([]*msgState, error) {
	if limit <= 0 {
		return nil, nil
	}
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: tableStart(prefixAge, qid), UpperBound: ageKey(qid, cutoff, 0),
	})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*msgState
	for it.First(); it.Valid() && len(out) < limit; it.Next() {
		_, at, seq, ok := splitTimeSeqKey(it.Key())
		if !ok {
			return nil, errCorrupt
		}
		out = append(out, &msgState{seq: seq, sentAt: at, heapIdx: -1})
	}
	return out, it.Error()
}

// stillStored filters claimed down to messages that exist. Those in fresh
// were not in memory, so they were never received: their 'r' key is read
// from their record.
func (s *Store) stillStored(qid uint64, claimed, fresh []*msgState) ([]*msgState, error) {
	missing := make(map[*msgState]bool)
	for _, m := range fresh {
		v, closer, err := s.db.Get(messageKey(qid, m.seq))
		if errors.Is(err, pebble.ErrNotFound) {
			missing[m] = true
			continue
		}
		if err != nil {
			return nil, err
		}
		visibleAt, err := decodeMessageVisibleAt(v)
		closer.Close()
		if err != nil {
			return nil, err
		}
		m.onReady, m.readyKeyAt = true, visibleAt
	}
	var out []*msgState
	for _, m := range claimed {
		if !missing[m] {
			out = append(out, m)
		}
	}
	return out, nil
}

// dedupSweepScan bounds how many deduplication entries one MessageExpire
// call examines; the next call goes on where it stopped.
const dedupSweepScan = 10_000

// sweepDedup adds the removal of expired deduplication entries to b,
// examining a bounded slice of them from the queue's sweep cursor. Caller
// holds q.mu.
func (s *Store) sweepDedup(b *pebble.Batch, q *queue, now int64) error {
	lower := q.dedupCursor
	if lower == nil {
		lower = tableStart(prefixDedup, q.id)
	}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: tableEnd(prefixDedup, q.id)})
	if err != nil {
		return err
	}
	defer it.Close()
	n := 0
	q.dedupCursor = nil
	for it.First(); it.Valid(); it.Next() {
		if n == dedupSweepScan {
			q.dedupCursor = bytes.Clone(it.Key())
			break
		}
		n++
		rec, err := decodeDedup(it.Value())
		if err != nil {
			return err
		}
		if rec.expiresAt <= now {
			_ = b.Delete(it.Key(), nil)
		}
	}
	return it.Error()
}
