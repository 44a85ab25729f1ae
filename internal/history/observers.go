package history

import (
	"time"

	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/stream"
)

// QueueResource names a queue.
func QueueResource(ref queue.QueueRef) Resource {
	return Resource{Kind: KindQueue, Account: ref.Account, Name: ref.Name}
}

// StreamResource names a stream.
func StreamResource(ref stream.StreamRef) Resource {
	return Resource{Kind: KindStream, Account: ref.Account, Name: ref.Name}
}

// QueueObserver returns the queue.Observer that feeds r.
func (r *Recorder) QueueObserver() queue.Observer { return queueObserver{r} }

// StreamObserver returns the stream.Observer (also a stream.ShardObserver)
// that feeds r.
func (r *Recorder) StreamObserver() stream.Observer { return streamObserver{r} }

// queueObserver counts sends, receives and deletes.
type queueObserver struct{ r *Recorder }

func (o queueObserver) add(ref queue.QueueRef, metric string, n int) {
	o.r.Add(Key{Resource: QueueResource(ref), Metric: metric}, n)
}

// Sent implements queue.Observer.
func (o queueObserver) Sent(ref queue.QueueRef, _ int) { o.add(ref, Sent, 1) }

// Received implements queue.Observer.
func (o queueObserver) Received(ref queue.QueueRef, n int) { o.add(ref, Received, n) }

// EmptyReceive implements queue.Observer; it is not kept.
func (queueObserver) EmptyReceive(queue.QueueRef) {}

// ReceivedUnderLimit implements queue.Observer; Received counts them.
func (queueObserver) ReceivedUnderLimit(queue.QueueRef, int) {}

// Throttled implements queue.Observer; it is not kept.
func (queueObserver) Throttled(queue.QueueRef) {}

// Deleted implements queue.Observer.
func (o queueObserver) Deleted(ref queue.QueueRef, n int) { o.add(ref, Deleted, n) }

// QueueDeleted implements queue.Observer: the queue's series go.
func (o queueObserver) QueueDeleted(ref queue.QueueRef) { o.r.Forget(QueueResource(ref)) }

// streamObserver counts records put, per stream and per shard.
type streamObserver struct{ r *Recorder }

// Put implements stream.Observer.
func (o streamObserver) Put(ref stream.StreamRef, records, _ int) {
	o.r.Add(Key{Resource: StreamResource(ref), Metric: Incoming}, records)
}

// PutShards implements stream.ShardObserver.
func (o streamObserver) PutShards(ref stream.StreamRef, perShard map[string]int) {
	for shard, n := range perShard {
		o.r.Add(Key{Resource: StreamResource(ref), Metric: Incoming, Shard: shard}, n)
	}
}

// WriteThrottled implements stream.Observer; it is not kept.
func (streamObserver) WriteThrottled(stream.StreamRef, int) {}

// Got implements stream.Observer; reads are not kept.
func (streamObserver) Got(stream.StreamRef, int, int, time.Duration) {}

// ReadThrottled implements stream.Observer; it is not kept.
func (streamObserver) ReadThrottled(stream.StreamRef) {}

// StreamDeleted implements stream.Observer: the stream's series go.
func (o streamObserver) StreamDeleted(ref stream.StreamRef) { o.r.Forget(StreamResource(ref)) }
