package stream

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// SubscribeToShard limits.
const (
	// SubscriptionTTL is how long one subscription delivers events.
	SubscriptionTTL = 5 * time.Minute
	// subscribeHeartbeat is how often an event goes out when no records
	// arrive.
	subscribeHeartbeat = 5 * time.Second
	// leaseTakeover is how long a subscription of a consumer to a shard
	// holds it against a new one.
	leaseTakeover         = 5 * time.Second
	subscribeEventRecords = 10000
	subscribeEventBytes   = 2 << 20
)

// signals wakes readers waiting for records of a shard. A waiter takes the
// channel of its shard before it reads; a put closes it.
type signals struct {
	mu      sync.Mutex
	waiting map[shardKey]chan struct{}
}

func newSignals() *signals { return &signals{waiting: make(map[shardKey]chan struct{})} }

// wait returns a channel that is closed at the next notify of k.
func (g *signals) wait(k shardKey) <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	ch, ok := g.waiting[k]
	if !ok {
		ch = make(chan struct{})
		g.waiting[k] = ch
	}
	return ch
}

// notify wakes the waiters of k.
func (g *signals) notify(k shardKey) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ch, ok := g.waiting[k]; ok {
		close(ch)
		delete(g.waiting, k)
	}
}

// leaseKey is one consumer reading one shard.
type leaseKey struct {
	consumerARN string
	shard       int
}

// lease is a running subscription.
type lease struct {
	started time.Time
	cancel  context.CancelFunc
}

// leases tracks running subscriptions, so a consumer reads a shard through
// one subscription at a time.
type leases struct {
	mu   sync.Mutex
	held map[leaseKey]*lease
}

func newLeases() *leases { return &leases{held: make(map[leaseKey]*lease)} }

// acquire starts a subscription. One younger than leaseTakeover refuses
// the new one; an older one is ended and replaced.
func (l *leases) acquire(ctx context.Context, k leaseKey, now time.Time) (context.Context, func(), error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if old, ok := l.held[k]; ok {
		if now.Sub(old.started) < leaseTakeover {
			return nil, nil, errorf(ErrResourceInUse, "Another active subscription exists for this consumer")
		}
		old.cancel()
	}
	ctx, cancel := context.WithCancel(ctx)
	mine := &lease{started: now, cancel: cancel}
	l.held[k] = mine
	release := func() {
		cancel()
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.held[k] == mine {
			delete(l.held, k)
		}
	}
	return ctx, release, nil
}

// SubscribeToShardParams are the inputs of SubscribeToShard.
type SubscribeToShardParams struct {
	Account     string
	ConsumerARN string
	ShardID     string
	// StartingType is an iterator type; SequenceNumber and Timestamp go
	// with it as in GetShardIterator.
	StartingType   string
	SequenceNumber string
	Timestamp      *time.Time
}

// SubscribeEvent is one event of a subscription.
type SubscribeEvent struct {
	Records []Record
	// ContinuationSequenceNumber resumes the subscription with
	// AFTER_SEQUENCE_NUMBER; empty once a closed shard is read to its end.
	ContinuationSequenceNumber string
	MillisBehindLatest         int64
	// ChildShards is set in the last event of a closed shard.
	ChildShards []ChildShard
}

// SubscribeToShard checks a subscription and then delivers events to
// deliver until SubscriptionTTL passes, ctx ends, a newer subscription of
// the same consumer and shard takes over, the shard's end is delivered or
// deliver fails. Events go out as soon as records are put (no polling),
// and at least every five seconds. Errors found before the first event are
// returned at once; the caller sends them as an ordinary error response.
func (s *Service) SubscribeToShard(ctx context.Context, p *SubscribeToShardParams, deliver func(*SubscribeEvent) error) error {
	sub, err := s.startSubscription(ctx, p)
	if err != nil {
		return err
	}
	ctx, release, err := s.leases.acquire(ctx, leaseKey{consumerARN: p.ConsumerARN, shard: sub.shard}, s.clock.Now())
	if err != nil {
		return err
	}
	defer release()
	deadline, stop := s.clock.After(SubscriptionTTL)
	defer stop()
	return s.deliverLoop(ctx, sub, deadline, deliver)
}

// subscription is a checked SubscribeToShard request.
type subscription struct {
	ref      StreamRef
	consumer string
	created  int64
	shard    int
	from     store.RecordPosition
}

func (s *Service) startSubscription(ctx context.Context, p *SubscribeToShardParams) (*subscription, error) {
	arn, ok := parseARN(p.ConsumerARN)
	if !ok || arn.Consumer == "" {
		return nil, errorf(ErrInvalidArgument, "ConsumerARN %s is invalid.", p.ConsumerARN)
	}
	ref := StreamRef{Account: arn.Account, Name: arn.Stream}
	if arn.Account != p.Account {
		return nil, errConsumerNotFound(p.ConsumerARN)
	}
	v, err := s.load(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := checkConsumerActive(v, arn, p.ConsumerARN); err != nil {
		return nil, err
	}
	idx, ok := parseShardID(p.ShardID)
	if !ok {
		return nil, errShardNotFound(ref, p.ShardID)
	}
	sh := v.shard(idx)
	if sh == nil {
		return nil, errShardNotFound(ref, ShardID(idx))
	}
	from, err := s.startPosition(ctx, v, sh, p.StartingType, p.SequenceNumber, p.Timestamp, "SubscribeToShard")
	if err != nil {
		return nil, err
	}
	return &subscription{ref: ref, consumer: arn.Consumer, created: arn.ConsumerCreated, shard: idx, from: from}, nil
}

func errConsumerNotFound(arn string) error {
	return errorf(ErrResourceNotFound, "Consumer %s not found.", arn)
}

// checkConsumerActive finds the consumer an ARN names and checks that it
// may subscribe.
func checkConsumerActive(v *view, arn parsedARN, arnText string) error {
	i := v.m.findConsumer(arn.Consumer)
	if i < 0 || v.m.Consumers[i].Created.Unix() != arn.ConsumerCreated {
		return errConsumerNotFound(arnText)
	}
	if c := v.m.Consumers[i]; c.Status != StatusActive {
		return errorf(ErrResourceInUse, "Consumer %s with creation timestamp %d under stream: %s , account %s is not "+
			"in ACTIVE status.", c.Name, c.Created.Unix(), v.st.Ref.Name, v.st.Ref.Account)
	}
	return nil
}

// deliverLoop reads and delivers until the subscription ends.
func (s *Service) deliverLoop(ctx context.Context, sub *subscription, deadline <-chan time.Time,
	deliver func(*SubscribeEvent) error) error {
	key := shardKey{stream: sub.ref, shard: sub.shard}
	for {
		woken := s.signals.wait(key)
		ev, more, err := s.nextEvent(ctx, sub)
		if err != nil {
			return err
		}
		if err := deliver(ev); err != nil {
			return err
		}
		if ev.ChildShards != nil || ev.ContinuationSequenceNumber == "" {
			return nil
		}
		if more {
			continue
		}
		if ended, err := s.waitForRecords(ctx, woken, deadline); ended || err != nil {
			return err
		}
	}
}

// waitForRecords waits for a put, the heartbeat, or the end of the
// subscription (ended).
func (s *Service) waitForRecords(ctx context.Context, woken <-chan struct{}, deadline <-chan time.Time) (ended bool, err error) {
	heartbeat, stop := s.clock.After(subscribeHeartbeat)
	defer stop()
	select {
	case <-woken:
		return false, nil
	case <-heartbeat:
		return false, nil
	case <-deadline:
		return true, nil
	case <-s.done:
		return true, nil
	case <-ctx.Done():
		if errors.Is(context.Cause(ctx), context.Canceled) {
			return true, nil
		}
		return true, ctx.Err()
	}
}

// nextEvent reads the next event of a subscription and advances it; more
// reports that records remain to be read at once.
func (s *Service) nextEvent(ctx context.Context, sub *subscription) (*SubscribeEvent, bool, error) {
	v, err := s.load(ctx, sub.ref)
	if err != nil {
		return nil, false, err
	}
	arn := parsedARN{Account: sub.ref.Account, Stream: sub.ref.Name, Consumer: sub.consumer, ConsumerCreated: sub.created}
	if err := checkConsumerActive(v, arn, s.consumerARN(sub.ref, sub.consumer, time.Unix(sub.created, 0))); err != nil {
		return nil, false, err
	}
	sh := v.shard(sub.shard)
	if sh == nil {
		return nil, false, errShardDoesNotExist(sub.ref, ShardID(sub.shard))
	}
	r, err := s.readShard(ctx, v, sh, sub.from, subscribeEventRecords, subscribeEventBytes)
	if err != nil {
		return nil, false, err
	}
	sub.from = r.next
	ev := &SubscribeEvent{Records: r.records, MillisBehindLatest: r.millisBehind}
	if r.exhausted {
		ev.ChildShards = childShards(v, sh.Index)
		if ev.ChildShards == nil {
			ev.ChildShards = []ChildShard{}
		}
		return ev, false, nil
	}
	ev.ContinuationSequenceNumber = continuation(sh, r)
	return ev, r.millisBehind > 0, nil
}

// continuation is the sequence number that resumes after what was read:
// the last record's, or the point just before the next record.
func continuation(sh *store.Shard, r *shardRead) string {
	arrived := max(sh.CreatedAt.Unix(), r.next.ArrivedAt.Unix())
	return seqNum{ShardCreated: sh.CreatedAt.Unix(), Shard: sh.Index, Counter: r.next.Counter, Arrived: arrived}.format()
}
