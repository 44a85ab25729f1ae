package pebblestore_test

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"

	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/store/pebblestore"
)

// TestCrashKeepsAcknowledgedWork simulates power loss after acknowledged
// sends and deletes (unsynced data survives only partly) and checks that
// everything acknowledged is there on the crashed copy.
func TestCrashKeepsAcknowledgedWork(t *testing.T) {
	t.Parallel()
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("Seed", seed), func(t *testing.T) {
			t.Parallel()
			fs := vfs.NewCrashableMem()
			f := newFixture(t, openStore(t, "db", fs))
			ref := f.queue("q")
			var sent []string
			for i := range 30 {
				res := f.send(ref, t0, 0, msg(fmt.Sprint("a", i)), msg(fmt.Sprint("b", i)))
				sent = append(sent, res[0].ID, res[1].ID)
			}
			got := f.receive(ref, at(time.Second), 10)
			f.delete(ref, at(time.Second), got[:4]...)
			deleted := map[string]bool{}
			for _, m := range got[:4] {
				deleted[m.ID] = true
			}
			crashed := fs.CrashClone(vfs.CrashCloneCfg{
				UnsyncedDataPercent: 50,
				RNG:                 rand.New(rand.NewPCG(seed, 1)),
			})

			c := newFixture(t, openStore(t, "db", crashed))
			c.wantCounts(ref, at(2*time.Second), int64(len(sent)-10), 6, 0)
			left := map[string]bool{}
			for _, m := range c.receive(ref, at(time.Hour), 10) {
				left[m.ID] = true
			}
			for {
				ms := c.receive(ref, at(time.Hour), 10)
				if len(ms) == 0 {
					break
				}
				for _, m := range ms {
					left[m.ID] = true
				}
			}
			for _, id := range sent {
				if deleted[id] == left[id] {
					t.Errorf("message %s: deleted %v, present after crash %v", id, deleted[id], left[id])
				}
			}
		})
	}
}

// TestWriteFailureStopsStore checks fail-stop: after a failed sync every
// operation fails instead of serving memory that disk does not back.
func TestWriteFailureStopsStore(t *testing.T) {
	t.Parallel()
	failSync := &errorfs.Toggle{Injector: errorfs.InjectorFunc(func(op errorfs.Op) error {
		if op.Kind == errorfs.OpFileSync || op.Kind == errorfs.OpFileSyncData || op.Kind == errorfs.OpFileSyncTo {
			return errorfs.ErrInjected
		}
		return nil
	})}
	s, err := pebblestore.Open("db", pebblestore.Options{
		FS: errorfs.Wrap(vfs.NewMem(), failSync), Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	f := newFixture(t, s)
	ref := f.queue("q")
	f.send(ref, t0, 0, msg("before"))
	failSync.On()
	_, err = s.MessageSend(t.Context(), &store.MessageSendParams{
		Queue: ref, Now: t0, Entries: []store.MessageSendEntry{{Message: msg("lost")}},
	})
	if !errors.Is(err, pebblestore.ErrBroken) {
		t.Fatalf("MessageSend with failing sync = %v, want ErrBroken", err)
	}
	failSync.Off()
	_, err = s.MessageReceive(t.Context(), &store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1})
	if !errors.Is(err, pebblestore.ErrBroken) {
		t.Fatalf("MessageReceive after a failed sync = %v, want ErrBroken", err)
	}
	_ = s.Close()
}
