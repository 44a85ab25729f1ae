package worker

import "sync"

// buffer holds the messages received but not started, at most limit of
// them counting the room receives in flight have reserved. Messages of a
// FIFO group enter one at a time: the next waits until the handler of the
// one before has returned.
type buffer struct {
	mu       sync.Mutex
	limit    int
	reserved int
	ready    []*Message
	// waiting holds, per group with a message out (ready or running),
	// the group's later messages in order.
	waiting map[string][]*Message
	held    int // len(ready) + messages in waiting
	// readyCh and roomCh are signalled (without blocking) when ready
	// gains messages and when room frees up.
	readyCh, roomCh chan struct{}
}

func newBuffer(limit int) *buffer {
	return &buffer{limit: limit, waiting: make(map[string][]*Message),
		readyCh: make(chan struct{}, 1), roomCh: make(chan struct{}, 1)}
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// reserve takes room for up to n messages and returns how much it took
// (0 when the buffer is full).
func (b *buffer) reserve(n int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n = min(n, b.limit-b.held-b.reserved)
	if n < 0 {
		n = 0
	}
	b.reserved += n
	return n
}

// add puts received messages in, giving back the reservation of n.
func (b *buffer) add(n int, msgs []*Message) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reserved -= n
	for _, m := range msgs {
		b.held++
		if m.GroupID == "" {
			b.ready = append(b.ready, m)
			continue
		}
		if queued, busy := b.waiting[m.GroupID]; busy {
			b.waiting[m.GroupID] = append(queued, m)
			continue
		}
		b.waiting[m.GroupID] = nil
		b.ready = append(b.ready, m)
	}
	if len(msgs) < n {
		signal(b.roomCh)
	}
	if len(b.ready) > 0 {
		signal(b.readyCh)
	}
}

// take removes up to n ready messages.
func (b *buffer) take(n int) []*Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	n = min(n, len(b.ready))
	if n == 0 {
		return nil
	}
	out := make([]*Message, n)
	copy(out, b.ready)
	b.ready = b.ready[n:]
	b.held -= n
	signal(b.roomCh)
	if len(b.ready) > 0 {
		signal(b.readyCh)
	}
	return out
}

// done tells the buffer a message's handler returned. For a FIFO message
// the group's next message becomes ready, unless the message failed: then
// the group's waiting messages are returned, to be released, so that none
// is handled before the failed one.
func (b *buffer) done(m *Message, failed bool) (halted []*Message) {
	if m.GroupID == "" {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	queued := b.waiting[m.GroupID]
	if failed || len(queued) == 0 {
		delete(b.waiting, m.GroupID)
		b.held -= len(queued)
		if len(queued) > 0 {
			signal(b.roomCh)
		}
		return queued
	}
	b.waiting[m.GroupID] = queued[1:]
	b.ready = append(b.ready, queued[0])
	signal(b.readyCh)
	return nil
}

// drain removes every message held, ready or waiting.
func (b *buffer) drain() []*Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.ready
	b.ready = nil
	for g, queued := range b.waiting {
		out = append(out, queued...)
		delete(b.waiting, g)
	}
	b.held = 0
	return out
}
