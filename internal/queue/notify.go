package queue

import "sync"

// notifier wakes the long polls of a queue when something may have made a
// message visible there (a send, a visibility change to zero, a move).
//
// A waiter subscribes before it looks at the store, so a send that lands
// between the look and the wait still wakes it. Each queue has one channel,
// closed on notify and replaced on the next subscribe: a broadcast to every
// waiter of the queue.
type notifier struct {
	mu      sync.Mutex
	queues  map[QueueRef]*waitList
	waiting int // long polls currently waiting, across queues
	max     int
}

// waitList is the current channel of one queue and how many hold it.
type waitList struct {
	ch      chan struct{}
	holders int
}

func newNotifier(maxWaiters int) *notifier {
	return &notifier{queues: make(map[QueueRef]*waitList), max: maxWaiters}
}

// admit counts a long poll in; it reports false when MaxWaiters are already
// waiting. A poll admitted must call leave when it ends.
func (n *notifier) admit() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.waiting >= n.max {
		return false
	}
	n.waiting++
	return true
}

// leave counts a long poll out.
func (n *notifier) leave() {
	n.mu.Lock()
	n.waiting--
	n.mu.Unlock()
}

// subscribe returns a channel closed by the next notify of ref, and a
// release function to call when the caller stops waiting on it.
func (n *notifier) subscribe(ref QueueRef) (<-chan struct{}, func()) {
	n.mu.Lock()
	defer n.mu.Unlock()
	wl, ok := n.queues[ref]
	if !ok {
		wl = &waitList{ch: make(chan struct{})}
		n.queues[ref] = wl
	}
	wl.holders++
	return wl.ch, func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		wl.holders--
		if wl.holders == 0 && n.queues[ref] == wl {
			delete(n.queues, ref)
		}
	}
}

// notify wakes every waiter of ref.
func (n *notifier) notify(ref QueueRef) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if wl, ok := n.queues[ref]; ok {
		close(wl.ch)
		delete(n.queues, ref)
	}
}
