package pebblestore

import (
	"container/heap"
	"math"
	"sync"
	"sync/atomic"

	"github.com/google/btree"

	"github.com/sluicemq/sluice/internal/store"
)

// windowCap is how many never-received messages a queue loads from its 'r'
// index into memory at most. Messages returning from flight are kept in
// memory anyway and are not limited by it.
const windowCap = 1024

// status is where a message the queue knows about stands.
type status uint8

const (
	// statusReady: in the ready window, receivable once readyAt has passed.
	statusReady status = iota
	// statusInflight: received; in the deadline heap.
	statusInflight
	// statusClaimed: an operation is committing a change to it; others wait
	// on done.
	statusClaimed
)

// msgState is what memory holds about one message: enough to pick, order
// and account for it, never its body.
type msgState struct {
	seq     uint64
	group   string
	sentAt  int64
	readyAt int64 // visible from then on (when ready)

	// onReady is true while the message still has its 'r' entry (never
	// received); readyKeyAt is the time part of that key.
	onReady    bool
	readyKeyAt int64

	deadline        int64
	receiveCount    int64
	firstReceivedAt int64
	nonce           uint64

	status  status
	heapIdx int
	done    chan struct{} // set while claimed, closed when the claim ends
}

// receiveRecord is the 'f' value that holds the message's receive state.
func (m *msgState) receiveRecord() *receiveRecord {
	return &receiveRecord{
		deadline:        m.deadline,
		receiveCount:    m.receiveCount,
		firstReceivedAt: m.firstReceivedAt,
		nonce:           m.nonce,
		sentAt:          m.sentAt,
		group:           m.group,
	}
}

// rPos is a position in a queue's 'r' index.
type rPos struct {
	at  int64
	seq uint64
}

func (p rPos) less(o rPos) bool {
	return p.at < o.at || (p.at == o.at && p.seq < o.seq)
}

// attempt remembers a FIFO receive for ReceiveRequestAttemptId.
type attempt struct {
	expiresAt int64
	handles   []handle
}

// queue is a queue's identity, record and in-memory message state.
type queue struct {
	id   uint64
	ref  store.QueueRef
	fifo bool
	rec  *queueRecord // guarded by Store.metaMu

	// rw is held shared by operations that write messages across their
	// commit, and exclusively by purge and delete, so that those never run
	// against half-applied message operations.
	rw      sync.RWMutex
	deleted bool // set under rw held exclusively

	// count mirrors the stored 'c' counter: changed after each commit that
	// changes it, so exact when no operation is running.
	count atomic.Int64

	mu       sync.Mutex // guards everything below
	known    map[uint64]*msgState
	window   *btree.BTreeG[*msgState]
	inflight deadlineHeap
	busy     map[string]int // FIFO: group -> messages in flight or claimed
	claimed  int
	// The 'r' index holds no message at or after rNext that is visible by
	// rCleanUntil and not in known.
	rNext       rPos
	rCleanUntil int64
	// lastVisibleAt is the latest first visible time of a message added
	// to a FIFO queue; new messages never get an earlier one, so the 'r'
	// index lists each group in sequence order. Written under mu, read
	// without it by operations adding messages to this queue from another.
	lastVisibleAt atomic.Int64
	attempts      map[string]*attempt
	dedupCursor   []byte // FIFO: where the next deduplication sweep starts
}

func newQueue(ref store.QueueRef, rec *queueRecord) *queue {
	q := &queue{id: rec.id, ref: ref, fifo: rec.fifo, rec: rec}
	q.reset()
	return q
}

// reset forgets all message state, as after a purge. Caller holds mu (or
// owns q exclusively).
func (q *queue) reset() {
	q.known = make(map[uint64]*msgState)
	q.window = btree.NewG(32, func(a, b *msgState) bool { return a.seq < b.seq })
	q.inflight = nil
	q.busy = make(map[string]int)
	q.claimed = 0
	q.rNext = rPos{}
	q.rCleanUntil = math.MinInt64
	q.attempts = make(map[string]*attempt)
}

// leave takes m out of the structure of its current status.
func (q *queue) leave(m *msgState) {
	switch m.status {
	case statusReady:
		q.window.Delete(m)
	case statusInflight:
		heap.Remove(&q.inflight, m.heapIdx)
		q.unbusy(m)
	case statusClaimed:
		q.claimed--
		q.unbusy(m)
		close(m.done)
		m.done = nil
	}
}

func (q *queue) unbusy(m *msgState) {
	if !q.fifo {
		return
	}
	if q.busy[m.group]--; q.busy[m.group] <= 0 {
		delete(q.busy, m.group)
	}
}

func (q *queue) makeBusy(m *msgState) {
	if q.fifo {
		q.busy[m.group]++
	}
}

// toReady puts m into the ready window, visible from at.
func (q *queue) toReady(m *msgState, at int64) {
	q.leave(m)
	m.status = statusReady
	m.readyAt = at
	q.window.ReplaceOrInsert(m)
}

// toInflight puts m in flight until deadline.
func (q *queue) toInflight(m *msgState, deadline int64) {
	q.leave(m)
	m.status = statusInflight
	m.deadline = deadline
	heap.Push(&q.inflight, m)
	q.makeBusy(m)
}

// claim reserves m for the caller's operation.
func (q *queue) claim(m *msgState) {
	q.leave(m)
	m.status = statusClaimed
	m.done = make(chan struct{})
	q.claimed++
	q.makeBusy(m)
}

// forget drops m from memory; its stored form is gone.
func (q *queue) forget(m *msgState) {
	q.leave(m)
	delete(q.known, m.seq)
}

// popExpired makes messages whose deadline has passed visible again.
func (q *queue) popExpired(now int64) {
	for len(q.inflight) > 0 && q.inflight[0].deadline <= now {
		m := q.inflight[0]
		q.toReady(m, m.deadline)
	}
}

// inflightCount counts messages in flight, claims included. Call after
// popExpired.
func (q *queue) inflightCount() int {
	return len(q.inflight) + q.claimed
}

// arrival describes a message just committed to a queue's 'r' index.
type arrival struct {
	seq       uint64
	group     string
	sentAt    int64
	visibleAt int64
}

// visibleFloor is the first visible time to give a message added at now by
// an operation that does not hold q.mu.
func (q *queue) visibleFloor(now int64) int64 {
	if !q.fifo {
		return now
	}
	return max(now, q.lastVisibleAt.Load())
}

// noteArrivals tells the queue about committed new messages: the loader's
// cursor moves back to any that sort before it, and its clean time before
// any visible by then, so the next fill reads them from disk. They are not
// put in the window directly: by now another operation may have loaded,
// received and deleted them. Caller holds mu.
func (q *queue) noteArrivals(as []arrival) {
	for _, a := range as {
		if a.visibleAt > q.lastVisibleAt.Load() {
			q.lastVisibleAt.Store(a.visibleAt)
		}
		if pos := (rPos{at: a.visibleAt, seq: a.seq}); pos.less(q.rNext) {
			q.rNext = pos
		}
		if a.visibleAt <= q.rCleanUntil {
			q.rCleanUntil = a.visibleAt - 1
		}
	}
}

// addReady adds a never-received message to the window.
func (q *queue) addReady(seq uint64, group string, sentAt, visibleAt int64) *msgState {
	m := &msgState{
		seq: seq, group: group, sentAt: sentAt, readyAt: visibleAt,
		onReady: true, readyKeyAt: visibleAt, status: statusReady, heapIdx: -1,
	}
	q.known[seq] = m
	q.window.ReplaceOrInsert(m)
	return m
}

// addReceived adds a message recovered from its 'f' entry, in flight until
// its deadline (which may have passed already).
func (q *queue) addReceived(seq uint64, r receiveRecord) {
	m := &msgState{
		seq: seq, group: r.group, sentAt: r.sentAt,
		deadline: r.deadline, receiveCount: r.receiveCount,
		firstReceivedAt: r.firstReceivedAt, nonce: r.nonce,
		status: statusInflight,
	}
	q.known[seq] = m
	heap.Push(&q.inflight, m)
	q.makeBusy(m)
}

// deadlineHeap orders in-flight messages by deadline.
type deadlineHeap []*msgState

func (h deadlineHeap) Len() int           { return len(h) }
func (h deadlineHeap) Less(i, j int) bool { return h[i].deadline < h[j].deadline }
func (h deadlineHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIdx = i
	h[j].heapIdx = j
}

// Push adds a message.
func (h *deadlineHeap) Push(x any) {
	m := x.(*msgState)
	m.heapIdx = len(*h)
	*h = append(*h, m)
}

// Pop removes the last message.
func (h *deadlineHeap) Pop() any {
	old := *h
	m := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	m.heapIdx = -1
	return m
}
