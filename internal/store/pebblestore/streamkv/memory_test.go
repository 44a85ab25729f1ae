package streamkv

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/store"
)

var testT0 = time.Date(2026, time.March, 14, 15, 9, 26, 535_000_000, time.UTC)

// openMem opens a Store on a fresh memory database.
func openMem(t *testing.T) (*Store, *pebble.DB) {
	t.Helper()
	db, err := pebble.Open("", &pebble.Options{FS: vfs.NewMem(), Logger: quietLogger{}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = s.Close()
		_ = db.Close()
	})
	return s, db
}

// createTestStream creates a stream with n open shards.
func createTestStream(t *testing.T, s *Store, name string, n int) store.StreamRef {
	t.Helper()
	ref := store.StreamRef{Account: "000000000000", Name: name}
	doc := &store.Stream{Ref: ref, CreatedAt: testT0}
	for i := range n {
		doc.Shards = append(doc.Shards, store.Shard{Index: i, Parent: -1, AdjacentParent: -1, CreatedAt: testT0})
	}
	if _, err := s.StreamCreate(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	return ref
}

// quietLogger drops Pebble's informational messages.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any) {}

func (quietLogger) Errorf(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

func (quietLogger) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// putRecords puts n records of size random bytes in batches of 500, spread over
// shards, one millisecond apart per batch from start.
func putRecords(t *testing.T, s *Store, ref store.StreamRef, shards, n, size int, start time.Time) {
	t.Helper()
	rng := rand.NewChaCha8([32]byte{})
	for done := 0; done < n; {
		recs := make([]store.RecordInput, min(500, n-done))
		for i := range recs {
			data := make([]byte, size)
			rng.Read(data)
			recs[i] = store.RecordInput{Shard: (done + i) % shards, PartitionKey: fmt.Sprint(done + i), Data: data}
		}
		now := start.Add(time.Duration(done/500) * time.Millisecond)
		if _, err := s.RecordPut(context.Background(), &store.RecordPutParams{Stream: ref, Now: now, Records: recs}); err != nil {
			t.Fatal(err)
		}
		done += len(recs)
	}
}

// TestMemoryDoesNotGrowWithRecords checks that the store keeps nothing per
// record: everything reachable from it, but the database, is the same after
// 1,000 records and after 100,000.
func TestMemoryDoesNotGrowWithRecords(t *testing.T) {
	t.Parallel()
	s, _ := openMem(t)
	ref := createTestStream(t, s, "clicks", 4)
	putRecords(t, s, ref, 4, 1_000, 100, testT0)
	small := heldElements(reflect.ValueOf(s), map[uintptr]bool{})
	putRecords(t, s, ref, 4, 99_000, 100, testT0.Add(time.Second))
	large := heldElements(reflect.ValueOf(s), map[uintptr]bool{})
	if large != small {
		t.Fatalf("the store holds %d elements after 1,000 records and %d after 100,000", small, large)
	}
	res, err := s.ShardRecordsGet(context.Background(), &store.ShardRecordsGetParams{Stream: ref, Shard: 3, Limit: 1})
	if err != nil || res.Last.Counter != 25_000 {
		t.Fatalf("shard 3: last counter %d, %v; want 25000", res.Last.Counter, err)
	}
}

// heldElements counts the elements of every slice, map and string reachable
// from v, except through the database and the logger, which the store does
// not own.
func heldElements(v reflect.Value, seen map[uintptr]bool) int {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] || v.Type() == reflect.TypeFor[*pebble.DB]() || v.Type() == reflect.TypeFor[*slog.Logger]() {
			return 0
		}
		seen[v.Pointer()] = true
		return heldElements(v.Elem(), seen)
	case reflect.Struct:
		n := 0
		for i := range v.NumField() {
			n += heldElements(v.Field(i), seen)
		}
		return n
	case reflect.Slice, reflect.Array:
		n := v.Len()
		for i := range v.Len() {
			n += heldElements(v.Index(i), seen)
		}
		return n
	case reflect.Map:
		n := v.Len()
		for it := v.MapRange(); it.Next(); {
			n += heldElements(it.Key(), seen) + heldElements(it.Value(), seen)
		}
		return n
	case reflect.String:
		return v.Len()
	case reflect.Interface:
		return heldElements(v.Elem(), seen)
	default:
		return 0
	}
}

// TestTrimFreesSpace checks that trimmed records leave the disk once their
// range is compacted.
func TestTrimFreesSpace(t *testing.T) {
	t.Parallel()
	s, db := openMem(t)
	ref := createTestStream(t, s, "clicks", 2)
	putRecords(t, s, ref, 2, 9_000, 1_000, testT0)
	putRecords(t, s, ref, 2, 1_000, 1_000, testT0.Add(time.Hour))
	if err := db.Flush(); err != nil {
		t.Fatal(err)
	}
	before := db.Metrics().Total().TablesSize
	n, err := s.StreamTrim(context.Background(), ref, testT0.Add(time.Hour))
	if err != nil || n != 9_000 {
		t.Fatalf("StreamTrim = %d, %v; want 9000", n, err)
	}
	if err := db.Compact(context.Background(), []byte{DefaultPrefix}, []byte{DefaultPrefix + 1}, false); err != nil {
		t.Fatal(err)
	}
	after := db.Metrics().Total().TablesSize
	if before < 9_000_000 || after > before/5 {
		t.Fatalf("sstables went from %d to %d bytes after trimming 9 of 10 MB", before, after)
	}
}
