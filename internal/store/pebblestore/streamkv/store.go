// Package streamkv stores Kinesis streams, their shards and records in a
// Pebble database it shares with other tables: it owns the keys that start
// with one prefix byte (keys.go) and implements store.StreamStore on them.
//
// Every mutation commits with pebble.Sync before it returns. Concurrent puts
// share fsyncs through Pebble's group commit: a put takes its positions under
// a short per-stream mutex and commits outside it, and readers see a shard's
// records only up to its oldest put still committing, so records appear in
// counter order and only once durable.
//
// Trimming and stream deletion are range deletions. Pebble frees the space
// they cover when it compacts the range: sstables that a deletion covers
// whole are dropped without being rewritten, the rest is rewritten by
// ordinary compactions; a caller that wants the space back at once can
// compact the range itself.
package streamkv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// DefaultPrefix is the key prefix byte used when Options.Prefix is zero.
const DefaultPrefix = 'S'

// Options configure a Store.
type Options struct {
	// Logger receives the store's messages; nil means slog.Default().
	Logger *slog.Logger
	// Prefix is the first byte of every key the store reads or writes; zero
	// means DefaultPrefix. No other user of the database may write keys
	// that start with it.
	Prefix byte
	// CommitFunc, when set, commits every batch the store writes: it must
	// return only once the batch is synced to the log, and close it. The
	// owner of a shared database uses it to handle write failures in one
	// place. Nil means b.Commit(pebble.Sync) (Pebble treats a failed log
	// sync as fatal: Logger.Fatalf).
	CommitFunc func(b *pebble.Batch) error
}

// Store keeps streams in a shared Pebble database. It implements
// store.StreamStore. It does not own the database: call Close before closing
// the database.
type Store struct {
	db         *pebble.DB
	keys       keys
	log        *slog.Logger
	commitFunc func(*pebble.Batch) error

	// closeMu is held shared by every operation and exclusively by Close.
	closeMu sync.RWMutex
	closed  bool

	// createMu serializes stream creation: it guards lastID and is held
	// across the commit that allocates an id.
	createMu sync.Mutex
	lastID   uint64

	// mu guards streams. Lock order: mu before a stream's mu.
	mu      sync.Mutex
	streams map[store.StreamRef]*stream

	// groupLocks serialize the writes of each group (groups.go): a group
	// takes the lock its key hashes to, after its stream's writeMu.
	groupLocks [groupLockCount]sync.Mutex
}

var _ store.StreamStore = (*Store)(nil)

// New opens the streams stored in db and recovers every shard's counter.
func New(db *pebble.DB, opts Options) (*Store, error) {
	s := &Store{
		db:         db,
		keys:       keys{prefix: opts.Prefix},
		log:        opts.Logger,
		commitFunc: opts.CommitFunc,
		streams:    make(map[store.StreamRef]*stream),
	}
	if s.keys.prefix == 0 {
		s.keys.prefix = DefaultPrefix
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if err := s.recover(); err != nil {
		return nil, err
	}
	return s, nil
}

// Close waits for running operations and makes later ones fail with
// store.ErrClosed. It leaves the database open.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	s.closed = true
	return nil
}

// enter starts an operation; leave must follow when it returns nil.
func (s *Store) enter(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return store.ErrClosed
	}
	return nil
}

// commit commits b durably and closes it.
func (s *Store) commit(b *pebble.Batch) error {
	if s.commitFunc != nil {
		return s.commitFunc(b)
	}
	defer b.Close()
	return b.Commit(pebble.Sync)
}

func (s *Store) leave() { s.closeMu.RUnlock() }

// lookup returns a live stream or ErrStreamNotFound.
func (s *Store) lookup(ref store.StreamRef) (*stream, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.streams[ref]; st != nil {
		return st, nil
	}
	return nil, fmt.Errorf("%w: %s/%s", store.ErrStreamNotFound, ref.Account, ref.Name)
}

// recover loads every stream document and each shard's last position.
func (s *Store) recover() error {
	lastID, err := s.readLastID()
	if err != nil {
		return err
	}
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: s.keys.streams(),
		UpperBound: prefixEnd(s.keys.streams()),
	})
	if err != nil {
		return fmt.Errorf("streamkv: open: %w", err)
	}
	defer it.Close()
	shards := 0
	for valid := it.First(); valid; valid = it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return fmt.Errorf("streamkv: open: %w", err)
		}
		id, doc, err := decodeStream(v)
		if err != nil {
			return fmt.Errorf("streamkv: open stream %q: %w", it.Key(), err)
		}
		st := newStream(id, doc)
		if err := s.recoverShards(st); err != nil {
			return err
		}
		s.streams[doc.Ref] = st
		lastID = max(lastID, id)
		shards += len(st.shards)
	}
	if err := it.Error(); err != nil {
		return fmt.Errorf("streamkv: open: %w", err)
	}
	s.lastID = lastID
	s.log.Debug("streams recovered", "streams", len(s.streams), "shards", shards)
	return nil
}

func (s *Store) readLastID() (uint64, error) {
	v, closer, err := s.db.Get(s.keys.lastID())
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("streamkv: open: %w", err)
	}
	defer closer.Close()
	var d decoder
	d.b = v
	id := d.uvarint()
	if d.err != nil {
		return 0, fmt.Errorf("streamkv: open: last stream id: %w", errCorrupt)
	}
	return id, nil
}

// recoverShards sets each shard's last position from its newest record key
// and its high-water mark, whichever is later.
func (s *Store) recoverShards(st *stream) error {
	it, err := s.db.NewIter(nil)
	if err != nil {
		return fmt.Errorf("streamkv: open: %w", err)
	}
	defer it.Close()
	for index, sh := range st.shards {
		prefix := s.keys.shardRecords(st.id, index)
		if it.SeekLT(prefixEnd(prefix)) && hasPrefix(it.Key(), prefix) && len(it.Key()) == recordKeyLen {
			sh.last = decodePosition(it.Key())
		}
		hw := s.keys.highWater(st.id, index)
		if it.SeekGE(hw) && string(it.Key()) == string(hw) {
			v, err := it.ValueAndErr()
			if err != nil {
				return fmt.Errorf("streamkv: open: %w", err)
			}
			if len(v) != positionLen {
				return fmt.Errorf("streamkv: open: high-water mark of shard %d: %w", index, errCorrupt)
			}
			if p := decodePosition(v); p.after(sh.last) {
				sh.last = p
			}
		}
	}
	return it.Error()
}

func hasPrefix(key, prefix []byte) bool {
	return len(key) >= len(prefix) && string(key[:len(prefix)]) == string(prefix)
}
