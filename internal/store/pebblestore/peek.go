package pebblestore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// peekScanLimit bounds the messages one MessagePeek examines.
const peekScanLimit = 10_000

// MessagePeek walks a queue's 'm' table from p.After in sequence order and
// reports each message's state from memory (received messages) or from its
// record (never-received ones), reading only: it neither loads the ready
// window nor pops expired deadlines.
func (s *Store) MessagePeek(_ context.Context, p *store.MessagePeekParams) (*store.MessagePeekResult, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	q, err := s.lookupShared(p.Queue)
	if err != nil {
		return nil, err
	}
	defer q.rw.RUnlock()
	start, err := peekStart(p.After)
	if err != nil {
		return nil, err
	}
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: messageKey(q.id, start), UpperBound: tableEnd(prefixMessage, q.id),
	})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	res := &store.MessagePeekResult{}
	now, limit := nanos(p.Now), max(p.Max, 1)
	var last uint64
	scanned := 0
	for it.First(); it.Valid(); it.Next() {
		if scanned == peekScanLimit || len(res.Messages) == limit {
			res.Next = strconv.FormatUint(last, 10)
			break
		}
		scanned++
		pm, seq, err := s.peekOne(q, it.Key(), it.Value(), now, p.States)
		if err != nil {
			return nil, err
		}
		last = seq
		if pm != nil {
			res.Messages = append(res.Messages, *pm)
		}
	}
	return res, it.Error()
}

// peekStart is the first sequence number a peek after cursor examines.
func peekStart(cursor string) (uint64, error) {
	if cursor == "" {
		return 0, nil
	}
	seq, err := strconv.ParseUint(cursor, 10, 64)
	if err != nil || seq == ^uint64(0) {
		return 0, fmt.Errorf("pebblestore: peek cursor %q is not one MessagePeek returned", cursor)
	}
	return seq + 1, nil
}

// peekOne decodes one 'm' entry and returns it as a PeekedMessage when it
// is still stored and in one of the wanted states, else nil.
func (s *Store) peekOne(q *queue, key, value []byte, now int64, want []store.MessageState) (*store.PeekedMessage, uint64, error) {
	_, seq, ok := splitSeqKey(key)
	if !ok {
		return nil, 0, errCorrupt
	}
	msg, visibleAt, err := decodeMessage(value)
	if err != nil {
		return nil, seq, err
	}
	st, known := q.peekState(seq, visibleAt, now)
	if len(want) > 0 && !slices.Contains(want, st.state) {
		return nil, seq, nil
	}
	if !known {
		// Never received, or deleted since the iterator opened: only a
		// record still stored now is reported.
		if stored, err := s.readMessage(q.id, seq); err != nil || stored == nil {
			return nil, seq, err
		}
	}
	msg.ReceiveCount = int(st.receiveCount)
	msg.FirstReceivedAt = fromNanos(st.firstReceivedAt)
	if q.fifo {
		msg.SequenceNumber = sequenceNumber(seq)
	}
	return &store.PeekedMessage{Message: msg, State: st.state, VisibleAt: fromNanos(st.visibleAt),
		Key: strconv.FormatUint(seq, 10)}, seq, nil
}

// peeked is a message's state as a peek reports it.
type peeked struct {
	state           store.MessageState
	visibleAt       int64
	receiveCount    int64
	firstReceivedAt int64
}

// peekState reports message seq's state at now without changing any:
// from memory when the queue knows the message (known is then true), else
// from visibleAt, the first visible time of its record.
func (q *queue) peekState(seq uint64, visibleAt, now int64) (peeked, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	m := q.known[seq]
	if m == nil {
		if visibleAt > now {
			return peeked{state: store.MessageDelayed, visibleAt: visibleAt}, false
		}
		return peeked{state: store.MessageVisible}, false
	}
	p := peeked{receiveCount: m.receiveCount, firstReceivedAt: m.firstReceivedAt, state: store.MessageVisible}
	switch {
	case m.status == statusClaimed:
		// An operation is changing it (a receive, a delete, a move).
		p.state = store.MessageInFlight
	case m.status == statusInflight && m.deadline > now:
		p.state, p.visibleAt = store.MessageInFlight, m.deadline
	case m.status == statusReady && m.readyAt > now && m.receiveCount == 0:
		p.state, p.visibleAt = store.MessageDelayed, m.readyAt
	case m.status == statusReady && m.readyAt > now:
		p.state, p.visibleAt = store.MessageInFlight, m.readyAt
	}
	return p, true
}

// MessageRemove deletes messages by their peek keys, claiming each as
// MessageExpire does: a message the queue does not know is never-received,
// and its 'r' key is read from its record.
func (s *Store) MessageRemove(ctx context.Context, p *store.MessageRemoveParams) ([]error, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	q, err := s.lookupShared(p.Queue)
	if err != nil {
		return nil, err
	}
	defer q.rw.RUnlock()
	errs := make([]error, len(p.Keys))
	seqs := make([]uint64, len(p.Keys))
	for i, k := range p.Keys {
		seq, err := strconv.ParseUint(k, 10, 64)
		if err != nil {
			errs[i] = store.ErrMessageNotFound
			continue
		}
		seqs[i] = seq
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	claimed, fresh, err := q.claimSeqs(ctx, seqs, errs)
	if err != nil {
		return nil, err
	}
	var removed []*msgState
	err = s.commitUnlocked(q, func() error {
		var err error
		if removed, err = s.storedForRemoval(q.id, claimed, fresh); err != nil {
			return err
		}
		if len(removed) == 0 {
			return nil
		}
		b := s.db.NewBatch()
		for _, m := range removed {
			deleteMessage(b, q.id, m)
		}
		c := counts{}
		c.add(b, q, -int64(len(removed)))
		return s.commitCounted(b, c)
	})
	for _, m := range claimed {
		q.forget(m)
	}
	if err != nil {
		return nil, err
	}
	markMissing(seqs, errs, removed)
	return errs, nil
}

// claimSeqs claims the messages of seqs whose errs entry is nil, waiting
// for other operations' claims on them to end first (never while holding
// claims of its own). A message the queue does not know gets a fresh state
// (returned in fresh too) that keeps the loader away from it. A sequence
// number given twice is claimed once. Caller holds q.mu, which may be
// released and retaken while waiting.
func (q *queue) claimSeqs(ctx context.Context, seqs []uint64, errs []error) (claimed, fresh []*msgState, err error) {
	for {
		var wait chan struct{}
		for i, seq := range seqs {
			if m := q.known[seq]; errs[i] == nil && m != nil && m.status == statusClaimed {
				wait = m.done
				break
			}
		}
		if wait == nil {
			break
		}
		q.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
		}
		q.mu.Lock()
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
	}
	seen := make(map[uint64]bool)
	for i, seq := range seqs {
		if errs[i] != nil || seen[seq] {
			continue
		}
		seen[seq] = true
		m := q.known[seq]
		if m == nil {
			m = &msgState{seq: seq, heapIdx: -1}
			q.known[seq] = m
			fresh = append(fresh, m)
		}
		q.claim(m)
		claimed = append(claimed, m)
	}
	return claimed, fresh, nil
}

// markMissing sets ErrMessageNotFound for each seq not among removed.
func markMissing(seqs []uint64, errs []error, removed []*msgState) {
	gone := make(map[uint64]bool, len(removed))
	for _, m := range removed {
		gone[m.seq] = true
	}
	for i, seq := range seqs {
		if errs[i] == nil && !gone[seq] {
			errs[i] = store.ErrMessageNotFound
		}
	}
}

// storedForRemoval filters claimed down to messages that exist. Those in
// fresh were not in memory, so they were never received: their send time
// and 'r' key come from their record.
func (s *Store) storedForRemoval(qid uint64, claimed, fresh []*msgState) ([]*msgState, error) {
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
		msg, visibleAt, err := decodeMessage(v)
		closer.Close()
		if err != nil {
			return nil, err
		}
		m.sentAt, m.onReady, m.readyKeyAt = nanos(msg.SentAt), true, visibleAt
	}
	var out []*msgState
	for _, m := range claimed {
		if !missing[m] {
			out = append(out, m)
		}
	}
	return out, nil
}
