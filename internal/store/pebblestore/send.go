package pebblestore

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// MessageSend stores a batch of messages in one synced commit.
func (s *Store) MessageSend(_ context.Context, p *store.MessageSendParams) ([]store.MessageSendResult, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	q, err := s.lookupShared(p.Queue)
	if err != nil {
		return nil, err
	}
	defer q.rw.RUnlock()
	if len(p.Entries) == 0 {
		return nil, nil
	}
	if q.fifo {
		return s.sendFIFO(q, p)
	}
	return s.sendStandard(q, p)
}

// sendStandard commits without holding the queue's mutex, so concurrent
// sends share Pebble's group commit; the window learns of the messages
// afterwards.
func (s *Store) sendStandard(q *queue, p *store.MessageSendParams) ([]store.MessageSendResult, error) {
	now := nanos(p.Now)
	first := s.allocSeqs(len(p.Entries))
	b := s.db.NewBatch()
	arrivals := make([]arrival, len(p.Entries))
	results := make([]store.MessageSendResult, len(p.Entries))
	for i, e := range p.Entries {
		seq := first + uint64(i)
		arrivals[i] = putMessage(b, q.id, seq, withSentAt(e.Message, p.Now), now+int64(e.Delay))
		results[i] = store.MessageSendResult{ID: e.Message.ID}
	}
	c := counts{}
	c.add(b, q, int64(len(p.Entries)))
	noteSeqHigh(b, first+uint64(len(p.Entries))-1)
	if err := s.commitCounted(b, c); err != nil {
		return nil, err
	}
	q.mu.Lock()
	q.noteArrivals(arrivals)
	q.mu.Unlock()
	return results, nil
}

// sendFIFO holds the queue's mutex across the commit: sequence numbers are
// allocated and committed in one order, and deduplication sees every earlier
// send.
func (s *Store) sendFIFO(q *queue, p *store.MessageSendParams) ([]store.MessageSendResult, error) {
	now := nanos(p.Now)
	q.mu.Lock()
	defer q.mu.Unlock()
	b := s.db.NewBatch()
	results := make([]store.MessageSendResult, len(p.Entries))
	var arrivals []arrival
	inBatch := make(map[string]int)
	lastVisible := q.lastVisibleAt.Load()
	for i, e := range p.Entries {
		m := e.Message
		var dk []byte
		if m.DedupID != "" && p.DedupWindow > 0 {
			dk = dedupKey(q.id, m.GroupID, m.DedupID, p.DedupPerGroup)
			if j, ok := inBatch[string(dk)]; ok {
				results[i] = results[j]
				results[i].Duplicate = true
				continue
			}
			dup, found, err := s.findDuplicate(dk, now)
			if err != nil {
				b.Close()
				return nil, err
			}
			if found {
				results[i] = dup
				continue
			}
		}
		seq := s.allocSeqs(1)
		lastVisible = max(now+int64(e.Delay), lastVisible)
		arrivals = append(arrivals, putMessage(b, q.id, seq, withSentAt(m, p.Now), lastVisible))
		results[i] = store.MessageSendResult{ID: m.ID, SequenceNumber: sequenceNumber(seq)}
		if dk != nil {
			inBatch[string(dk)] = i
			rec := dedupRecord{messageID: m.ID, seq: seq, expiresAt: now + int64(p.DedupWindow)}
			_ = b.Set(dk, rec.encode(), nil)
		}
	}
	if len(arrivals) == 0 {
		b.Close()
		return results, nil
	}
	c := counts{}
	c.add(b, q, int64(len(arrivals)))
	noteSeqHigh(b, arrivals[len(arrivals)-1].seq)
	if err := s.commitCounted(b, c); err != nil {
		return nil, err
	}
	q.noteArrivals(arrivals)
	return results, nil
}

// findDuplicate looks up an unexpired deduplication entry.
func (s *Store) findDuplicate(key []byte, now int64) (store.MessageSendResult, bool, error) {
	v, closer, err := s.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return store.MessageSendResult{}, false, nil
	}
	if err != nil {
		return store.MessageSendResult{}, false, err
	}
	defer closer.Close()
	rec, err := decodeDedup(v)
	if err != nil {
		return store.MessageSendResult{}, false, err
	}
	if rec.expiresAt <= now {
		return store.MessageSendResult{}, false, nil
	}
	return store.MessageSendResult{
		ID: rec.messageID, SequenceNumber: sequenceNumber(rec.seq), Duplicate: true,
	}, true, nil
}

// withSentAt returns a shallow copy of m sent at now, without the fields
// only receives fill.
func withSentAt(m *store.Message, now time.Time) *store.Message {
	c := *m
	c.SentAt = now
	c.SequenceNumber = ""
	c.ReceiveCount = 0
	c.FirstReceivedAt = time.Time{}
	c.ReceiptHandle = ""
	return &c
}

// putMessage writes a new message's 'm', 'r' and 't' entries to b.
func putMessage(b *pebble.Batch, qid, seq uint64, m *store.Message, visibleAt int64) arrival {
	sentAt := nanos(m.SentAt)
	_ = b.Set(messageKey(qid, seq), encodeMessage(m, visibleAt), nil)
	_ = b.Set(readyKey(qid, visibleAt, seq), encodeReady(sentAt, m.GroupID), nil)
	_ = b.Set(ageKey(qid, sentAt, seq), nil, nil)
	return arrival{seq: seq, group: m.GroupID, sentAt: sentAt, visibleAt: visibleAt}
}

// deleteMessage writes the removal of a stored message to b (not its count).
func deleteMessage(b *pebble.Batch, qid uint64, m *msgState) {
	_ = b.Delete(messageKey(qid, m.seq), nil)
	_ = b.Delete(receivedKey(qid, m.seq), nil)
	_ = b.Delete(ageKey(qid, m.sentAt, m.seq), nil)
	if m.onReady {
		_ = b.Delete(readyKey(qid, m.readyKeyAt, m.seq), nil)
	}
}

// sequenceNumber is the FIFO SequenceNumber text of seq: 20 digits, so text
// order is numeric order.
func sequenceNumber(seq uint64) string {
	s := strconv.FormatUint(seq, 10)
	const width = 20
	if len(s) >= width {
		return s
	}
	pad := make([]byte, width-len(s), width)
	for i := range pad {
		pad[i] = '0'
	}
	return string(append(pad, s...))
}
