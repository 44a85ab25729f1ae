package server

import (
	"time"

	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/stream"
)

// queueObservers tells every one of its queue observers (the metrics and
// the history) of each event.
type queueObservers []queue.Observer

// Sent implements queue.Observer.
func (os queueObservers) Sent(ref queue.QueueRef, size int) {
	for _, o := range os {
		o.Sent(ref, size)
	}
}

// Received implements queue.Observer.
func (os queueObservers) Received(ref queue.QueueRef, n int) {
	for _, o := range os {
		o.Received(ref, n)
	}
}

// EmptyReceive implements queue.Observer.
func (os queueObservers) EmptyReceive(ref queue.QueueRef) {
	for _, o := range os {
		o.EmptyReceive(ref)
	}
}

// ReceivedUnderLimit implements queue.Observer.
func (os queueObservers) ReceivedUnderLimit(ref queue.QueueRef, n int) {
	for _, o := range os {
		o.ReceivedUnderLimit(ref, n)
	}
}

// Throttled implements queue.Observer.
func (os queueObservers) Throttled(ref queue.QueueRef) {
	for _, o := range os {
		o.Throttled(ref)
	}
}

// Deleted implements queue.Observer.
func (os queueObservers) Deleted(ref queue.QueueRef, n int) {
	for _, o := range os {
		o.Deleted(ref, n)
	}
}

// QueueDeleted implements queue.Observer.
func (os queueObservers) QueueDeleted(ref queue.QueueRef) {
	for _, o := range os {
		o.QueueDeleted(ref)
	}
}

// streamObservers tells every one of its stream observers of each event,
// and those that are stream.ShardObservers of each put's shards.
type streamObservers []stream.Observer

// Put implements stream.Observer.
func (os streamObservers) Put(ref stream.StreamRef, records, bytes int) {
	for _, o := range os {
		o.Put(ref, records, bytes)
	}
}

// PutShards implements stream.ShardObserver.
func (os streamObservers) PutShards(ref stream.StreamRef, perShard map[string]int) {
	for _, o := range os {
		if so, ok := o.(stream.ShardObserver); ok {
			so.PutShards(ref, perShard)
		}
	}
}

// WriteThrottled implements stream.Observer.
func (os streamObservers) WriteThrottled(ref stream.StreamRef, records int) {
	for _, o := range os {
		o.WriteThrottled(ref, records)
	}
}

// Got implements stream.Observer.
func (os streamObservers) Got(ref stream.StreamRef, records, bytes int, age time.Duration) {
	for _, o := range os {
		o.Got(ref, records, bytes, age)
	}
}

// ReadThrottled implements stream.Observer.
func (os streamObservers) ReadThrottled(ref stream.StreamRef) {
	for _, o := range os {
		o.ReadThrottled(ref)
	}
}

// StreamDeleted implements stream.Observer.
func (os streamObservers) StreamDeleted(ref stream.StreamRef) {
	for _, o := range os {
		o.StreamDeleted(ref)
	}
}
