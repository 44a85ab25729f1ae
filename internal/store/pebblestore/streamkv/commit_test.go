package streamkv

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/store"
)

// TestFailedCommitIsNotAcknowledged checks that every write goes through
// Options.CommitFunc and that a put whose commit fails returns its error,
// leaves nothing behind and does not hold up later puts.
func TestFailedCommitIsNotAcknowledged(t *testing.T) {
	t.Parallel()
	db, err := pebble.Open("", &pebble.Options{FS: vfs.NewMem(), Logger: quietLogger{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	var failing atomic.Bool
	var commits atomic.Int64
	errInjected := errors.New("injected commit failure")
	s, err := New(db, Options{CommitFunc: func(b *pebble.Batch) error {
		defer b.Close()
		commits.Add(1)
		if failing.Load() {
			return errInjected
		}
		return b.Commit(pebble.Sync)
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ref := createTestStream(t, s, "clicks", 1)
	put := func(data string) ([]store.RecordPosition, error) {
		return s.RecordPut(ctx, &store.RecordPutParams{Stream: ref, Now: testT0, Records: []store.RecordInput{{Data: []byte(data)}}})
	}
	first, err := put("a")
	if err != nil {
		t.Fatal(err)
	}
	failing.Store(true)
	if _, err := put("lost"); !errors.Is(err, errInjected) {
		t.Fatalf("RecordPut with a failing commit: %v, want the commit's error", err)
	}
	failing.Store(false)
	next, err := put("b")
	if err != nil {
		t.Fatal(err)
	}
	if next[0].Counter <= first[0].Counter {
		t.Fatalf("counter %d after %d", next[0].Counter, first[0].Counter)
	}
	res, err := s.ShardRecordsGet(ctx, &store.ShardRecordsGetParams{Stream: ref, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 2 || string(res.Records[0].Data) != "a" || string(res.Records[1].Data) != "b" {
		t.Fatalf("shard holds %d records, want a and b", len(res.Records))
	}
	if n := commits.Load(); n != 4 { // create and three puts
		t.Fatalf("CommitFunc ran %d times, want 4", n)
	}
}
