package streamgroup

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/stream"
)

// Defaults of Options.
const (
	DefaultLeaseDuration = 10 * time.Second
	DefaultGroupLimit    = 100
	DefaultMemberLimit   = 1000
)

// epochBlock is how many lease epochs one durable reservation covers.
const epochBlock = 1000

// StreamRef names a stream: its account and its name.
type StreamRef = store.StreamRef

// GroupRef names a group: its stream and its name.
type GroupRef = store.GroupRef

// Options configure a Service. The zero value is usable.
type Options struct {
	// LeaseDuration is how long a member keeps its leases without being
	// heard from. Default DefaultLeaseDuration; members should heartbeat
	// three times as often.
	LeaseDuration time.Duration
	// GroupLimit bounds the groups of a stream. Default DefaultGroupLimit.
	GroupLimit int
	// MemberLimit bounds the members of a group. Default
	// DefaultMemberLimit.
	MemberLimit int
	// Logger receives what goes wrong outside a request; nil discards it.
	Logger *slog.Logger
}

// Service runs the consumer groups of the streams of a stream.Service. It
// is safe for concurrent use.
type Service struct {
	store   store.StreamStore
	streams *stream.Service
	clock   clock.Clock
	opts    Options
	log     *slog.Logger

	mu     sync.Mutex
	groups map[GroupRef]*group
}

// New returns a Service keeping groups in st (the streams' store),
// reading shards through streams and time from clk.
func New(st store.StreamStore, streams *stream.Service, clk clock.Clock, opts Options) *Service {
	if opts.LeaseDuration <= 0 {
		opts.LeaseDuration = DefaultLeaseDuration
	}
	if opts.GroupLimit <= 0 {
		opts.GroupLimit = DefaultGroupLimit
	}
	if opts.MemberLimit <= 0 {
		opts.MemberLimit = DefaultMemberLimit
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, streams: streams, clock: clk, opts: opts, log: opts.Logger,
		groups: make(map[GroupRef]*group)}
}

// LeaseDuration is how long a silent member keeps its leases.
func (s *Service) LeaseDuration() time.Duration { return s.opts.LeaseDuration }

// HeartbeatInterval is how often members should heartbeat: a third of the
// lease duration, so one lost heartbeat costs nothing.
func (s *Service) HeartbeatInterval() time.Duration { return s.opts.LeaseDuration / 3 }

// session is one request's hold on a group: its in-memory state, locked,
// and the stream's shards as read at the start of the request.
type session struct {
	g       *group
	lineage *stream.StreamLineage
	now     time.Time
}

// open locks a group for a request, loading it from the store on first
// use. With create set, a group that does not exist is created starting
// there. The caller must call close.
func (s *Service) open(ctx context.Context, ref GroupRef, create *StartPosition) (*session, error) {
	lineage, err := s.streams.Lineage(ctx, ref.Stream)
	if err != nil {
		return nil, err
	}
	for {
		g := s.cached(ref, lineage.CreatedAt)
		g.mu.Lock()
		if g.gone.Load() {
			// Deleted while this request waited for it: take the next one.
			g.mu.Unlock()
			continue
		}
		if err := s.load(ctx, g, lineage, create); err != nil {
			g.mu.Unlock()
			if errors.Is(err, ErrGroupNotFound) || errors.Is(err, stream.ErrResourceNotFound) {
				s.drop(g)
			}
			return nil, err
		}
		ss := &session{g: g, lineage: lineage, now: s.clock.Now()}
		g.expire(ss.now, s.opts.LeaseDuration)
		return ss, nil
	}
}

func (ss *session) close() { ss.g.mu.Unlock() }

// cached returns the in-memory group of ref for the stream created at
// created, making a new one when there is none or the one there belongs to
// a deleted group or an earlier stream of the same name.
func (s *Service) cached(ref GroupRef, created time.Time) *group {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups[ref]
	if g == nil || g.gone.Load() || !g.streamCreated.Equal(created) {
		g = newGroup(ref, created)
		s.groups[ref] = g
	}
	return g
}

// drop forgets an in-memory group if it is still the one cached.
func (s *Service) drop(g *group) {
	g.gone.Store(true)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.groups[g.ref] == g {
		delete(s.groups, g.ref)
	}
}

// load reads a group's record on its first use, creating the group when
// asked to. The caller holds g.mu.
func (s *Service) load(ctx context.Context, g *group, lineage *stream.StreamLineage, create *StartPosition) error {
	if g.rec != nil {
		return nil
	}
	rec, err := s.store.GroupGet(ctx, g.ref)
	if errors.Is(err, store.ErrGroupNotFound) && create != nil {
		rec, err = s.create(ctx, g.ref, lineage, *create)
	}
	if err != nil {
		return fromStore(err, g.ref)
	}
	return g.install(rec)
}

// create stores a new group of a stream, within the stream's group limit.
func (s *Service) create(ctx context.Context, ref GroupRef, lineage *stream.StreamLineage, start StartPosition) (*store.Group, error) {
	existing, err := s.store.GroupList(ctx, ref.Stream)
	if err != nil {
		return nil, err
	}
	if len(existing) >= s.opts.GroupLimit {
		return nil, errorf(ErrLimitExceeded, "Stream %s under account %s already has %d groups, the most it may have.",
			ref.Stream.Name, ref.Stream.Account, s.opts.GroupLimit)
	}
	cps, err := s.startCheckpoints(ctx, lineage, start)
	if err != nil {
		return nil, err
	}
	var m groupMeta
	m.setStart(start)
	rec := &store.Group{Ref: ref, CreatedAt: s.clock.Now(), Checkpoints: cps, Meta: encodeMeta(m)}
	out, err := s.store.GroupCreate(ctx, rec)
	if errors.Is(err, store.ErrGroupExists) {
		return out, nil // created meanwhile by another server's request: join it
	}
	return out, err
}

// startCheckpoints are the checkpoints a group starting at start begins
// with: for LATEST, each open shard's newest record and every closed shard
// finished; none otherwise.
func (s *Service) startCheckpoints(ctx context.Context, lineage *stream.StreamLineage, start StartPosition) ([]store.Checkpoint, error) {
	if start.Type != StartLatest {
		return nil, nil
	}
	var cps []store.Checkpoint
	for _, sh := range lineage.Shards {
		idx, _ := shardIndex(sh.ShardID)
		if !sh.Open() {
			cps = append(cps, store.Checkpoint{Shard: idx, Finished: true})
			continue
		}
		b, err := s.streams.Backlog(ctx, lineage.Stream, sh.ShardID, 0)
		if err != nil {
			return nil, err
		}
		if b.LastSequenceNumber != "" {
			cps = append(cps, store.Checkpoint{Shard: idx, SequenceNumber: b.LastSequenceNumber})
		}
	}
	return cps, nil
}

// update changes a group's record durably and installs the result. The
// caller holds g.mu.
func (s *Service) update(ctx context.Context, g *group, fn func(rec *store.Group, m *groupMeta) error) error {
	rec, err := s.store.GroupUpdate(ctx, g.ref, func(rec *store.Group) error {
		m, err := decodeMeta(rec.Meta)
		if err != nil {
			return err
		}
		if err := fn(rec, &m); err != nil {
			return err
		}
		rec.Meta = encodeMeta(m)
		return nil
	})
	if err != nil {
		if errors.Is(err, store.ErrGroupNotFound) || errors.Is(err, store.ErrStreamNotFound) {
			s.drop(g)
		}
		return fromStore(err, g.ref)
	}
	return g.install(rec)
}

// nextEpoch returns an epoch never handed out before in the group,
// reserving a block of them durably when the current one is used up.
func (s *Service) nextEpoch(ctx context.Context, g *group) (int64, error) {
	if g.epochNext > g.epochLimit {
		err := s.update(ctx, g, func(_ *store.Group, m *groupMeta) error {
			m.Epochs += epochBlock
			return nil
		})
		if err != nil {
			return 0, err
		}
		g.epochLimit = g.meta.Epochs
		g.epochNext = g.epochLimit - epochBlock + 1
	}
	e := g.epochNext
	g.epochNext++
	return e, nil
}

// fromStore turns a store sentinel into the domain error a client sees.
func fromStore(err error, ref GroupRef) error {
	switch {
	case errors.Is(err, store.ErrGroupNotFound):
		return errGroupNotFound(ref)
	case errors.Is(err, store.ErrStreamNotFound):
		return errorf(stream.ErrResourceNotFound, "Stream %s under account %s not found.", ref.Stream.Name, ref.Stream.Account)
	}
	return err
}
