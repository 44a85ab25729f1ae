package streamgroup

import (
	"math/big"
	"slices"
	"testing"
	"time"
)

// hashKeyOf is the first hash key of shard i of a new stream of n shards.
func hashKeyOf(i, n int) string {
	k := new(big.Int).Lsh(big.NewInt(int64(i)), 128)
	return k.Div(k, big.NewInt(int64(n))).String()
}

func TestJoinCreatesTheGroupAndLeasesEveryShard(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 4)
	g := groupOf(ref, "billing")
	a := h.join(g, "a", trimHorizon)
	wantShards(t, "the only member", a, shardIDs(4)...)
	epochs := map[int64]bool{}
	for _, l := range a.Leases {
		if l.Start.Type != PositionTrimHorizon {
			t.Errorf("lease of %s starts at %+v, want TRIM_HORIZON", l.ShardID, l.Start)
		}
		epochs[l.Epoch] = true
	}
	if len(epochs) != 4 {
		t.Errorf("four leases share epochs: %+v", a.Leases)
	}
	if a.LeaseDuration != DefaultLeaseDuration || a.HeartbeatInterval != DefaultLeaseDuration/3 {
		t.Errorf("durations %v and %v", a.LeaseDuration, a.HeartbeatInterval)
	}
	again := h.join(g, "a", latest)
	wantShards(t, "joining again", again, shardIDs(4)...)
	for i, l := range again.Leases {
		if l.Epoch != a.Leases[i].Epoch {
			t.Errorf("joining again changed the epoch of %s", l.ShardID)
		}
	}
	list, err := h.groups.List(h.ctx, ref)
	if err != nil || len(list) != 1 || list[0].Name != "billing" || list[0].Start.Type != StartTrimHorizon || list[0].Members != 1 {
		t.Fatalf("List = %+v, %v", list, err)
	}
}

func TestRebalanceHandsOverOneShardAtATime(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 4)
	g := groupOf(ref, "g")
	h.join(g, "a", trimHorizon)
	b := h.join(g, "b", trimHorizon)
	wantShards(t, "a member joining a full group", b)
	a := h.heartbeat(g, "a")
	if len(a.Revoked) != 1 || len(a.Leases) != 3 {
		t.Fatalf("a holds %v and is asked to give up %+v: want one shard handed over at a time", shardsOf(a), a.Revoked)
	}
	moving := a.Revoked[0]
	h.release(g, a)
	b = h.heartbeat(g, "b")
	wantShards(t, "b after the first handoff", b, moving.ShardID)
	if b.Leases[0].Epoch == moving.Epoch {
		t.Errorf("the lease kept epoch %d across owners", moving.Epoch)
	}
	a = h.heartbeat(g, "a")
	if len(a.Revoked) != 1 || len(a.Leases) != 2 {
		t.Fatalf("after the first handoff a holds %v, revoked %+v: want the second handoff", shardsOf(a), a.Revoked)
	}
	h.release(g, a)
	a, b = h.heartbeat(g, "a"), h.heartbeat(g, "b")
	if len(a.Leases) != 2 || len(b.Leases) != 2 || len(a.Revoked)+len(b.Revoked) != 0 {
		t.Fatalf("balanced: a %v (revoked %v), b %v (revoked %v)", shardsOf(a), a.Revoked, shardsOf(b), b.Revoked)
	}
	c := h.join(g, "c", trimHorizon)
	wantShards(t, "a third member of four shards", c)
	a, b = h.heartbeat(g, "a"), h.heartbeat(g, "b")
	if len(a.Revoked)+len(b.Revoked) != 1 {
		t.Fatalf("loads 2, 2, 0 differ by two: want one handoff to c, got a %v b %v", a.Revoked, b.Revoked)
	}
}

func TestLeavingFreesLeasesAtOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 4)
	g := groupOf(ref, "g")
	h.join(g, "a", trimHorizon)
	h.join(g, "b", trimHorizon)
	h.release(g, h.heartbeat(g, "a"))
	h.release(g, h.heartbeat(g, "a"))
	if err := h.groups.Leave(h.ctx, g, "b"); err != nil {
		t.Fatalf("Leave: %v", err)
	}
	wantShards(t, "a after b left", h.heartbeat(g, "a"), shardIDs(4)...)
	if err := h.groups.Leave(h.ctx, g, "b"); err != nil {
		t.Fatalf("leaving twice: %v", err)
	}
	_, err := h.groups.Heartbeat(h.ctx, g, "b")
	wantKind(t, "heartbeat after leaving", err, ErrMemberNotFound, "Join the group again")
}

func TestSilentMembersExpire(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 2)
	g := groupOf(ref, "g")
	h.join(g, "a", trimHorizon)
	h.join(g, "b", trimHorizon)
	h.release(g, h.heartbeat(g, "a"))
	h.clock.Advance(6 * time.Second)
	wantShards(t, "b while a is within its lease", h.heartbeat(g, "b"), shardIDs(2)[1])
	h.clock.Advance(4 * time.Second) // a silent for 10 s, b for 4 s
	b := h.heartbeat(g, "b")
	wantShards(t, "b once a's lease ran out", b, shardIDs(2)...)
	_, err := h.groups.Heartbeat(h.ctx, g, "a")
	wantKind(t, "heartbeat of an expired member", err, ErrMemberNotFound, "not heard from")
	d, err := h.groups.Describe(h.ctx, g)
	if err != nil || len(d.Members) != 1 || d.Members[0].ID != "b" || !d.Members[0].ExpiresAt.Equal(h.clock.Now().Add(DefaultLeaseDuration)) {
		t.Fatalf("Describe = %+v, %v", d, err)
	}
}

func TestStaleEpochIsFenced(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 2)
	seqs := h.put(ref, hashKeyOf(0, 2), 3)
	g := groupOf(ref, "g")
	a := h.join(g, "a", trimHorizon)
	old := leaseOf(t, a, shardIDs(2)[0])
	h.checkpoint(CheckpointParams{Group: g, Member: "a", ShardID: old.ShardID, Epoch: old.Epoch, SequenceNumber: seqs[0]})
	if err := h.groups.Reset(h.ctx, g, trimHorizon); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	err := h.groups.Checkpoint(h.ctx, &CheckpointParams{Group: g, Member: "a", ShardID: old.ShardID, Epoch: old.Epoch,
		SequenceNumber: seqs[2]})
	wantKind(t, "a checkpoint with the epoch from before a reset", err, ErrLeaseLost, "stale epoch")
	renewed := leaseOf(t, h.heartbeat(g, "a"), old.ShardID)
	if renewed.Epoch == old.Epoch || renewed.Start.Type != PositionTrimHorizon {
		t.Fatalf("after Reset the lease is %+v, want a new epoch from TRIM_HORIZON", renewed)
	}

	// A handoff the owner ignores is forced after a lease duration; the
	// old owner's checkpoints are then refused.
	h.join(g, "b", trimHorizon)
	h.join(g, "c", trimHorizon)
	a = h.heartbeat(g, "a")
	if len(a.Revoked) != 1 {
		t.Fatalf("a holds both shards with b and c idle: want one revoked, got %+v", a.Revoked)
	}
	ignored := a.Revoked[0]
	h.clock.Advance(DefaultLeaseDuration / 2)
	h.heartbeat(g, "b")
	h.heartbeat(g, "c")
	h.heartbeat(g, "a")
	h.clock.Advance(DefaultLeaseDuration / 2)
	h.heartbeat(g, "b")
	h.heartbeat(g, "c")
	h.heartbeat(g, "a")
	err = h.groups.Checkpoint(h.ctx, &CheckpointParams{Group: g, Member: "a", ShardID: ignored.ShardID,
		Epoch: ignored.Epoch, SequenceNumber: seqs[1]})
	wantKind(t, "the old owner after a forced handoff", err, ErrLeaseLost, "not by member a")
}

func TestCheckpointsAreChecked(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 2)
	seqs := h.put(ref, hashKeyOf(0, 2), 3)
	other := h.put(ref, hashKeyOf(1, 2), 1)
	g := groupOf(ref, "g")
	a := h.join(g, "a", trimHorizon)
	l := leaseOf(t, a, shardIDs(2)[0])
	p := CheckpointParams{Group: g, Member: "a", ShardID: l.ShardID, Epoch: l.Epoch}
	h.checkpoint(withSeq(p, seqs[1]))
	for _, c := range []struct {
		what  string
		p     CheckpointParams
		kind  error
		words string
	}{
		{"moving back", withSeq(p, seqs[0]), ErrInvalidArgument, "never move back"},
		{"another shard's number", withSeq(p, other[0]), ErrInvalidArgument, "is not a sequence number of shard"},
		{"not a number", withSeq(p, "12x"), ErrInvalidArgument, "is not a sequence number"},
		{"the end of an open shard", CheckpointParams{Group: g, Member: "a", ShardID: l.ShardID, Epoch: l.Epoch, ShardEnd: true},
			ErrInvalidArgument, "is open"},
		{"an unknown member", CheckpointParams{Group: g, Member: "z", ShardID: l.ShardID, Epoch: l.Epoch, SequenceNumber: seqs[2]},
			ErrMemberNotFound, "Member z"},
	} {
		err := h.groups.Checkpoint(h.ctx, &c.p)
		wantKind(t, c.what, err, c.kind, c.words)
	}
	h.checkpoint(withSeq(p, seqs[2]))
	d, err := h.groups.Describe(h.ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Shards[0]; got.Checkpoint != seqs[2] || got.RecordsBehind != 0 || got.State != ShardLeased || got.Owner != "a" {
		t.Fatalf("shard 0 after checkpoints = %+v", got)
	}
	if got := d.Shards[1]; got.Checkpoint != "" || got.RecordsBehind != 1 {
		t.Fatalf("shard 1 = %+v, want one record behind", got)
	}
}

func withSeq(p CheckpointParams, seq string) CheckpointParams {
	p.SequenceNumber = seq
	return p
}

func TestLatestStartsAfterWhatIsThere(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 2)
	seqs := h.put(ref, hashKeyOf(0, 2), 2)
	a := h.join(groupOf(ref, "new"), "a", latest)
	if got := leaseOf(t, a, shardIDs(2)[0]).Start; got.Type != PositionAfterSequenceNumber || got.SequenceNumber != seqs[1] {
		t.Errorf("shard with records starts at %+v, want after %s", got, seqs[1])
	}
	if got := leaseOf(t, a, shardIDs(2)[1]).Start; got.Type != PositionTrimHorizon {
		t.Errorf("empty shard starts at %+v, want TRIM_HORIZON", got)
	}
	lags, omitted, err := h.groups.Lags(h.ctx, 10)
	if err != nil || omitted != 0 || len(lags) != 2 || lags[0].RecordsBehind != 0 {
		t.Fatalf("Lags = %+v, %d, %v", lags, omitted, err)
	}
	at := h.join(groupOf(ref, "at"), "a", StartPosition{Type: StartAtTimestamp, Timestamp: h.clock.Now()})
	if got := leaseOf(t, at, shardIDs(2)[0]).Start; got.Type != PositionAtTimestamp || !got.Timestamp.Equal(h.clock.Now()) {
		t.Errorf("AT_TIMESTAMP group starts at %+v", got)
	}
	_, err = h.groups.Join(h.ctx, &JoinParams{Group: groupOf(ref, "future"), Member: "a",
		Start: StartPosition{Type: StartAtTimestamp, Timestamp: h.clock.Now().Add(time.Hour)}})
	wantKind(t, "a start in the future", err, ErrInvalidArgument, "cannot be later")
	if list, _ := h.groups.List(h.ctx, ref); len(list) != 2 {
		t.Fatalf("a refused join created a group: %+v", list)
	}
}

func TestDeleteGroup(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 1)
	g := groupOf(ref, "g")
	h.join(g, "a", trimHorizon)
	if err := h.groups.Delete(h.ctx, g); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	_, err := h.groups.Heartbeat(h.ctx, g, "a")
	wantKind(t, "heartbeat in a deleted group", err, ErrGroupNotFound, "Group g of stream clicks")
	err = h.groups.Delete(h.ctx, g)
	wantKind(t, "deleting again", err, ErrGroupNotFound, "not found")
	if list, err := h.groups.List(h.ctx, ref); err != nil || len(list) != 0 {
		t.Fatalf("List after Delete = %+v, %v", list, err)
	}
	if a := h.join(g, "a", trimHorizon); !slices.Equal(shardsOf(a), shardIDs(1)) {
		t.Fatalf("a group created again: %v", shardsOf(a))
	}
}
