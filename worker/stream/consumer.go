package stream

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Record is one record of a shard, as a Handler gets it.
type Record struct {
	ShardID        string
	SequenceNumber string
	PartitionKey   string
	Data           []byte
	ArrivedAt      time.Time
}

// Handler processes a batch of records of one shard, in shard order. A
// nil return checkpoints the batch; an error retries it, after a backoff,
// until it succeeds or the shard is lost. The context ends when the
// consumer loses the shard or its shutdown timeout runs out.
type Handler func(ctx context.Context, records []Record) error

// Consumer reads a stream as one member of a consumer group: each shard
// it is given is read in order by one goroutine, its batches handed to the
// handler, and checkpointed once the handler succeeds. Create it with
// NewConsumer and run it with Consume.
type Consumer struct {
	kin    KinesisClient
	stream string
	coord  Coordinator
	opts   Options
}

// NewConsumer returns a consumer of stream (a name or an ARN) that reads
// records with kin and takes its shards from coord.
func NewConsumer(kin KinesisClient, stream string, coord Coordinator, opts Options) *Consumer {
	return &Consumer{kin: kin, stream: stream, coord: coord, opts: opts.withDefaults()}
}

// Member is the consumer's member id in its group.
func (c *Consumer) Member() string { return c.opts.Member }

// Consume joins the group and processes the shards it is given until ctx
// ends; then it lets running handlers finish, checkpoints, leaves the
// group (so its shards move on at once) and returns nil. It returns an
// error only when it cannot run at all.
func (c *Consumer) Consume(ctx context.Context, h Handler) error {
	if h == nil {
		return errors.New("stream: Consume needs a handler")
	}
	r := &run{c: c, h: h, procs: map[string]*processor{}, exited: make(chan struct{}, 1)}
	r.loop(ctx)
	r.shutdown(ctx)
	return nil
}

// run is one Consume call.
type run struct {
	c      *Consumer
	h      Handler
	joined bool
	// procs are the shard processors by shard id; only loop touches it.
	procs map[string]*processor
	// exited is poked when a processor ends, so loop heartbeats at once
	// (a finished parent makes children available).
	exited chan struct{}
	// lastOK is when a heartbeat last succeeded; interval how often to
	// heartbeat; leaseDuration how long leases outlive it.
	lastOK                  time.Time
	interval, leaseDuration time.Duration
	attempt                 int
}

func (r *run) emit(e Event) {
	if r.c.opts.OnEvent != nil {
		e.Member, e.Time = r.c.opts.Member, r.c.opts.Clock.Now()
		r.c.opts.OnEvent(e)
	}
}

// loop heartbeats and applies assignments until ctx ends.
func (r *run) loop(ctx context.Context) {
	for ctx.Err() == nil {
		wait := r.sync(ctx)
		r.reap()
		ch, stop := r.c.opts.Clock.After(wait)
		select {
		case <-ctx.Done():
		case <-ch:
		case <-r.exited:
		}
		stop()
	}
}

// sync joins or heartbeats once, applies the assignment and returns how
// long to wait before the next heartbeat.
func (r *run) sync(ctx context.Context) time.Duration {
	member := r.c.opts.Member
	var a *Assignment
	var err error
	if r.joined {
		a, err = r.c.coord.Heartbeat(ctx, member)
	} else {
		a, err = r.c.coord.Join(ctx, member)
	}
	if err != nil {
		return r.failed(ctx, err)
	}
	kind := Heartbeat
	if !r.joined {
		kind = Joined
	}
	r.joined, r.attempt, r.lastOK = true, 0, r.c.opts.Clock.Now()
	r.leaseDuration, r.interval = a.LeaseDuration, a.HeartbeatInterval
	if r.c.opts.HeartbeatInterval > 0 {
		r.interval = r.c.opts.HeartbeatInterval
	}
	r.emit(Event{Kind: kind})
	r.apply(ctx, a)
	return max(r.interval, time.Millisecond)
}

// failed handles a failed join or heartbeat: a member the group forgot
// drops its shards and joins again at once; after other failures it keeps
// its shards while its leases may still hold, and retries after a backoff.
func (r *run) failed(ctx context.Context, err error) time.Duration {
	if ctx.Err() != nil {
		return 0
	}
	r.attempt++
	r.emit(Event{Kind: CallFailed, Err: err, Attempt: r.attempt})
	if errors.Is(err, ErrMemberNotFound) {
		r.c.opts.Logger.Warn("stream: the group forgot this member; joining again", "member", r.c.opts.Member)
		r.killAll(err)
		r.joined = false
		return 0
	}
	if r.joined && r.c.opts.Clock.Now().Sub(r.lastOK) >= r.leaseDuration {
		r.killAll(err)
	}
	return r.c.opts.Backoff(r.attempt)
}

// apply starts processors for new leases, asks those of revoked leases to
// stop and release, and kills those whose lease is gone.
func (r *run) apply(ctx context.Context, a *Assignment) {
	leased := map[string]Lease{}
	for _, l := range a.Leases {
		leased[l.ShardID] = l
	}
	for _, l := range a.Revoked {
		p := r.procs[l.ShardID]
		switch {
		case p == nil || p.lease.Epoch != l.Epoch:
			r.releaseIdle(ctx, l)
		default:
			p.stop(true)
		}
	}
	for id, p := range r.procs {
		if l, ok := leased[id]; (!ok || l.Epoch != p.lease.Epoch) && !isRevoked(a, p.lease) {
			p.kill(ErrLeaseLost)
		}
	}
	for id, l := range leased {
		if p := r.procs[id]; p == nil || p.lease.Epoch != l.Epoch {
			r.start(l, p)
		}
	}
}

func isRevoked(a *Assignment, l Lease) bool {
	for _, r := range a.Revoked {
		if r.ShardID == l.ShardID && r.Epoch == l.Epoch {
			return true
		}
	}
	return false
}

// releaseIdle gives up a revoked lease no processor works on.
func (r *run) releaseIdle(ctx context.Context, l Lease) {
	err := r.c.coord.Checkpoint(ctx, Checkpoint{Member: r.c.opts.Member, ShardID: l.ShardID, Epoch: l.Epoch, Release: true})
	if err == nil {
		r.emit(Event{Kind: LeaseReleased, ShardID: l.ShardID, Epoch: l.Epoch})
	}
}

// start starts the processor of a lease; it begins once prev, the
// shard's previous processor in this consumer, has ended.
func (r *run) start(l Lease, prev *processor) {
	if prev != nil {
		prev.kill(ErrLeaseLost)
	}
	p := newProcessor(r, l, prev)
	r.procs[l.ShardID] = p
	r.emit(Event{Kind: LeaseAcquired, ShardID: l.ShardID, Epoch: l.Epoch})
	go p.run()
}

// reap forgets the processors that ended.
func (r *run) reap() {
	for id, p := range r.procs {
		select {
		case <-p.done:
			delete(r.procs, id)
		default:
		}
	}
}

// killAll stops every processor at once, without checkpoints.
func (r *run) killAll(cause error) {
	for _, p := range r.procs {
		p.kill(cause)
	}
}

// shutdown stops every processor after its current batch and checkpoint,
// waits for them (at most ShutdownTimeout, then kills them) and leaves the
// group.
func (r *run) shutdown(ctx context.Context) {
	for _, p := range r.procs {
		p.stop(false)
	}
	deadline, stopTimer := r.c.opts.Clock.After(r.c.opts.ShutdownTimeout)
	defer stopTimer()
	var wg sync.WaitGroup
	for _, p := range r.procs {
		wg.Go(func() {
			select {
			case <-p.done:
			case <-deadline:
				p.kill(context.DeadlineExceeded)
				<-p.done
			}
		})
	}
	wg.Wait()
	if !r.joined {
		return
	}
	leaveCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.c.opts.ShutdownTimeout)
	defer cancel()
	if err := r.c.coord.Leave(leaveCtx, r.c.opts.Member); err != nil {
		r.c.opts.Logger.Warn("stream: leaving the group failed; its leases expire instead", "err", err)
		r.emit(Event{Kind: CallFailed, Err: err, Attempt: 1})
		return
	}
	for id, p := range r.procs {
		r.emit(Event{Kind: LeaseReleased, ShardID: id, Epoch: p.lease.Epoch})
	}
}
