package streamkv_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/store/pebblestore/streamkv"
	"github.com/sluicemq/sluice/internal/store/storetest"
)

func TestStreamConformance(t *testing.T) {
	t.Parallel()
	t.Run("Memory", func(t *testing.T) {
		t.Parallel()
		storetest.RunStream(t, func(t *testing.T) store.StreamStore {
			return openTestStore(t, vfs.NewMem(), "")
		})
	})
	t.Run("Disk", func(t *testing.T) {
		t.Parallel()
		storetest.RunStream(t, func(t *testing.T) store.StreamStore {
			return openTestStore(t, vfs.Default, t.TempDir())
		})
	})
}

// testStore is a Store on its own database that can restart in place: it
// implements storetest.StreamReopener.
type testStore struct {
	*streamkv.Store
	db  *pebble.DB
	fs  vfs.FS
	dir string
}

// openTestStore opens a store on dir of fs and closes it when the test ends.
func openTestStore(tb testing.TB, fs vfs.FS, dir string) *testStore {
	tb.Helper()
	s := &testStore{fs: fs, dir: dir}
	s.open(tb)
	tb.Cleanup(func() { s.close(tb) })
	return s
}

func (s *testStore) open(tb testing.TB) {
	tb.Helper()
	db, err := pebble.Open(s.dir, &pebble.Options{FS: s.fs, Logger: quietLogger{}})
	if err != nil {
		tb.Fatalf("pebble.Open: %v", err)
	}
	st, err := streamkv.New(db, streamkv.Options{})
	if err != nil {
		_ = db.Close()
		tb.Fatalf("streamkv.New: %v", err)
	}
	s.Store, s.db = st, db
}

func (s *testStore) close(tb testing.TB) {
	tb.Helper()
	if err := s.Store.Close(); err != nil {
		tb.Errorf("Store.Close: %v", err)
	}
	if err := s.db.Close(); err != nil {
		tb.Errorf("DB.Close: %v", err)
	}
}

// Reopen closes the store and its database and opens both again on the same
// files.
func (s *testStore) Reopen(t *testing.T) store.StreamStore {
	t.Helper()
	s.close(t)
	s.open(t)
	return s
}

// quietLogger drops Pebble's informational messages.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any) {}

func (quietLogger) Errorf(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

func (quietLogger) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

func TestNewUsesOnlyItsPrefix(t *testing.T) {
	t.Parallel()
	s := openTestStore(t, vfs.NewMem(), "")
	foreign := map[string]string{"Q\x00": "queue", "R\xff": "other", "T": "other", "c": "count", "m": "message"}
	for k, v := range foreign {
		if err := s.db.Set([]byte(k), []byte(v), pebble.Sync); err != nil {
			t.Fatal(err)
		}
	}
	ref := store.StreamRef{Account: "000000000000", Name: "clicks"}
	if _, err := s.StreamCreate(t.Context(), &store.Stream{Ref: ref, Shards: []store.Shard{{Index: 0, Parent: -1, AdjacentParent: -1}}}); err != nil {
		t.Fatalf("StreamCreate: %v", err)
	}
	if _, err := s.RecordPut(t.Context(), &store.RecordPutParams{Stream: ref, Now: time.Date(2026, time.March, 14, 15, 9, 26, 0, time.UTC), Records: []store.RecordInput{{Data: []byte("x")}}}); err != nil {
		t.Fatalf("RecordPut: %v", err)
	}
	if err := s.StreamDelete(t.Context(), ref); err != nil {
		t.Fatalf("StreamDelete: %v", err)
	}
	s.Reopen(t)
	it, err := s.db.NewIter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	got := map[string]string{}
	for valid := it.First(); valid; valid = it.Next() {
		if it.Key()[0] != streamkv.DefaultPrefix {
			got[string(it.Key())] = string(it.Value())
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(foreign) {
		t.Fatalf("keys outside the prefix = %q, want %q", got, foreign)
	}
}

func TestClosedStoreFails(t *testing.T) {
	t.Parallel()
	s := openTestStore(t, vfs.NewMem(), "")
	if err := s.Store.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := s.StreamGet(t.Context(), store.StreamRef{Account: "000000000000", Name: "clicks"})
	if err != store.ErrClosed {
		t.Fatalf("StreamGet after Close: %v, want ErrClosed", err)
	}
}

// BenchmarkRecordPut puts batches of 100 records of 100 bytes from many
// goroutines into an 8-shard stream on disk, each batch synced.
func BenchmarkRecordPut(b *testing.B) {
	s := openTestStore(b, vfs.Default, b.TempDir())
	ref := store.StreamRef{Account: "000000000000", Name: "bench"}
	doc := &store.Stream{Ref: ref}
	const shards, batch, size = 8, 100, 100
	for i := range shards {
		doc.Shards = append(doc.Shards, store.Shard{Index: i, Parent: -1, AdjacentParent: -1})
	}
	if _, err := s.StreamCreate(b.Context(), doc); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, time.March, 14, 15, 9, 26, 0, time.UTC)
	b.SetBytes(batch * size)
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		recs := make([]store.RecordInput, batch)
		for i := range recs {
			recs[i] = store.RecordInput{PartitionKey: fmt.Sprint(i), Data: make([]byte, size)}
		}
		for n := 0; pb.Next(); n++ {
			for i := range recs {
				recs[i].Shard = (n + i) % shards
			}
			if _, err := s.RecordPut(b.Context(), &store.RecordPutParams{Stream: ref, Now: now, Records: recs}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
}
