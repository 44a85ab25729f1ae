package queue

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/store"
)

// QueueRef names a queue: its owning account and its name. It is the
// store's type, re-exported so callers of Service need not import store.
type QueueRef = store.QueueRef

// Message is a stored message as ReceiveMessage returns it.
type Message = store.Message

// MessageAttribute is a message attribute (user or system). Binary values are
// raw bytes, not base64.
type MessageAttribute = store.MessageAttribute

// DefaultRegion is the region used in ARNs when Options.Region is empty.
const DefaultRegion = "us-east-1"

// Defaults of Options.
const (
	defaultMaxWaiters    = 10000
	defaultSweepInterval = time.Minute
)

// Options configure a Service. The zero value is usable.
type Options struct {
	// Region appears in queue ARNs. Default DefaultRegion.
	Region string
	// Logger receives background errors (sweeper, move tasks). Default
	// slog.Default().
	Logger *slog.Logger
	// MaxWaiters bounds the long polls waiting at once across all queues;
	// a ReceiveMessage past the bound answers empty at once. Default 10000.
	MaxWaiters int
	// SweepInterval is how often the retention sweeper deletes expired
	// messages. Default one minute.
	SweepInterval time.Duration
	// Observer is told of sends, receives and deletes; nil tells no one.
	Observer Observer
}

// Service implements the SQS actions on a store. It is safe for concurrent
// use. Create it with New and stop it with Close.
type Service struct {
	store  store.QueueStore
	clock  clock.Clock
	region string
	log    *slog.Logger
	opts   Options

	cache   *queueCache
	waiters *notifier
	buckets *deliveryBuckets
	deleted deletedQueues
	tasks   *moveTasks

	// ctx is cancelled by Close; background work runs under it and long
	// polls end when it is done.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New returns a Service over st that reads the time from clk, and starts its
// background work (the retention sweeper).
func New(st store.QueueStore, clk clock.Clock, opts Options) *Service {
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxWaiters <= 0 {
		opts.MaxWaiters = defaultMaxWaiters
	}
	if opts.SweepInterval <= 0 {
		opts.SweepInterval = defaultSweepInterval
	}
	if opts.Observer == nil {
		opts.Observer = noObserver{}
	}
	s := &Service{
		store:   st,
		clock:   clk,
		region:  opts.Region,
		log:     opts.Logger,
		opts:    opts,
		cache:   newQueueCache(),
		waiters: newNotifier(opts.MaxWaiters),
		buckets: newDeliveryBuckets(),
		deleted: deletedQueues{at: make(map[QueueRef]time.Time)},
		tasks:   newMoveTasks(),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.wg.Add(1)
	go s.sweepLoop()
	return s
}

// Close stops the background work (retention sweeper, message move tasks)
// and makes waiting long polls answer at once with no messages. It waits
// for background goroutines to finish. Calls after the first do nothing.
func (s *Service) Close() {
	s.cancel()
	s.wg.Wait()
}

// Region returns the region used in ARNs.
func (s *Service) Region() string { return s.region }

// QueueArn returns the ARN of a queue: arn:aws:sqs:<region>:<account>:<name>.
func (s *Service) QueueArn(ref QueueRef) string {
	return arnPrefix + s.region + ":" + ref.Account + ":" + ref.Name
}

// cachedQueue is a stored queue with its attributes parsed.
type cachedQueue struct {
	q   *store.Queue
	cfg queueConfig
}

// queueCache keeps queue metadata so message operations need not read it
// from the store each time. Every change through this Service invalidates
// the entry; the generation counter keeps a read that raced with a change
// from installing stale data.
type queueCache struct {
	mu         sync.Mutex
	queues     map[QueueRef]*cachedQueue
	generation uint64
}

func newQueueCache() *queueCache {
	return &queueCache{queues: make(map[QueueRef]*cachedQueue)}
}

// queue returns a queue's metadata, from the cache when it can, or
// ErrQueueDoesNotExist.
func (s *Service) queue(ctx context.Context, ref QueueRef) (*cachedQueue, error) {
	c := s.cache
	c.mu.Lock()
	if cq, ok := c.queues[ref]; ok {
		c.mu.Unlock()
		return cq, nil
	}
	gen := c.generation
	c.mu.Unlock()

	q, err := s.store.QueueGet(ctx, ref)
	if err != nil {
		return nil, fromStore(err, storeErrorContext{queue: ref})
	}
	cq := &cachedQueue{q: q, cfg: parseConfig(q)}
	c.mu.Lock()
	if c.generation == gen {
		c.queues[ref] = cq
	}
	c.mu.Unlock()
	return cq, nil
}

// forget drops a queue from the cache after a change.
func (s *Service) forget(ref QueueRef) {
	c := s.cache
	c.mu.Lock()
	delete(c.queues, ref)
	c.generation++
	c.mu.Unlock()
}

// remember installs a queue just written by this Service.
func (s *Service) remember(q *store.Queue) {
	c := s.cache
	c.mu.Lock()
	c.generation++
	c.queues[q.Ref] = &cachedQueue{q: q, cfg: parseConfig(q)}
	c.mu.Unlock()
}

// deletedQueues remembers recent deletions for the 60-second rule. It lives
// in memory: after a restart the rule starts afresh.
type deletedQueues struct {
	mu sync.Mutex
	at map[QueueRef]time.Time
}

const recreateDelay = 60 * time.Second

func (d *deletedQueues) add(ref QueueRef, now time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for r, t := range d.at {
		if now.Sub(t) >= recreateDelay {
			delete(d.at, r)
		}
	}
	d.at[ref] = now
}

func (d *deletedQueues) recent(ref QueueRef, now time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	t, ok := d.at[ref]
	return ok && now.Sub(t) < recreateDelay
}
