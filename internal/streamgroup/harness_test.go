package streamgroup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/store/pebblestore"
	"github.com/sluicemq/sluice/internal/stream"
)

const account = "000000000000"

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// harness is a group Service over a stream Service on an in-memory Pebble
// store, with a fake clock.
type harness struct {
	t       *testing.T
	ctx     context.Context
	clock   *clocktest.Fake
	fs      vfs.FS
	store   *pebblestore.Store
	streams *stream.Service
	groups  *Service
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, ctx: t.Context(), clock: clocktest.New(t0), fs: vfs.NewMem()}
	h.open()
	t.Cleanup(h.close)
	return h
}

// open opens the store on the harness's file system and builds the
// services on it.
func (h *harness) open() {
	h.t.Helper()
	st, err := pebblestore.Open("data", pebblestore.Options{FS: h.fs, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		h.t.Fatalf("open store: %v", err)
	}
	h.store = st
	h.streams = stream.New(st, h.clock, stream.Options{Logger: slog.New(slog.DiscardHandler)})
	h.groups = New(st, h.streams, h.clock, Options{})
}

func (h *harness) close() {
	if h.store == nil {
		return
	}
	h.streams.Close()
	if err := h.store.Close(); err != nil {
		h.t.Errorf("close store: %v", err)
	}
	h.store = nil
}

// restart closes the services and the store and opens them again on the
// same data, as a server restart does.
func (h *harness) restart() {
	h.t.Helper()
	h.close()
	h.open()
}

// createStream creates a stream of n shards and returns its ref.
func (h *harness) createStream(name string, n int) StreamRef {
	h.t.Helper()
	ref := StreamRef{Account: account, Name: name}
	if err := h.streams.CreateStream(h.ctx, &stream.CreateStreamParams{Stream: ref, ShardCount: &n}); err != nil {
		h.t.Fatalf("CreateStream: %v", err)
	}
	return ref
}

// put writes count records to the shard holding explicit hash key 0 (the
// first shard) and returns their sequence numbers.
func (h *harness) put(ref StreamRef, hashKey string, count int) []string {
	h.t.Helper()
	entries := make([]stream.PutRecordsEntry, count)
	for i := range entries {
		entries[i] = stream.PutRecordsEntry{Data: []byte(fmt.Sprint(i)), PartitionKey: "k", ExplicitHashKey: hashKey}
	}
	res, err := h.streams.PutRecords(h.ctx, ref, entries)
	if err != nil || res.FailedRecordCount > 0 {
		h.t.Fatalf("PutRecords: %v %+v", err, res)
	}
	seqs := make([]string, count)
	for i, e := range res.Entries {
		seqs[i] = e.SequenceNumber
	}
	return seqs
}

func groupOf(ref StreamRef, name string) GroupRef { return GroupRef{Stream: ref, Name: name} }

// join joins a member and returns its assignment.
func (h *harness) join(g GroupRef, member string, start StartPosition) *Assignment {
	h.t.Helper()
	a, err := h.groups.Join(h.ctx, &JoinParams{Group: g, Member: member, Start: start})
	if err != nil {
		h.t.Fatalf("Join %s: %v", member, err)
	}
	return a
}

func (h *harness) heartbeat(g GroupRef, member string) *Assignment {
	h.t.Helper()
	a, err := h.groups.Heartbeat(h.ctx, g, member)
	if err != nil {
		h.t.Fatalf("Heartbeat %s: %v", member, err)
	}
	return a
}

func (h *harness) checkpoint(p CheckpointParams) {
	h.t.Helper()
	if err := h.groups.Checkpoint(h.ctx, &p); err != nil {
		h.t.Fatalf("Checkpoint %+v: %v", p, err)
	}
}

// release gives up every revoked lease of an assignment, as a member told
// to hand shards over does.
func (h *harness) release(g GroupRef, a *Assignment) {
	h.t.Helper()
	for _, l := range a.Revoked {
		h.checkpoint(CheckpointParams{Group: g, Member: a.Member, ShardID: l.ShardID, Epoch: l.Epoch, Release: true})
	}
}

// shardsOf lists an assignment's leased shards.
func shardsOf(a *Assignment) []string {
	var out []string
	for _, l := range a.Leases {
		out = append(out, l.ShardID)
	}
	return out
}

// leaseOf returns the lease of a shard in an assignment.
func leaseOf(t *testing.T, a *Assignment, shard string) Lease {
	t.Helper()
	for _, l := range a.Leases {
		if l.ShardID == shard {
			return l
		}
	}
	t.Fatalf("member %s holds no lease of %s: it holds %v", a.Member, shard, shardsOf(a))
	return Lease{}
}

func wantShards(t *testing.T, what string, a *Assignment, want ...string) {
	t.Helper()
	if got := shardsOf(a); !slices.Equal(got, want) {
		t.Fatalf("%s: member %s holds %v, want %v", what, a.Member, got, want)
	}
}

func wantKind(t *testing.T, what string, err, kind error, words string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("%s: error %v, want %v", what, err, kind)
	}
	if !strings.Contains(err.Error(), words) {
		t.Fatalf("%s: message %q does not say %q", what, err.Error(), words)
	}
}

var (
	trimHorizon = StartPosition{Type: StartTrimHorizon}
	latest      = StartPosition{Type: StartLatest}
)

// shardIDs returns shardId-000000000000 ... of the first n shards.
func shardIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = stream.ShardID(i)
	}
	return out
}
