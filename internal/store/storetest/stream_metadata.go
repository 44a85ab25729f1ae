package storetest

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runStreamMetadata covers StreamCreate, StreamGet, StreamList, StreamRefs,
// StreamUpdate and StreamDelete.
func runStreamMetadata(t *testing.T, newStore newStreamStoreFunc) {
	runStreamCreate(t, newStore)
	runStreamList(t, newStore)
	runStreamUpdate(t, newStore)
	runStreamDelete(t, newStore)
}

func runStreamCreate(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("CreateReturnsStream", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := store.StreamRef{Account: streamAccount, Name: "clicks"}
		in := newTestStream(ref, 3)
		in.Shards[2].Parent, in.Shards[2].AdjacentParent = 0, 1
		in.Shards[1].ClosedAt = streamAt(time.Minute)
		want := newTestStreamWith(ref, 3, in.Shards)
		got, err := h.s.StreamCreate(h.ctx, in)
		if err != nil {
			t.Fatalf("StreamCreate: %v", err)
		}
		wantStream(t, "StreamCreate", got, want)
		wantStream(t, "StreamGet", h.getStream(ref), want)
	})
	t.Run("CreateExistingChangesNothing", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		again := newTestStream(ref, 5)
		again.Meta = []byte("other")
		got, err := h.s.StreamCreate(h.ctx, again)
		wantStreamErr(t, "second StreamCreate", err, store.ErrStreamExists)
		if got == nil {
			t.Fatal("second StreamCreate returned no stream with ErrStreamExists")
		}
		wantStream(t, "second StreamCreate", got, newTestStream(ref, 2))
		wantStream(t, "StreamGet", h.getStream(ref), newTestStream(ref, 2))
	})
	t.Run("SameNameInTwoAccounts", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		a := h.createStreamIn(streamAccount, "clicks", 1)
		b := h.createStreamIn(streamOtherAccount, "clicks", 2)
		h.put(a, streamT0, record(0, "for a"))
		wantStream(t, "StreamGet a", h.getStream(a), newTestStream(a, 1))
		wantStream(t, "StreamGet b", h.getStream(b), newTestStream(b, 2))
		if res := h.readFrom(b, 0, store.RecordPosition{}, 10); !res.Empty || len(res.Records) != 0 {
			t.Fatalf("shard 0 of %v holds %q, want nothing", b, recordData(res.Records))
		}
	})
	t.Run("GetMissing", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		h.createStreamIn(streamOtherAccount, "clicks", 1)
		_, err := h.s.StreamGet(h.ctx, store.StreamRef{Account: streamAccount, Name: "clicks"})
		wantStreamErr(t, "StreamGet", err, store.ErrStreamNotFound)
	})
	t.Run("ReturnedStreamsAreCopies", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := store.StreamRef{Account: streamAccount, Name: "clicks"}
		in := newTestStream(ref, 2)
		created, err := h.s.StreamCreate(h.ctx, in)
		if err != nil {
			t.Fatalf("StreamCreate: %v", err)
		}
		var kept *store.Stream
		updated := h.update(ref, func(s *store.Stream) error { kept = s; return nil })
		for _, s := range []*store.Stream{in, created, h.getStream(ref), kept, updated} {
			s.Meta[0] = 'X'
			s.Shards[0].ClosedAt = streamAt(time.Hour)
		}
		wantStream(t, "StreamGet after changing returned copies", h.getStream(ref), newTestStream(ref, 2))
	})
}

// newTestStreamWith is newTestStream(ref, n) with its shards replaced.
func newTestStreamWith(ref store.StreamRef, n int, shards []store.Shard) *store.Stream {
	s := newTestStream(ref, n)
	s.Shards = slices.Clone(shards)
	return s
}

func runStreamList(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("ListByNamePerAccount", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		for _, name := range []string{"orders", "clicks", "Zeta", "audit-log", "clicks.v2"} {
			h.createStream(name, 1)
		}
		h.createStreamIn(streamOtherAccount, "billing", 1)
		all := []string{"Zeta", "audit-log", "clicks", "clicks.v2", "orders"}
		cases := []struct {
			after string
			limit int
			want  []string
		}{
			{"", 0, all},
			{"", 2, all[:2]},
			{"audit-log", 0, all[2:]},
			{"clicks", 2, []string{"clicks.v2", "orders"}},
			{"b", 1, []string{"clicks"}},
			{"orders", 0, nil},
			{"zzz", 10, nil},
		}
		for _, c := range cases {
			got := h.listNames(streamAccount, c.after, c.limit)
			if !slices.Equal(got, c.want) {
				t.Fatalf("StreamList(after %q, limit %d) = %q, want %q", c.after, c.limit, got, c.want)
			}
		}
		if got := h.listNames(streamOtherAccount, "", 0); !slices.Equal(got, []string{"billing"}) {
			t.Fatalf("StreamList of the other account = %q, want [billing]", got)
		}
		if got := h.listNames("222222222222", "", 0); len(got) != 0 {
			t.Fatalf("StreamList of an account without streams = %q, want none", got)
		}
	})
	t.Run("ListReturnsDocuments", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 3)
		h.closeShard(ref, 1, streamAt(time.Minute))
		list, err := h.s.StreamList(h.ctx, &store.StreamListParams{Account: streamAccount})
		if err != nil || len(list) != 1 {
			t.Fatalf("StreamList = %d streams, %v; want 1", len(list), err)
		}
		want := newTestStream(ref, 3)
		want.Shards[1].ClosedAt = streamAt(time.Minute)
		wantStream(t, "StreamList", list[0], want)
	})
	t.Run("RefsCoverEveryAccount", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		if got := h.streamRefs(); len(got) != 0 {
			t.Fatalf("StreamRefs of an empty store = %v, want none", got)
		}
		want := []store.StreamRef{
			h.createStreamIn(streamAccount, "clicks", 1),
			h.createStreamIn(streamAccount, "orders", 2),
			h.createStreamIn(streamOtherAccount, "clicks", 1),
			h.createStreamIn("1", "2s", 1),
			h.createStreamIn("12", "s", 1),
		}
		// An account whose only stream is deleted, and a deleted stream
		// beside live ones, appear nowhere.
		for _, ref := range []store.StreamRef{h.createStreamIn("222222222222", "gone", 1), h.createStreamIn(streamAccount, "gone", 1)} {
			if err := h.s.StreamDelete(h.ctx, ref); err != nil {
				t.Fatalf("StreamDelete(%v): %v", ref, err)
			}
		}
		if got := h.streamRefs(); !slices.Equal(got, sortStreamRefs(want)) {
			t.Fatalf("StreamRefs = %v, want %v", got, sortStreamRefs(want))
		}
	})
}

// streamRefs returns StreamRefs sorted by account, then name.
func (h *streamHarness) streamRefs() []store.StreamRef {
	h.t.Helper()
	refs, err := h.s.StreamRefs(h.ctx)
	if err != nil {
		h.t.Fatalf("StreamRefs: %v", err)
	}
	return sortStreamRefs(refs)
}

// sortStreamRefs sorts refs by account, then name, and returns them.
func sortStreamRefs(refs []store.StreamRef) []store.StreamRef {
	slices.SortFunc(refs, func(a, b store.StreamRef) int {
		return cmp.Or(strings.Compare(a.Account, b.Account), strings.Compare(a.Name, b.Name))
	})
	return refs
}

// listNames lists an account's stream names.
func (h *streamHarness) listNames(account, after string, limit int) []string {
	h.t.Helper()
	list, err := h.s.StreamList(h.ctx, &store.StreamListParams{Account: account, After: after, Limit: limit})
	if err != nil {
		h.t.Fatalf("StreamList(%s, after %q, limit %d): %v", account, after, limit, err)
	}
	var names []string
	for _, s := range list {
		if s.Ref.Account != account {
			h.t.Fatalf("StreamList(%s) returned %v", account, s.Ref)
		}
		names = append(names, s.Ref.Name)
	}
	return names
}

func runStreamUpdate(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("UpdateStoresTheResult", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		split := func(s *store.Stream) error {
			s.Meta = []byte(`{"retention":48}`)
			s.Shards[0].ClosedAt = streamAt(time.Minute)
			for i, r := range [][2]int{{0, 1<<19/2 - 1}, {1 << 19 / 2, 1<<19 - 1}} {
				child := newTestShard(2+i, r[0], r[1])
				child.Parent, child.CreatedAt = 0, streamAt(time.Minute)
				s.Shards = append(s.Shards, child)
			}
			return nil
		}
		want := newTestStream(ref, 2)
		if err := split(want); err != nil {
			t.Fatal(err)
		}
		wantStream(t, "StreamUpdate", h.update(ref, split), want)
		wantStream(t, "StreamGet", h.getStream(ref), want)
	})
	t.Run("UpdateErrorChangesNothing", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		errRefused := errors.New("refused")
		got, err := h.s.StreamUpdate(h.ctx, ref, func(s *store.Stream) error {
			s.Meta = []byte("changed")
			s.Shards = s.Shards[:1]
			return fmt.Errorf("wrapped: %w", errRefused)
		})
		if !errors.Is(err, errRefused) || got != nil {
			t.Fatalf("StreamUpdate = %v, %v; want nil and the function's error", got, err)
		}
		wantStream(t, "StreamGet", h.getStream(ref), newTestStream(ref, 2))
	})
	t.Run("UpdateMissing", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		called := false
		_, err := h.s.StreamUpdate(h.ctx, store.StreamRef{Account: streamAccount, Name: "nope"}, func(*store.Stream) error {
			called = true
			return nil
		})
		wantStreamErr(t, "StreamUpdate", err, store.ErrStreamNotFound)
		if called {
			t.Fatal("StreamUpdate of a missing stream called its function")
		}
	})
}

func runStreamDelete(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("DeletedStreamIsGone", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		keep := h.createStream("orders", 1)
		h.put(ref, streamT0, record(0, "a"), record(1, "b"))
		if err := h.s.StreamDelete(h.ctx, ref); err != nil {
			t.Fatalf("StreamDelete: %v", err)
		}
		h.wantStreamMissing(ref)
		if got := h.listNames(streamAccount, "", 0); !slices.Equal(got, []string{"orders"}) {
			t.Fatalf("StreamList after delete = %q, want [orders]", got)
		}
		h.getStream(keep)
	})
	t.Run("RecreatedStreamHasNoOldRecords", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		h.put(ref, streamT0, record(0, "old"), record(1, "old"))
		if err := h.s.StreamDelete(h.ctx, ref); err != nil {
			t.Fatalf("StreamDelete: %v", err)
		}
		h.createStream("clicks", 2)
		for shard := range 2 {
			res := h.readFrom(ref, shard, store.RecordPosition{Shard: shard}, 10)
			if len(res.Records) != 0 || !res.Empty {
				t.Fatalf("shard %d of the new stream holds %q, want nothing", shard, recordData(res.Records))
			}
		}
		h.put(ref, streamAt(time.Second), record(0, "new"))
		wantData(t, h.readAll(ref, 0), "new")
	})
}

// wantStreamMissing checks that every operation on ref fails with
// ErrStreamNotFound.
func (h *streamHarness) wantStreamMissing(ref store.StreamRef) {
	h.t.Helper()
	t, ctx := h.t, h.ctx
	_, err := h.s.StreamGet(ctx, ref)
	wantStreamErr(t, "StreamGet", err, store.ErrStreamNotFound)
	_, err = h.s.StreamUpdate(ctx, ref, func(*store.Stream) error { return nil })
	wantStreamErr(t, "StreamUpdate", err, store.ErrStreamNotFound)
	wantStreamErr(t, "StreamDelete", h.s.StreamDelete(ctx, ref), store.ErrStreamNotFound)
	_, err = h.s.RecordPut(ctx, &store.RecordPutParams{Stream: ref, Now: streamT0, Records: []store.RecordInput{record(0, "x")}})
	wantStreamErr(t, "RecordPut", err, store.ErrStreamNotFound)
	_, err = h.s.ShardRecordsGet(ctx, &store.ShardRecordsGetParams{Stream: ref, Limit: 10})
	wantStreamErr(t, "ShardRecordsGet", err, store.ErrStreamNotFound)
	_, err = h.s.ShardSeek(ctx, &store.ShardSeekParams{Stream: ref, At: streamT0})
	wantStreamErr(t, "ShardSeek", err, store.ErrStreamNotFound)
	_, err = h.s.StreamTrim(ctx, ref, streamAt(time.Hour))
	wantStreamErr(t, "StreamTrim", err, store.ErrStreamNotFound)
}

// wantStream checks a stream document field by field, times with
// time.Equal.
func wantStream(t *testing.T, what string, got, want *store.Stream) {
	t.Helper()
	if got.Ref != want.Ref || !got.CreatedAt.Equal(want.CreatedAt) || string(got.Meta) != string(want.Meta) {
		t.Fatalf("%s = %v created %v meta %q, want %v created %v meta %q",
			what, got.Ref, got.CreatedAt, got.Meta, want.Ref, want.CreatedAt, want.Meta)
	}
	if len(got.Shards) != len(want.Shards) {
		t.Fatalf("%s has %d shards, want %d", what, len(got.Shards), len(want.Shards))
	}
	for i, g := range got.Shards {
		w := want.Shards[i]
		if g.Index != w.Index || g.Parent != w.Parent || g.AdjacentParent != w.AdjacentParent ||
			g.HashStart != w.HashStart || g.HashEnd != w.HashEnd ||
			!g.CreatedAt.Equal(w.CreatedAt) || !g.ClosedAt.Equal(w.ClosedAt) {
			t.Fatalf("%s shard %d = %+v, want %+v", what, i, g, w)
		}
	}
}
