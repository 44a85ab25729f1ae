package streamgroup

import (
	"testing"

	"github.com/sluicemq/sluice/internal/stream"
)

// split splits shard 0 of a one-shard stream in the middle of the hash
// key space.
func (h *harness) split(ref StreamRef) {
	h.t.Helper()
	if err := h.streams.SplitShard(h.ctx, ref, stream.ShardID(0), hashKeyOf(1, 2)); err != nil {
		h.t.Fatalf("SplitShard: %v", err)
	}
}

func TestChildrenWaitForTheirParentsShardEnd(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 1)
	seqs := h.put(ref, "0", 3)
	h.split(ref)
	g := groupOf(ref, "g")
	a := h.join(g, "a", trimHorizon)
	h.join(g, "b", trimHorizon)
	wantShards(t, "a while the parent is unread", a, stream.ShardID(0))
	wantShards(t, "b while the parent is unread", h.heartbeat(g, "b"))
	d, err := h.groups.Describe(h.ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	if d.Shards[1].State != ShardWaiting || d.Shards[2].State != ShardWaiting || d.Shards[0].RecordsBehind != 3 {
		t.Fatalf("shards while the parent is unread: %+v", d.Shards)
	}
	parent := a.Leases[0]
	p := CheckpointParams{Group: g, Member: "a", ShardID: parent.ShardID, Epoch: parent.Epoch, SequenceNumber: seqs[2]}
	h.checkpoint(p)
	wantShards(t, "b while a holds the read parent", h.heartbeat(g, "b"))
	p.ShardEnd = true
	h.checkpoint(p)
	a, b := h.heartbeat(g, "a"), h.heartbeat(g, "b")
	if len(a.Leases) != 1 || len(b.Leases) != 1 || a.Leases[0].ShardID == stream.ShardID(0) {
		t.Fatalf("after SHARD_END: a %v, b %v, want one child each", shardsOf(a), shardsOf(b))
	}
	if parents := a.Leases[0].ParentShardIDs; len(parents) != 1 || parents[0] != stream.ShardID(0) {
		t.Errorf("a child's parents = %v", parents)
	}
	if err := h.groups.Checkpoint(h.ctx, &p); err != nil {
		t.Errorf("checkpointing a finished shard again: %v, want a no-op", err)
	}
}

func TestAParentReadToItsEndFinishesWhenReleased(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 1)
	seqs := h.put(ref, "0", 2)
	h.split(ref)
	g := groupOf(ref, "g")
	a := h.join(g, "a", trimHorizon)
	parent := a.Leases[0]
	h.checkpoint(CheckpointParams{Group: g, Member: "a", ShardID: parent.ShardID, Epoch: parent.Epoch,
		SequenceNumber: seqs[1], Release: true})
	wantShards(t, "a once it released the read parent", h.heartbeat(g, "a"), stream.ShardID(1), stream.ShardID(2))
}

func TestAnEmptyClosedParentIsFinished(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 1)
	h.split(ref)
	a := h.join(groupOf(ref, "g"), "a", trimHorizon)
	wantShards(t, "the children of an empty parent", a, stream.ShardID(1), stream.ShardID(2))
	latestGroup := h.join(groupOf(ref, "late"), "a", latest)
	wantShards(t, "a LATEST group", latestGroup, stream.ShardID(1), stream.ShardID(2))
}

func TestCheckpointsSurviveARestart(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 2)
	seqs := h.put(ref, "0", 3)
	g := groupOf(ref, "g")
	a := h.join(g, "a", trimHorizon)
	l := leaseOf(t, a, stream.ShardID(0))
	h.checkpoint(CheckpointParams{Group: g, Member: "a", ShardID: l.ShardID, Epoch: l.Epoch, SequenceNumber: seqs[1]})
	h.restart()
	_, err := h.groups.Heartbeat(h.ctx, g, "a")
	wantKind(t, "heartbeat after a restart", err, ErrMemberNotFound, "restarted")
	err = h.groups.Checkpoint(h.ctx, &CheckpointParams{Group: g, Member: "a", ShardID: l.ShardID, Epoch: l.Epoch,
		SequenceNumber: seqs[2]})
	wantKind(t, "a checkpoint from before the restart", err, ErrMemberNotFound, "Member a")
	again := h.join(g, "a", latest)
	resumed := leaseOf(t, again, stream.ShardID(0))
	if resumed.Start.Type != PositionAfterSequenceNumber || resumed.Start.SequenceNumber != seqs[1] {
		t.Fatalf("after a restart shard 0 starts at %+v, want after %s", resumed.Start, seqs[1])
	}
	for _, before := range a.Leases {
		for _, after := range again.Leases {
			if before.Epoch == after.Epoch {
				t.Fatalf("epoch %d was handed out before and after the restart", before.Epoch)
			}
		}
	}
	if other := leaseOf(t, again, stream.ShardID(1)); other.Start.Type != PositionTrimHorizon {
		t.Errorf("the group's start position was lost: shard 1 starts at %+v", other.Start)
	}
}
