package stream

import "time"

// Observer is told what the Service did, for metrics such as CloudWatch's
// IncomingRecords. Its methods run on the request's goroutine and must be
// cheap and safe for concurrent use.
type Observer interface {
	// Put reports records appended by one PutRecord or PutRecords and
	// their size in bytes (data and partition keys).
	Put(ref StreamRef, records, bytes int)
	// WriteThrottled reports records refused by a shard's write limit.
	WriteThrottled(ref StreamRef, records int)
	// Got reports one GetRecords: the records and data bytes it returned
	// and the age of its last record (zero when it returned none).
	Got(ref StreamRef, records, bytes int, iteratorAge time.Duration)
	// ReadThrottled reports a GetRecords refused by a shard's read limit.
	ReadThrottled(ref StreamRef)
	// StreamDeleted reports that DeleteStream accepted the stream's
	// deletion, so its series can go.
	StreamDeleted(ref StreamRef)
}

// noObserver is the Observer of a Service given none.
type noObserver struct{}

func (noObserver) Put(StreamRef, int, int)                {}
func (noObserver) WriteThrottled(StreamRef, int)          {}
func (noObserver) Got(StreamRef, int, int, time.Duration) {}
func (noObserver) ReadThrottled(StreamRef)                {}
func (noObserver) StreamDeleted(StreamRef)                {}
