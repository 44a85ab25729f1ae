package stream

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// processor reads one leased shard in order, hands its batches to the
// handler and checkpoints them.
type processor struct {
	r     *run
	lease Lease
	prev  *processor
	// ctx ends when the processor is killed; stopping asks it to end after
	// the batch under way.
	ctx      context.Context
	cancel   context.CancelCauseFunc
	stopping chan struct{}
	once     sync.Once
	release  bool
	done     chan struct{}
	// last is the sequence number of the last record handled.
	last string
	// failures counts the failed requests in a row.
	failures int
}

func newProcessor(r *run, l Lease, prev *processor) *processor {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &processor{r: r, lease: l, prev: prev, ctx: withLease(ctx, l), cancel: cancel,
		stopping: make(chan struct{}), done: make(chan struct{})}
}

// stop asks the processor to end after the batch under way, releasing the
// lease then when release is set.
func (p *processor) stop(release bool) {
	p.once.Do(func() {
		p.release = release
		close(p.stopping)
	})
}

// kill ends the processor now: its handler's context ends.
func (p *processor) kill(cause error) {
	p.stop(false)
	p.cancel(cause)
}

func (p *processor) stopped() bool {
	select {
	case <-p.stopping:
		return true
	default:
		return p.ctx.Err() != nil
	}
}

func (p *processor) emit(e Event) {
	e.ShardID, e.Epoch = p.lease.ShardID, p.lease.Epoch
	p.r.emit(e)
}

// run is the processor's goroutine.
func (p *processor) run() {
	defer func() {
		close(p.done)
		select {
		case p.r.exited <- struct{}{}:
		default:
		}
	}()
	if p.prev != nil {
		<-p.prev.done
	}
	it, ok := p.iterator()
	for ok && !p.stopped() {
		it, ok = p.step(it)
	}
	if p.release && p.ctx.Err() == nil {
		p.giveUp()
	}
}

// step reads and handles one batch; it returns the next iterator, or
// false when the processor is done.
func (p *processor) step(it string) (string, bool) {
	opts := &p.r.c.opts
	out, err := p.r.c.kin.GetRecords(p.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(it), Limit: aws.Int32(opts.BatchSize)})
	if err == nil {
		p.failures = 0
	} else {
		if p.ctx.Err() != nil {
			return "", false
		}
		if _, expired := errors.AsType[*types.ExpiredIteratorException](err); expired {
			return p.iterator()
		}
		return it, p.backoff(err)
	}
	if len(out.Records) > 0 {
		recs := p.records(out.Records)
		if !p.handle(recs) || !p.checkpoint(Checkpoint{SequenceNumber: recs[len(recs)-1].SequenceNumber}) {
			return "", false
		}
		p.last = recs[len(recs)-1].SequenceNumber
	}
	if out.NextShardIterator == nil {
		if p.checkpoint(Checkpoint{ShardEnd: true}) {
			p.emit(Event{Kind: ShardEnded, SequenceNumber: p.last})
		}
		return "", false
	}
	if len(out.Records) == 0 && !sleep(p.ctx, opts.Clock, opts.PollInterval, p.stopping) {
		return "", false
	}
	return *out.NextShardIterator, true
}

// iterator gets a shard iterator where the processor resumes: after the
// last record it handled, or at the lease's start.
func (p *processor) iterator() (string, bool) {
	in := &kinesis.GetShardIteratorInput{StreamName: aws.String(p.r.c.stream), ShardId: aws.String(p.lease.ShardID)}
	if len(p.r.c.stream) > 4 && p.r.c.stream[:4] == "arn:" {
		in.StreamName, in.StreamARN = nil, aws.String(p.r.c.stream)
	}
	start := p.lease.Start
	if p.last != "" {
		start = ShardPosition{Type: types.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: p.last}
	}
	in.ShardIteratorType = start.Type
	switch start.Type {
	case types.ShardIteratorTypeAfterSequenceNumber, types.ShardIteratorTypeAtSequenceNumber:
		in.StartingSequenceNumber = aws.String(start.SequenceNumber)
	case types.ShardIteratorTypeAtTimestamp:
		in.Timestamp = aws.Time(start.Timestamp)
	}
	for !p.stopped() {
		out, err := p.r.c.kin.GetShardIterator(p.ctx, in)
		if err == nil {
			p.failures = 0
			return aws.ToString(out.ShardIterator), true
		}
		if !p.backoff(err) {
			break
		}
	}
	return "", false
}

// backoff reports a failed request and waits before the next try, longer
// after each failure in a row; false means the processor was stopped
// meanwhile.
func (p *processor) backoff(err error) bool {
	p.failures++
	p.emit(Event{Kind: CallFailed, Err: err, Attempt: p.failures})
	return sleep(p.ctx, p.r.c.opts.Clock, p.r.c.opts.Backoff(p.failures), p.stopping)
}

func (p *processor) records(in []types.Record) []Record {
	out := make([]Record, len(in))
	for i, r := range in {
		out[i] = Record{ShardID: p.lease.ShardID, SequenceNumber: aws.ToString(r.SequenceNumber),
			PartitionKey: aws.ToString(r.PartitionKey), Data: r.Data, ArrivedAt: aws.ToTime(r.ApproximateArrivalTimestamp)}
	}
	return out
}

// handle runs the handler on a batch until it succeeds; false means the
// processor was stopped or killed first.
func (p *processor) handle(recs []Record) bool {
	last := recs[len(recs)-1].SequenceNumber
	for attempt := 1; ; attempt++ {
		err := p.r.h(p.ctx, recs)
		if err == nil {
			p.emit(Event{Kind: Processed, Records: len(recs), SequenceNumber: last})
			return true
		}
		if p.ctx.Err() != nil {
			return false
		}
		p.emit(Event{Kind: HandlerFailed, Records: len(recs), SequenceNumber: last, Err: err, Attempt: attempt})
		if !sleep(p.ctx, p.r.c.opts.Clock, p.r.c.opts.Backoff(attempt), p.stopping) {
			return false
		}
	}
}

// checkpoint stores cp (filled with the lease) and reports whether the
// processor may go on. A lost lease ends it; other failures are retried a
// few times, then left to the next checkpoint (the records may then be
// handled again by the shard's next owner). A SHARD_END checkpoint is
// retried until it is stored.
func (p *processor) checkpoint(cp Checkpoint) bool {
	cp.Member, cp.ShardID, cp.Epoch = p.r.c.opts.Member, p.lease.ShardID, p.lease.Epoch
	if cp.SequenceNumber == "" {
		cp.SequenceNumber = p.last
	}
	const tries = 3
	for attempt := 1; ; attempt++ {
		err := p.r.c.coord.Checkpoint(p.ctx, cp)
		switch {
		case err == nil:
			p.emit(Event{Kind: Checkpointed, SequenceNumber: cp.SequenceNumber})
			return true
		case errors.Is(err, ErrLeaseLost), errors.Is(err, ErrMemberNotFound), p.ctx.Err() != nil:
			p.emit(Event{Kind: LeaseLost, Err: err})
			return false
		}
		p.emit(Event{Kind: CallFailed, Err: err, Attempt: attempt})
		if attempt >= tries && !cp.ShardEnd {
			return true
		}
		if !sleep(p.ctx, p.r.c.opts.Clock, p.r.c.opts.Backoff(attempt), nil) {
			return false
		}
	}
}

// giveUp releases the lease after a requested stop.
func (p *processor) giveUp() {
	cp := Checkpoint{Member: p.r.c.opts.Member, ShardID: p.lease.ShardID, Epoch: p.lease.Epoch,
		SequenceNumber: p.last, Release: true}
	if err := p.r.c.coord.Checkpoint(p.ctx, cp); err != nil {
		p.emit(Event{Kind: CallFailed, Err: err, Attempt: 1})
		return
	}
	p.emit(Event{Kind: LeaseReleased})
}

type leaseKey struct{}

func withLease(ctx context.Context, l Lease) context.Context {
	return context.WithValue(ctx, leaseKey{}, l)
}

// LeaseFrom returns the lease of the shard a Handler's context belongs
// to: its shard id and epoch.
func LeaseFrom(ctx context.Context) (Lease, bool) {
	l, ok := ctx.Value(leaseKey{}).(Lease)
	return l, ok
}
