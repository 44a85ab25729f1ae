package streamgroup

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentMembersKeepOneOwnerPerShard has members join, heartbeat,
// release what they are asked to and leave at once, and checks that no
// shard is ever leased to two members.
func TestConcurrentMembersKeepOneOwnerPerShard(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ref := h.createStream("clicks", 8)
	g := groupOf(ref, "g")
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for m := range 6 {
		wg.Go(func() {
			id := fmt.Sprintf("m%d", m)
			if _, err := h.groups.Join(h.ctx, &JoinParams{Group: g, Member: id, Start: trimHorizon}); err != nil {
				errs <- err
				return
			}
			for range 30 {
				a, err := h.groups.Heartbeat(h.ctx, g, id)
				if err != nil {
					errs <- err
					return
				}
				for _, l := range a.Revoked {
					err := h.groups.Checkpoint(h.ctx, &CheckpointParams{Group: g, Member: id, ShardID: l.ShardID, Epoch: l.Epoch, Release: true})
					if err != nil {
						errs <- err
						return
					}
				}
			}
			if m%2 == 0 {
				errs <- h.groups.Leave(h.ctx, g, id)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	owners := map[string]string{}
	for _, id := range []string{"m1", "m3", "m5"} {
		for _, l := range h.heartbeat(g, id).Leases {
			if prev, dup := owners[l.ShardID]; dup {
				t.Fatalf("shard %s is leased to %s and %s", l.ShardID, prev, id)
			}
			owners[l.ShardID] = id
		}
	}
	d, err := h.groups.Describe(h.ctx, g)
	if err != nil || len(d.Members) != 3 {
		t.Fatalf("Describe = %+v, %v", d, err)
	}
	for _, s := range d.Shards {
		if s.State != ShardLeased {
			t.Errorf("shard %s is %s with three members", s.ShardID, s.State)
		}
	}
}
