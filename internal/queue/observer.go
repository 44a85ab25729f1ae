package queue

// Observer is told what the Service did, for metrics such as CloudWatch's
// NumberOfMessagesSent. Its methods run on the request's goroutine and
// must be cheap and safe for concurrent use.
type Observer interface {
	// Sent reports one message stored by SendMessage or
	// SendMessageBatch, of size bytes (body and attributes).
	Sent(ref QueueRef, size int)
	// Received reports n > 0 messages returned by one ReceiveMessage.
	Received(ref QueueRef, n int)
	// EmptyReceive reports a ReceiveMessage that returned no message.
	EmptyReceive(ref QueueRef)
	// ReceivedUnderLimit reports n > 0 messages returned by one
	// ReceiveMessage from a queue with a SluiceDeliveryRate or
	// SluiceMaxInFlight (also reported by Received).
	ReceivedUnderLimit(ref QueueRef, n int)
	// Throttled reports a ReceiveMessage that returned fewer messages than
	// it asked for, messages being left visible, because the queue's
	// SluiceDeliveryRate or SluiceMaxInFlight allowed no more.
	Throttled(ref QueueRef)
	// Deleted reports n > 0 receipt handles DeleteMessage or
	// DeleteMessageBatch accepted.
	Deleted(ref QueueRef, n int)
	// QueueDeleted reports that DeleteQueue deleted the queue, whose
	// series can go.
	QueueDeleted(ref QueueRef)
}

// noObserver is the Observer of a Service given none.
type noObserver struct{}

func (noObserver) Sent(QueueRef, int)               {}
func (noObserver) Received(QueueRef, int)           {}
func (noObserver) EmptyReceive(QueueRef)            {}
func (noObserver) ReceivedUnderLimit(QueueRef, int) {}
func (noObserver) Throttled(QueueRef)               {}
func (noObserver) Deleted(QueueRef, int)            {}
func (noObserver) QueueDeleted(QueueRef)            {}
