package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runStreamGroups covers the consumer groups of streams: creation, reads,
// listing, read-modify-write updates, deletion, their going with their
// stream, concurrent updates and surviving a restart.
func runStreamGroups(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("CreateGetList", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		b := h.createGroup(ref, "billing", store.Checkpoint{Shard: 1, SequenceNumber: "49"})
		a := h.createGroup(ref, "audit")
		wantGroup(t, "GroupGet", h.getGroup(a.Ref), a)
		wantGroup(t, "GroupGet", h.getGroup(b.Ref), b)
		if got := h.groupNames(ref); !slices.Equal(got, []string{"audit", "billing"}) {
			t.Fatalf("GroupList = %v, want [audit billing]", got)
		}
		again := newTestGroup(b.Ref)
		again.Meta = []byte("other")
		existing, err := h.s.GroupCreate(h.ctx, again)
		wantStreamErr(t, "GroupCreate of an existing group", err, store.ErrGroupExists)
		wantGroup(t, "the existing group GroupCreate returns", existing, b)
		wantGroup(t, "GroupGet after a refused create", h.getGroup(b.Ref), b)
	})
	t.Run("MissingStreamOrGroup", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		missing := store.GroupRef{Stream: store.StreamRef{Account: streamAccount, Name: "nope"}, Name: "g"}
		_, err := h.s.GroupCreate(h.ctx, newTestGroup(missing))
		wantStreamErr(t, "GroupCreate on a missing stream", err, store.ErrStreamNotFound)
		_, err = h.s.GroupList(h.ctx, missing.Stream)
		wantStreamErr(t, "GroupList of a missing stream", err, store.ErrStreamNotFound)
		_, err = h.s.GroupGet(h.ctx, missing)
		wantStreamErr(t, "GroupGet on a missing stream", err, store.ErrStreamNotFound)
		g := store.GroupRef{Stream: ref, Name: "g"}
		_, err = h.s.GroupGet(h.ctx, g)
		wantStreamErr(t, "GroupGet of a missing group", err, store.ErrGroupNotFound)
		_, err = h.s.GroupUpdate(h.ctx, g, func(*store.Group) error { return nil })
		wantStreamErr(t, "GroupUpdate of a missing group", err, store.ErrGroupNotFound)
		wantStreamErr(t, "GroupDelete of a missing group", h.s.GroupDelete(h.ctx, g), store.ErrGroupNotFound)
		if got := h.groupNames(ref); len(got) != 0 {
			t.Fatalf("GroupList of a stream without groups = %v", got)
		}
	})
	t.Run("AccountsAndStreamsAreApart", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		mine := h.createStream("clicks", 1)
		theirs := h.createStreamIn(streamOtherAccount, "clicks", 1)
		other := h.createStream("clicks-2", 1)
		h.createGroup(mine, "g", store.Checkpoint{Shard: 0, SequenceNumber: "1"})
		if got := h.groupNames(theirs); len(got) != 0 {
			t.Fatalf("the other account's stream of the same name lists groups %v", got)
		}
		if got := h.groupNames(other); len(got) != 0 {
			t.Fatalf("a stream whose name extends the first lists groups %v", got)
		}
		_, err := h.s.GroupGet(h.ctx, store.GroupRef{Stream: theirs, Name: "g"})
		wantStreamErr(t, "GroupGet in the other account", err, store.ErrGroupNotFound)
	})
	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		g := h.createGroup(ref, "g")
		got, err := h.s.GroupUpdate(h.ctx, g.Ref, func(cur *store.Group) error {
			cur.Checkpoints = append(cur.Checkpoints, store.Checkpoint{Shard: 0, SequenceNumber: "7", Finished: true},
				store.Checkpoint{Shard: 1, SequenceNumber: "9"})
			cur.Meta = []byte("meta-2")
			cur.Ref.Name = "renamed" // ignored: a group keeps its name
			return nil
		})
		if err != nil {
			t.Fatalf("GroupUpdate: %v", err)
		}
		want := newTestGroup(g.Ref)
		want.Checkpoints = []store.Checkpoint{{Shard: 0, SequenceNumber: "7", Finished: true}, {Shard: 1, SequenceNumber: "9"}}
		want.Meta = []byte("meta-2")
		wantGroup(t, "GroupUpdate's result", got, want)
		got.Checkpoints[0].SequenceNumber = "changed by the caller"
		wantGroup(t, "GroupGet after an update", h.getGroup(g.Ref), want)
		refusal := errors.New("refused")
		_, err = h.s.GroupUpdate(h.ctx, g.Ref, func(cur *store.Group) error {
			cur.Checkpoints = nil
			return refusal
		})
		if !errors.Is(err, refusal) {
			t.Fatalf("GroupUpdate whose fn fails: got %v, want fn's error", err)
		}
		wantGroup(t, "GroupGet after an aborted update", h.getGroup(g.Ref), want)
	})
	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		a, b := h.createGroup(ref, "a"), h.createGroup(ref, "b")
		if err := h.s.GroupDelete(h.ctx, a.Ref); err != nil {
			t.Fatalf("GroupDelete: %v", err)
		}
		_, err := h.s.GroupGet(h.ctx, a.Ref)
		wantStreamErr(t, "GroupGet after GroupDelete", err, store.ErrGroupNotFound)
		wantStreamErr(t, "GroupDelete again", h.s.GroupDelete(h.ctx, a.Ref), store.ErrGroupNotFound)
		if got := h.groupNames(ref); !slices.Equal(got, []string{"b"}) {
			t.Fatalf("GroupList after deleting a = %v, want [b]", got)
		}
		wantGroup(t, "the other group", h.getGroup(b.Ref), b)
		h.createGroup(ref, "a")
	})
	t.Run("GoWithTheirStream", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		g := h.createGroup(ref, "g", store.Checkpoint{Shard: 0, SequenceNumber: "5"})
		if err := h.s.StreamDelete(h.ctx, ref); err != nil {
			t.Fatalf("StreamDelete: %v", err)
		}
		_, err := h.s.GroupGet(h.ctx, g.Ref)
		wantStreamErr(t, "GroupGet after StreamDelete", err, store.ErrStreamNotFound)
		h.createStream("clicks", 1)
		_, err = h.s.GroupGet(h.ctx, g.Ref)
		wantStreamErr(t, "GroupGet in a stream created again", err, store.ErrGroupNotFound)
		if got := h.groupNames(ref); len(got) != 0 {
			t.Fatalf("a stream created again lists the old groups %v", got)
		}
	})
	t.Run("ConcurrentUpdatesAreSerialized", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		g := h.createGroup(ref, "g")
		other := h.createGroup(ref, "other")
		const writers, each = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, 2*writers)
		for w := range 2 * writers {
			target := g.Ref
			if w%2 == 1 {
				target = other.Ref
			}
			wg.Go(func() {
				for range each {
					if _, err := h.s.GroupUpdate(h.ctx, target, appendCheckpoint); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("GroupUpdate: %v", err)
		}
		for _, ref := range []store.GroupRef{g.Ref, other.Ref} {
			if n := len(h.getGroup(ref).Checkpoints); n != writers*each {
				t.Fatalf("group %s has %d checkpoints after %d updates: updates were lost", ref.Name, n, writers*each)
			}
		}
	})
	t.Run("SurviveRestart", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		h.requireReopen()
		ref := h.createStream("clicks", 2)
		g := h.createGroup(ref, "g", store.Checkpoint{Shard: 0, SequenceNumber: "3", Finished: true},
			store.Checkpoint{Shard: 1})
		gone := h.createGroup(ref, "gone")
		if err := h.s.GroupDelete(h.ctx, gone.Ref); err != nil {
			t.Fatalf("GroupDelete: %v", err)
		}
		h.reopen()
		wantGroup(t, "GroupGet after a restart", h.getGroup(g.Ref), g)
		if got := h.groupNames(ref); !slices.Equal(got, []string{"g"}) {
			t.Fatalf("GroupList after a restart = %v, want [g]", got)
		}
	})
}

// appendCheckpoint adds a checkpoint of the next shard index.
func appendCheckpoint(g *store.Group) error {
	g.Checkpoints = append(g.Checkpoints, store.Checkpoint{Shard: len(g.Checkpoints), SequenceNumber: "1"})
	return nil
}

// newTestGroup returns a group created at streamT0 with some meta.
func newTestGroup(ref store.GroupRef, cps ...store.Checkpoint) *store.Group {
	return &store.Group{Ref: ref, CreatedAt: streamT0, Meta: []byte(`{"start":"TRIM_HORIZON"}`), Checkpoints: cps}
}

// createGroup creates a group of a stream and checks what it returns.
func (h *streamHarness) createGroup(ref store.StreamRef, name string, cps ...store.Checkpoint) *store.Group {
	h.t.Helper()
	want := newTestGroup(store.GroupRef{Stream: ref, Name: name}, cps...)
	got, err := h.s.GroupCreate(h.ctx, want)
	if err != nil {
		h.t.Fatalf("GroupCreate(%s): %v", name, err)
	}
	wantGroup(h.t, "GroupCreate's result", got, want)
	return want
}

func (h *streamHarness) getGroup(ref store.GroupRef) *store.Group {
	h.t.Helper()
	g, err := h.s.GroupGet(h.ctx, ref)
	if err != nil {
		h.t.Fatalf("GroupGet(%s): %v", ref.Name, err)
	}
	return g
}

// groupNames lists the names of a stream's groups, in the store's order.
func (h *streamHarness) groupNames(ref store.StreamRef) []string {
	h.t.Helper()
	groups, err := h.s.GroupList(h.ctx, ref)
	if err != nil {
		h.t.Fatalf("GroupList(%v): %v", ref, err)
	}
	names := []string{}
	for _, g := range groups {
		if g.Ref.Stream != ref {
			h.t.Fatalf("GroupList(%v) returned a group of %v", ref, g.Ref.Stream)
		}
		names = append(names, g.Ref.Name)
	}
	return names
}

// wantGroup compares two groups field by field.
func wantGroup(t *testing.T, what string, got, want *store.Group) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: no group", what)
	}
	if got.Ref != want.Ref || !got.CreatedAt.Equal(want.CreatedAt) || string(got.Meta) != string(want.Meta) ||
		!checkpointsEqual(got.Checkpoints, want.Checkpoints) {
		t.Fatalf("%s = %s, want %s", what, describeGroup(got), describeGroup(want))
	}
}

func checkpointsEqual(a, b []store.Checkpoint) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func describeGroup(g *store.Group) string {
	return fmt.Sprintf("{%v %s meta %q checkpoints %+v}", g.Ref, g.CreatedAt.Format(time.RFC3339Nano), g.Meta, g.Checkpoints)
}
