package streamkv

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"

	"github.com/sluicemq/sluice/internal/store"
)

// TestFailedCommitStopsTheStore checks that a put whose sync fails is not
// acknowledged and that every later operation fails with ErrBroken.
func TestFailedCommitStopsTheStore(t *testing.T) {
	t.Parallel()
	var failSyncs atomic.Bool
	errSync := errors.New("injected sync failure")
	fs := errorfs.Wrap(vfs.NewMem(), errorfs.InjectorFunc(func(op errorfs.Op) error {
		if failSyncs.Load() && op.Kind == errorfs.OpFileSync {
			return errSync
		}
		return nil
	}))
	s, _ := openOn(t, fs)
	ref := createTestStream(t, s, "clicks", 1)
	failSyncs.Store(true)
	put := &store.RecordPutParams{Stream: ref, Now: testT0, Records: []store.RecordInput{{Data: []byte("x")}}}
	if _, err := s.RecordPut(context.Background(), put); !errors.Is(err, ErrBroken) || !errors.Is(err, errSync) {
		t.Fatalf("RecordPut with a failing sync: %v, want ErrBroken and the sync error", err)
	}
	failSyncs.Store(false)
	if _, err := s.RecordPut(context.Background(), put); !errors.Is(err, ErrBroken) {
		t.Fatalf("RecordPut after a failed commit: %v, want ErrBroken", err)
	}
	if _, err := s.StreamGet(context.Background(), ref); !errors.Is(err, ErrBroken) {
		t.Fatalf("StreamGet after a failed commit: %v, want ErrBroken", err)
	}
}
