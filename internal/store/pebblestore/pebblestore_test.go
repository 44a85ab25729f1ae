package pebblestore_test

import (
	"log/slog"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/store/pebblestore"
	"github.com/sluicemq/sluice/internal/store/storetest"
)

// TestConformance runs the storage contract's suite on disk.
func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store {
		return newReopenable(t, t.TempDir(), nil)
	})
}

// TestConformanceMemory runs the suite in memory mode. Reopening keeps the
// same in-memory file system, as a restart of the store (not the process)
// would.
func TestConformanceMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store {
		return newReopenable(t, "", vfs.NewMem())
	})
}

// TestStreamConformance runs the stream half of the suite on disk.
func TestStreamConformance(t *testing.T) {
	t.Parallel()
	storetest.RunStream(t, func(t *testing.T) store.StreamStore {
		return streamReopenable{newReopenable(t, t.TempDir(), nil)}
	})
}

// TestStreamConformanceMemory runs the stream half in memory mode.
func TestStreamConformanceMemory(t *testing.T) {
	t.Parallel()
	storetest.RunStream(t, func(t *testing.T) store.StreamStore {
		return streamReopenable{newReopenable(t, "", vfs.NewMem())}
	})
}

// reopenable is a store the suite can restart (storetest.Reopener).
type reopenable struct {
	*pebblestore.Store
	dir string
	fs  vfs.FS
}

func newReopenable(t *testing.T, dir string, fs vfs.FS) *reopenable {
	return &reopenable{Store: openStore(t, dir, fs), dir: dir, fs: fs}
}

// Reopen closes the store and opens its storage again.
func (r *reopenable) Reopen(t *testing.T) store.Store {
	t.Helper()
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return newReopenable(t, r.dir, r.fs)
}

// openStore opens a store and closes it when the test ends.
func openStore(t testing.TB, dir string, fs vfs.FS) *pebblestore.Store {
	t.Helper()
	s, err := pebblestore.Open(dir, pebblestore.Options{FS: fs, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// streamReopenable is a reopenable for the stream suite
// (storetest.StreamReopener).
type streamReopenable struct{ *reopenable }

// Reopen closes the store and opens its storage again.
func (r streamReopenable) Reopen(t *testing.T) store.StreamStore {
	t.Helper()
	return streamReopenable{r.reopenable.Reopen(t).(*reopenable)}
}
