package pebblestore

import (
	"cmp"
	"context"
	"errors"
	"math/rand/v2"
	"slices"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// maxDiscards bounds the messages one receive drops for retention or moves
// to a dead-letter queue, so one call's batch stays small.
const maxDiscards = 1000

// receivePlan is what one receive claimed: messages to deliver, to drop
// (past retention) and to move to the dead-letter queue.
type receivePlan struct {
	deliver, drop, redrive []*msgState
}

func (pl *receivePlan) claims() int { return len(pl.deliver) + len(pl.drop) + len(pl.redrive) }

// MessageReceive moves up to p.Max visible messages in flight.
func (s *Store) MessageReceive(_ context.Context, p *store.MessageReceiveParams) (*store.MessageReceiveResult, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.leave()
	q, err := s.lookup(p.Queue)
	if err != nil {
		return nil, err
	}
	var dlq *queue
	if p.Redrive != nil && p.Redrive.MaxReceiveCount > 0 {
		if dlq, _ = s.lookup(p.Redrive.DeadLetterQueue); dlq == q {
			dlq = nil
		}
	}
	unlock, err := lockShared(q, dlq)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if dlq != nil && dlq.deleted {
		dlq = nil
	}
	res, arrivals, err := s.receive(q, dlq, p)
	if len(arrivals) > 0 {
		dlq.mu.Lock()
		dlq.noteArrivals(arrivals)
		dlq.mu.Unlock()
	}
	return res, err
}

// lockShared takes the rw locks of the given queues (nil ones skipped)
// shared, in id order. It fails if the first queue was deleted.
func lockShared(qs ...*queue) (func(), error) {
	var held []*queue
	for _, q := range qs {
		if q != nil && !slices.Contains(held, q) {
			held = append(held, q)
		}
	}
	sorted := slices.SortedFunc(slices.Values(held), func(a, b *queue) int {
		return cmp.Compare(a.id, b.id)
	})
	for _, q := range sorted {
		q.rw.RLock()
	}
	unlock := func() {
		for _, q := range sorted {
			q.rw.RUnlock()
		}
	}
	if qs[0].deleted {
		unlock()
		return nil, store.ErrQueueNotFound
	}
	return unlock, nil
}

// receive runs one receive. Standard queues release the queue mutex during
// commits; FIFO queues hold it. Messages past retention or due for the
// dead-letter queue are discarded at most maxDiscards per commit, in as many
// rounds as it takes to find deliverable messages behind them. It returns
// the messages the dead-letter queue must be told about.
func (s *Store) receive(q, dlq *queue, p *store.MessageReceiveParams) (*store.MessageReceiveResult, []arrival, error) {
	now := nanos(p.Now)
	q.mu.Lock()
	defer q.mu.Unlock()
	if res, ok, err := s.replayAttempt(q, p, now); ok || err != nil {
		return res, nil, err
	}
	q.popExpired(now)
	limit := p.Max
	if p.InflightLimit > 0 {
		room := p.InflightLimit - q.inflightCount()
		if room <= 0 && !q.fifo {
			return nil, nil, store.ErrOverLimit
		}
		limit = min(limit, max(room, 0))
	}
	res := &store.MessageReceiveResult{}
	if p.InflightCap > 0 {
		room := max(p.InflightCap-q.inflightCount(), 0)
		res.InflightCapped = room < limit
		limit = min(limit, room)
	}
	var arrivals []arrival
	var states []*msgState
	for limit > len(res.Messages) {
		pl, err := s.pick(q, dlq, p, limit-len(res.Messages), now)
		if err != nil {
			return nil, nil, err
		}
		if pl.claims() == 0 {
			break
		}
		msgs, as, err := s.commitReceiveLocked(q, dlq, p, now, pl)
		if err != nil {
			return nil, nil, err
		}
		arrivals = append(arrivals, as...)
		res.DeadLettered += len(as)
		for i, m := range pl.deliver {
			if msgs[i] != nil {
				res.Messages = append(res.Messages, q.received(msgs[i], m))
				states = append(states, m)
			}
		}
		if len(pl.drop)+len(pl.redrive) < maxDiscards {
			break
		}
	}
	if p.AttemptID != "" && len(res.Messages) > 0 {
		q.rememberAttempt(p.AttemptID, now+int64(p.AttemptWindow), states)
	}
	if len(res.Messages) < p.Max {
		next, err := s.nextVisibleAt(q, now)
		if err != nil {
			return nil, nil, err
		}
		res.NextVisibleAt = fromNanos(next)
	}
	return res, arrivals, nil
}

// commitReceiveLocked commits a plan and settles its claims; see
// commitUnlocked for when q.mu is released meanwhile. Caller holds q.mu.
func (s *Store) commitReceiveLocked(q, dlq *queue, p *store.MessageReceiveParams, now int64, pl *receivePlan) ([]*store.Message, []arrival, error) {
	var msgs []*store.Message
	var arrivals []arrival
	err := s.commitUnlocked(q, func() error {
		var err error
		msgs, arrivals, err = s.commitReceive(q, dlq, p, now, pl)
		return err
	})
	s.finishReceive(q, pl, msgs, err != nil)
	return msgs, arrivals, err
}

// pick claims the messages a receive round takes: up to want deliveries.
// Caller holds q.mu.
func (s *Store) pick(q, dlq *queue, p *store.MessageReceiveParams, want int, now int64) (*receivePlan, error) {
	q.popExpired(now)
	pk := &picker{q: q, now: now, max: want, pl: &receivePlan{}}
	if p.Retention > 0 {
		pk.retainFrom = now - int64(p.Retention)
	}
	if dlq != nil {
		pk.maxReceives = int64(p.Redrive.MaxReceiveCount)
	}
	if q.fifo {
		pk.blocked = make(map[string]bool)
	}
	if err := q.fill(s.db, now); err != nil {
		return nil, err
	}
	q.window.Ascend(pk.offer)
	if q.fifo && pk.more() && q.rCleanUntil < now {
		if err := pk.scanBeyondWindow(s.db); err != nil {
			return nil, err
		}
	}
	for _, list := range [][]*msgState{pk.pl.deliver, pk.pl.drop, pk.pl.redrive} {
		for _, m := range list {
			q.known[m.seq] = m
			q.claim(m)
		}
	}
	return pk.pl, nil
}

// picker chooses messages in sequence order.
type picker struct {
	q           *queue
	now         int64
	retainFrom  int64 // messages sent before are dropped; 0: keep all
	maxReceives int64 // messages received this often are dead-lettered; 0: never
	max         int
	blocked     map[string]bool // FIFO groups that yield nothing more
	pl          *receivePlan
}

func (pk *picker) more() bool {
	return len(pk.pl.deliver) < pk.max && len(pk.pl.drop)+len(pk.pl.redrive) < maxDiscards
}

// offer considers one ready message and reports whether to go on.
func (pk *picker) offer(m *msgState) bool {
	if pk.blocked != nil && (pk.blocked[m.group] || pk.q.busy[m.group] > 0) {
		return true
	}
	switch {
	case m.readyAt > pk.now:
		if pk.blocked != nil {
			pk.blocked[m.group] = true
		}
	case pk.retainFrom != 0 && m.sentAt < pk.retainFrom:
		pk.pl.drop = append(pk.pl.drop, m)
	case pk.maxReceives > 0 && m.receiveCount >= pk.maxReceives:
		pk.pl.redrive = append(pk.pl.redrive, m)
	default:
		pk.pl.deliver = append(pk.pl.deliver, m)
	}
	return pk.more()
}

// fifoScanLimit bounds how many never-received messages past the window a
// FIFO receive examines looking for groups that are not blocked.
const fifoScanLimit = 20_000

// scanBeyondWindow offers never-received messages past the window, for FIFO
// queues whose window holds only blocked groups.
func (pk *picker) scanBeyondWindow(db *pebble.DB) error {
	q := pk.q
	it, err := db.NewIter(&pebble.IterOptions{
		LowerBound: readyKey(q.id, q.rNext.at, q.rNext.seq),
		UpperBound: readyKey(q.id, pk.now+1, 0),
	})
	if err != nil {
		return err
	}
	defer it.Close()
	n := 0
	for it.First(); it.Valid() && n < fifoScanLimit && pk.more(); it.Next() {
		n++
		_, at, seq, ok := splitTimeSeqKey(it.Key())
		if !ok {
			return errCorrupt
		}
		if _, ok := q.known[seq]; ok {
			continue
		}
		sentAt, group, err := decodeReady(it.Value())
		if err != nil {
			return err
		}
		pk.offer(&msgState{
			seq: seq, group: group, sentAt: sentAt, readyAt: at,
			onReady: true, readyKeyAt: at, heapIdx: -1,
		})
	}
	return it.Error()
}

// fill loads never-received messages visible by now from the 'r' index into
// the window, up to windowCap. Caller holds q.mu.
func (q *queue) fill(db *pebble.DB, now int64) error {
	if q.window.Len() >= windowCap || now <= q.rCleanUntil {
		return nil
	}
	it, err := db.NewIter(&pebble.IterOptions{
		LowerBound: readyKey(q.id, q.rNext.at, q.rNext.seq),
		UpperBound: readyKey(q.id, now+1, 0),
	})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		if q.window.Len() >= windowCap {
			return nil
		}
		_, at, seq, ok := splitTimeSeqKey(it.Key())
		if !ok {
			return errCorrupt
		}
		q.rNext = rPos{at: at, seq: seq + 1}
		if _, ok := q.known[seq]; ok {
			continue
		}
		sentAt, group, err := decodeReady(it.Value())
		if err != nil {
			return err
		}
		q.addReady(seq, group, sentAt, at)
	}
	if err := it.Error(); err != nil {
		return err
	}
	q.rCleanUntil = now
	return nil
}

// commitReceive reads the claimed messages and commits their new state. The
// returned slice holds the delivered messages' stored form, nil where a
// message was found gone.
func (s *Store) commitReceive(q, dlq *queue, p *store.MessageReceiveParams, now int64, pl *receivePlan) ([]*store.Message, []arrival, error) {
	delivered, err := s.readMessages(q.id, pl.deliver)
	if err != nil {
		return nil, nil, err
	}
	redriven, err := s.readMessages(q.id, pl.redrive)
	if err != nil {
		return nil, nil, err
	}
	b := s.db.NewBatch()
	c := counts{}
	for i, m := range pl.deliver {
		if delivered[i] == nil {
			deleteMessage(b, q.id, m)
			continue
		}
		m.receiveCount++
		m.nonce = rand.Uint64()
		m.deadline = now + int64(p.VisibilityTimeout)
		if m.firstReceivedAt == 0 {
			m.firstReceivedAt = now
		}
		_ = b.Set(receivedKey(q.id, m.seq), m.receiveRecord().encode(), nil)
		if m.onReady {
			_ = b.Delete(readyKey(q.id, m.readyKeyAt, m.seq), nil)
		}
	}
	gone := int64(len(pl.drop))
	for _, m := range pl.drop {
		deleteMessage(b, q.id, m)
	}
	var arrivals []arrival
	if len(pl.redrive) > 0 {
		first := s.allocSeqs(len(pl.redrive))
		for i, m := range pl.redrive {
			deleteMessage(b, q.id, m)
			if redriven[i] == nil {
				continue
			}
			gone++
			moved := redriven[i]
			moved.DeadLetterSource = q.ref
			arrivals = append(arrivals, putMessage(b, dlq.id, first+uint64(i), moved, dlq.visibleFloor(now)))
		}
		c.add(b, dlq, int64(len(arrivals)))
		noteSeqHigh(b, first+uint64(len(pl.redrive))-1)
	}
	c.add(b, q, -gone)
	if err := s.commitCounted(b, c); err != nil {
		return nil, nil, err
	}
	return delivered, arrivals, nil
}

// readMessages reads the stored form of messages; nil for those gone.
func (s *Store) readMessages(qid uint64, ms []*msgState) ([]*store.Message, error) {
	out := make([]*store.Message, len(ms))
	for i, m := range ms {
		msg, err := s.readMessage(qid, m.seq)
		if err != nil {
			return nil, err
		}
		out[i] = msg
	}
	return out, nil
}

// readMessage reads one message record; nil when it does not exist.
func (s *Store) readMessage(qid, seq uint64) (*store.Message, error) {
	v, closer, err := s.db.Get(messageKey(qid, seq))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	m, _, err := decodeMessage(v)
	return m, err
}

// finishReceive ends the claims of a receive: delivered messages go in
// flight, the others leave memory. Caller holds q.mu.
func (s *Store) finishReceive(q *queue, pl *receivePlan, delivered []*store.Message, failed bool) {
	for i, m := range pl.deliver {
		if failed || delivered[i] == nil {
			q.forget(m)
			continue
		}
		m.onReady = false
		q.toInflight(m, m.deadline)
	}
	for _, m := range slices.Concat(pl.drop, pl.redrive) {
		q.forget(m)
	}
}

// received completes a stored message with its receive state.
func (q *queue) received(msg *store.Message, m *msgState) *store.Message {
	msg.ReceiveCount = int(m.receiveCount)
	msg.FirstReceivedAt = fromNanos(m.firstReceivedAt)
	msg.ReceiptHandle = handle{qid: q.id, seq: m.seq, nonce: m.nonce}.encode()
	if q.fifo {
		msg.SequenceNumber = sequenceNumber(m.seq)
	}
	return msg
}

// nextVisibleAt is the earliest future time a message of q becomes visible,
// 0 when none is known. Caller holds q.mu.
func (s *Store) nextVisibleAt(q *queue, now int64) (int64, error) {
	var next int64
	if len(q.inflight) > 0 {
		next = q.inflight[0].deadline
	}
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: readyKey(q.id, now+1, 0), UpperBound: tableEnd(prefixReady, q.id),
	})
	if err != nil {
		return 0, err
	}
	defer it.Close()
	if it.First() {
		if _, at, _, ok := splitTimeSeqKey(it.Key()); ok && (next == 0 || at < next) {
			next = at
		}
	}
	return next, it.Error()
}

// rememberAttempt records a FIFO receive for its ReceiveRequestAttemptId.
// Attempts live in memory only: after a restart a retried attempt receives
// afresh.
func (q *queue) rememberAttempt(id string, expiresAt int64, ms []*msgState) {
	a := &attempt{expiresAt: expiresAt}
	for _, m := range ms {
		a.handles = append(a.handles, handle{qid: q.id, seq: m.seq, nonce: m.nonce})
	}
	q.attempts[id] = a
}

// replayAttempt answers a repeated FIFO receive attempt with the same
// messages and handles while all of them are still in flight under that
// receive. Caller holds q.mu.
func (s *Store) replayAttempt(q *queue, p *store.MessageReceiveParams, now int64) (*store.MessageReceiveResult, bool, error) {
	if p.AttemptID == "" || !q.fifo {
		return nil, false, nil
	}
	q.sweepAttempts(now)
	a, ok := q.attempts[p.AttemptID]
	if !ok {
		return nil, false, nil
	}
	delete(q.attempts, p.AttemptID)
	if a.expiresAt <= now {
		return nil, false, nil
	}
	ms := make([]*msgState, len(a.handles))
	for i, h := range a.handles {
		m := q.known[h.seq]
		if m == nil || m.status != statusInflight || m.nonce != h.nonce || m.deadline <= now {
			return nil, false, nil
		}
		ms[i] = m
	}
	msgs, err := s.readMessages(q.id, ms)
	if err != nil {
		return nil, false, err
	}
	res := &store.MessageReceiveResult{}
	for i, m := range ms {
		if msgs[i] == nil {
			return nil, false, nil
		}
		res.Messages = append(res.Messages, q.received(msgs[i], m))
	}
	q.attempts[p.AttemptID] = a
	return res, true, nil
}

// maxAttempts is how many attempts a queue remembers before sweeping
// expired ones.
const maxAttempts = 1024

func (q *queue) sweepAttempts(now int64) {
	if len(q.attempts) < maxAttempts {
		return
	}
	for id, a := range q.attempts {
		if a.expiresAt <= now {
			delete(q.attempts, id)
		}
	}
}
