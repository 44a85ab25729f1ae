package stream

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/store"
)

// DefaultRegion is the region used in ARNs when Options.Region is empty.
const DefaultRegion = "us-east-1"

// Defaults of Options.
const (
	DefaultShardLimit          = 10000
	DefaultOnDemandStreamLimit = 50
	DefaultConsumerLimit       = 20
	DefaultTrimInterval        = time.Minute
)

// Options configure a Service. The zero value is usable.
type Options struct {
	// Region appears in ARNs. Default DefaultRegion.
	Region string
	// Logger receives background errors (the retention trimmer). Default
	// slog.Default().
	Logger *slog.Logger
	// CreateDelay, UpdateDelay and DeleteDelay are how long a stream stays
	// CREATING, UPDATING and DELETING (and a consumer CREATING or
	// DELETING). Zero, the default, makes every change take effect at once.
	CreateDelay, UpdateDelay, DeleteDelay time.Duration
	// ShardLimit bounds the open shards of an account. Default
	// DefaultShardLimit.
	ShardLimit int
	// OnDemandStreamLimit bounds the on-demand streams of an account.
	// Default DefaultOnDemandStreamLimit.
	OnDemandStreamLimit int
	// ConsumerLimit bounds the consumers of a stream. Default
	// DefaultConsumerLimit.
	ConsumerLimit int
	// TrimInterval is how often the retention trimmer deletes expired
	// records. Default DefaultTrimInterval.
	TrimInterval time.Duration
	// EnforceThroughput turns on the per-shard limits of provisioned
	// shards: 1 MiB/s and 1000 records/s in, 2 MiB/s and 5 GetRecords
	// calls/s out, answered with ProvisionedThroughputExceededException.
	EnforceThroughput bool
	// TokenKey signs shard iterators and NextTokens. Give the same key
	// across restarts to keep issued iterators valid; empty picks a random
	// key per process.
	TokenKey []byte
	// Observer is told of puts, reads and throttling; nil tells no one.
	Observer Observer

	// trimmed, when set, is called after each pass of the trimmer with the
	// time the pass started (tests).
	trimmed func(time.Time)
}

// Service implements the Kinesis actions on a store. It is safe for
// concurrent use. Create it with New and stop it with Close.
type Service struct {
	store  store.StreamStore
	clock  clock.Clock
	opts   Options
	region string
	log    *slog.Logger
	tokens sealer

	mu sync.Mutex
	// settings are account settings (DescribeAccountSettings), kept in
	// memory only.
	settings map[string]AccountSettings

	metas   *metaCache
	limits  *limiters // nil unless Options.EnforceThroughput
	signals *signals
	leases  *leases

	closeOnce sync.Once
	done      chan struct{}
	wg        sync.WaitGroup
}

// New returns a Service over st that reads the time from clk, and starts
// its background work (the retention trimmer).
func New(st store.StreamStore, clk clock.Clock, opts Options) *Service {
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	opts.ShardLimit = orDefault(opts.ShardLimit, DefaultShardLimit)
	opts.OnDemandStreamLimit = orDefault(opts.OnDemandStreamLimit, DefaultOnDemandStreamLimit)
	opts.ConsumerLimit = orDefault(opts.ConsumerLimit, DefaultConsumerLimit)
	if opts.TrimInterval <= 0 {
		opts.TrimInterval = DefaultTrimInterval
	}
	if opts.Observer == nil {
		opts.Observer = noObserver{}
	}
	key := opts.TokenKey
	if len(key) == 0 {
		key = make([]byte, 32)
		rand.Read(key)
	}
	s := &Service{
		store: st, clock: clk, opts: opts, region: opts.Region, log: opts.Logger,
		tokens:   sealer{key: key},
		settings: make(map[string]AccountSettings),
		metas:    newMetaCache(),
		signals:  newSignals(),
		leases:   newLeases(),
		done:     make(chan struct{}),
	}
	if opts.EnforceThroughput {
		s.limits = newLimiters()
	}
	s.wg.Add(1)
	go s.trimLoop()
	return s
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// Close stops the background work and ends running SubscribeToShard
// deliveries. It waits for background goroutines to finish. Calls after the
// first do nothing.
func (s *Service) Close() {
	s.closeOnce.Do(func() { close(s.done) })
	s.wg.Wait()
}

// load reads a stream and settles its pending state changes. A stream
// whose deletion is due is removed and reported as not found.
func (s *Service) load(ctx context.Context, ref StreamRef) (*view, error) {
	st, err := s.store.StreamGet(ctx, ref)
	if err != nil {
		return nil, fromStore(err, ref)
	}
	m, err := s.metas.decode(ref, st.Meta)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	v := &view{st: st, m: m}
	if resharded, _ := v.settle(now); resharded {
		return s.update(ctx, ref, func(*view, time.Time) error { return nil })
	}
	if v.m.gone(now) {
		if err := s.store.StreamDelete(ctx, ref); err != nil && !errors.Is(err, store.ErrStreamNotFound) {
			return nil, err
		}
		s.forget(ref)
		return nil, errStreamNotFound(ref)
	}
	return v, nil
}

// update changes a stream's metadata and shards atomically. fn sees the
// settled state; its error aborts the update.
func (s *Service) update(ctx context.Context, ref StreamRef, fn func(v *view, now time.Time) error) (*view, error) {
	var out *view
	var closed []int
	gone := false
	_, err := s.store.StreamUpdate(ctx, ref, func(st *store.Stream) error {
		m, err := decodeMeta(st.Meta)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		v := &view{st: st, m: m}
		_, closed = v.settle(now)
		if v.m.gone(now) {
			gone = true
			return errStreamNotFound(ref)
		}
		if err := fn(v, now); err != nil {
			return err
		}
		st.Meta = encodeMeta(&v.m)
		out = v
		return nil
	})
	if gone {
		if _, err := s.load(ctx, ref); err == nil {
			return nil, errStreamNotFound(ref)
		}
	}
	if err != nil {
		return nil, fromStore(err, ref)
	}
	s.notifyClosed(ref, closed)
	return out, nil
}

// requireActive fails unless the stream is ACTIVE.
func requireActive(v *view) error {
	if v.m.Status != StatusActive {
		return errStreamNotActive(v.st.Ref, v.m.Status)
	}
	return nil
}

// forget drops the in-memory state of a deleted stream.
func (s *Service) forget(ref StreamRef) {
	s.metas.forget(ref)
	if s.limits != nil {
		s.limits.forget(ref)
	}
}
