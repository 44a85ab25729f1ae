package pebblestore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/store/pebblestore/streamkv"
)

// Options configure Open.
type Options struct {
	// FS is the file system; nil means the operating system's. vfs.NewMem()
	// gives memory mode: the same code, nothing survives the process.
	FS vfs.FS
	// Logger receives Pebble's messages and the store's own; nil means
	// slog.Default().
	Logger *slog.Logger
}

// Store is the Pebble backend. It implements store.Store: the queue half
// here, the stream half in the embedded streamkv.Store, which shares the
// database (under its own key prefix) and commits through s.commit, so a
// write failure in either half stops both.
type Store struct {
	*streamkv.Store

	db  *pebble.DB
	log *slog.Logger

	// closeMu is held shared by every operation and exclusively by Close.
	closeMu sync.RWMutex
	closed  bool
	broken  atomic.Pointer[error]

	lastSeq atomic.Uint64

	// metaMu guards queues, queue records and nextQueueID; queue creation,
	// update and deletion hold it exclusively across their commit.
	metaMu      sync.RWMutex
	queues      map[store.QueueRef]*queue
	nextQueueID uint64
}

var _ store.Store = (*Store)(nil)

// ErrBroken wraps the failure that stopped the store: after a failed commit
// memory and disk may disagree, so every later operation fails.
var ErrBroken = errors.New("pebblestore: store stopped after a write failure")

// Open opens (creating if needed) the store in dir.
func Open(dir string, opts Options) (*Store, error) {
	fs := opts.FS
	if fs == nil {
		fs = vfs.Default
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	cache := pebble.NewCache(64 << 20)
	defer cache.Unref()
	db, err := pebble.Open(dir, &pebble.Options{
		FS:                 fs,
		Cache:              cache,
		Merger:             merger,
		Logger:             pebbleLogger{log},
		FormatMajorVersion: pebble.FormatNewest,
		MemTableSize:       32 << 20,
	})
	if err != nil {
		return nil, fmt.Errorf("pebblestore: open %s: %w", dir, err)
	}
	s := &Store{db: db, log: log, queues: make(map[store.QueueRef]*queue)}
	if err := s.load(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("pebblestore: open %s: %w", dir, err)
	}
	if s.Store, err = streamkv.New(db, streamkv.Options{Logger: log, CommitFunc: s.commit}); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("pebblestore: open %s: %w", dir, err)
	}
	return s, nil
}

// Close waits for running operations (stream ones first), flushes and
// closes the database.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return store.ErrClosed
	}
	s.closed = true
	_ = s.Store.Close()
	var flushErr error
	if s.broken.Load() == nil {
		flushErr = s.db.Flush()
	}
	return errors.Join(flushErr, s.db.Close())
}

// enter admits an operation; leave must follow when it returns nil.
func (s *Store) enter() error {
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return store.ErrClosed
	}
	if err := s.broken.Load(); err != nil {
		s.closeMu.RUnlock()
		return *err
	}
	return nil
}

func (s *Store) leave() { s.closeMu.RUnlock() }

// fatalError is what pebbleLogger.Fatalf panics with.
type fatalError struct{ err error }

// commit applies b with a synced WAL write and closes it. A failure stops
// the store for good: callers have already changed memory.
func (s *Store) commit(b *pebble.Batch) (err error) {
	defer b.Close()
	if e := s.broken.Load(); e != nil {
		return *e
	}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(fatalError)
			if !ok {
				panic(r)
			}
			err = s.markBroken(f.err)
		}
	}()
	if err := b.Commit(pebble.Sync); err != nil {
		return s.markBroken(err)
	}
	return nil
}

// markBroken records the first write failure and returns the error that
// operations report from now on.
func (s *Store) markBroken(cause error) error {
	err := fmt.Errorf("%w: %w", ErrBroken, cause)
	if s.broken.CompareAndSwap(nil, &err) {
		s.log.Error("pebblestore: write failed, refusing further operations", "err", cause)
	}
	return *s.broken.Load()
}

// allocSeqs reserves n sequence numbers and returns the first.
func (s *Store) allocSeqs(n int) uint64 {
	return s.lastSeq.Add(uint64(n)) - uint64(n) + 1
}

// noteSeqHigh records in b that sequence numbers up to last are used.
func noteSeqHigh(b *pebble.Batch, last uint64) {
	_ = b.Merge(keySeqHigh, binary.BigEndian.AppendUint64(nil, last), nil)
}

// counts collects the message count changes of one batch: add writes them
// to the batch, commitCounted applies them to memory once committed.
type counts map[*queue]int64

// add adds delta to q's stored count in b.
func (c counts) add(b *pebble.Batch, q *queue, delta int64) {
	if delta != 0 {
		_ = b.Merge(countKey(q.id), int64Value(delta), nil)
		c[q] += delta
	}
}

// commitCounted commits b and then applies c to the queues' counts.
func (s *Store) commitCounted(b *pebble.Batch, c counts) error {
	if err := s.commit(b); err != nil {
		return err
	}
	for q, d := range c {
		q.count.Add(d)
	}
	return nil
}

// readCount reads a queue's stored message count.
func (s *Store) readCount(qid uint64) (int64, error) {
	v, closer, err := s.db.Get(countKey(qid))
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer closer.Close()
	return parseInt64Value(v)
}

// lookup finds a queue by reference.
func (s *Store) lookup(ref store.QueueRef) (*queue, error) {
	s.metaMu.RLock()
	defer s.metaMu.RUnlock()
	q, ok := s.queues[ref]
	if !ok {
		return nil, store.ErrQueueNotFound
	}
	return q, nil
}

// pebbleLogger routes Pebble's log lines to slog.
type pebbleLogger struct{ l *slog.Logger }

// Infof logs at debug level: Pebble's routine chatter.
func (p pebbleLogger) Infof(format string, args ...any) {
	p.l.Debug(fmt.Sprintf(format, args...), "component", "pebble")
}

// Errorf logs at error level.
func (p pebbleLogger) Errorf(format string, args ...any) {
	p.l.Error(fmt.Sprintf(format, args...), "component", "pebble")
}

// Fatalf logs and panics with a fatalError; commit turns that into a broken
// store, elsewhere it ends the process as Pebble expects.
func (p pebbleLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.l.Error(msg, "component", "pebble")
	panic(fatalError{errors.New(msg)})
}
