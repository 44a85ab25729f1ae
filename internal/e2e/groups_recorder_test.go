package e2e

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sluicemq/sluice/worker/stream"
)

// tenure is one member's lease of a shard, at one epoch.
type tenure struct {
	group, member, shard string
	epoch                int64
}

// recorder keeps what the consumers of TestGroups_ConsumersShare... did:
// the records each lease tenure handled, in order, the checkpoints each
// stored and the heartbeats of each member.
type recorder struct {
	mu sync.Mutex
	// want records per group; done[group] closes once the group handled
	// them all.
	want int
	done map[string]chan struct{}
	// handled counts each record's handlings per group.
	handled map[string]map[string]int
	// tenures lists what each tenure handled, in order.
	tenures map[tenure][]string
	// checkpointed is each tenure's last stored checkpoint.
	checkpointed map[tenure]string
	perMember    map[string]int
	// heartbeats counts each member's heartbeats; beat is closed and
	// replaced on each.
	heartbeats map[string]int
	beat       chan struct{}
}

func newRecorder(want int) *recorder {
	return &recorder{want: want, done: map[string]chan struct{}{"a": make(chan struct{}), "b": make(chan struct{})},
		handled: map[string]map[string]int{"a": {}, "b": {}}, tenures: map[tenure][]string{},
		checkpointed: map[tenure]string{}, perMember: map[string]int{}, heartbeats: map[string]int{},
		beat: make(chan struct{})}
}

// handle records a batch a member's handler got and returns how many
// records the member has handled.
func (r *recorder) handle(group, member string, l stream.Lease, recs []stream.Record) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := tenure{group: group, member: member, shard: l.ShardID, epoch: l.Epoch}
	for _, rec := range recs {
		r.tenures[k] = append(r.tenures[k], rec.SequenceNumber)
		r.handled[group][rec.SequenceNumber]++
	}
	if len(r.handled[group]) == r.want {
		select {
		case <-r.done[group]:
		default:
			close(r.done[group])
		}
	}
	r.perMember[member] += len(recs)
	return r.perMember[member]
}

// event records checkpoints and heartbeats.
func (r *recorder) event(e stream.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch e.Kind {
	case stream.Checkpointed:
		if e.SequenceNumber == "" {
			return
		}
		for k := range r.tenures {
			if k.member == e.Member && k.shard == e.ShardID && k.epoch == e.Epoch {
				r.checkpointed[k] = e.SequenceNumber
			}
		}
	case stream.Heartbeat, stream.Joined:
		r.heartbeats[e.Member]++
		close(r.beat)
		r.beat = make(chan struct{})
	}
}

// awaitHeartbeats waits until each member heartbeated once more.
func (r *recorder) awaitHeartbeats(t *testing.T, members ...*groupMember) {
	t.Helper()
	r.mu.Lock()
	start := map[string]int{}
	for _, m := range members {
		start[m.name] = r.heartbeats[m.name]
	}
	r.mu.Unlock()
	deadline := time.After(testTimeout)
	for {
		r.mu.Lock()
		all, beat := true, r.beat
		for _, m := range members {
			all = all && r.heartbeats[m.name] > start[m.name]
		}
		r.mu.Unlock()
		if all {
			return
		}
		select {
		case <-beat:
		case <-deadline:
			t.Fatalf("members %v stopped heartbeating", start)
		}
	}
}

// positionsOf indexes each shard's sequence numbers by their place.
func positionsOf(order map[string][]string) map[string]int {
	pos := map[string]int{}
	for _, seqs := range order {
		for i, s := range seqs {
			pos[s] = i
		}
	}
	return pos
}

// checkTenures checks that each tenure handled a run of consecutive
// records of its shard, in order. The caller holds r.mu.
func (r *recorder) checkTenures(t *testing.T, pos map[string]int) {
	t.Helper()
	for k, seqs := range r.tenures {
		for i := 1; i < len(seqs); i++ {
			if pos[seqs[i]] != pos[seqs[i-1]]+1 {
				t.Errorf("%+v handled record %d after record %d of its shard", k, pos[seqs[i]], pos[seqs[i-1]])
				break
			}
		}
	}
	for group, seen := range r.handled {
		if len(seen) != len(pos) {
			t.Errorf("group %s handled %d distinct records of %d", group, len(seen), len(pos))
		}
	}
}

// uncommitted returns the records a member handled after the last
// checkpoint of each of its tenures. The caller holds r.mu.
func (r *recorder) uncommitted(member string) map[string]bool {
	out := map[string]bool{}
	for k, seqs := range r.tenures {
		if k.member != member {
			continue
		}
		last := r.checkpointed[k]
		after := last == ""
		for _, s := range seqs {
			if after {
				out[s] = true
			}
			after = after || s == last
		}
	}
	return out
}

// duplicates counts the records group handled more than once and checks
// each is in window. The caller holds r.mu.
func (r *recorder) duplicates(t *testing.T, group string, window map[string]bool) int {
	t.Helper()
	n := 0
	for seq, count := range r.handled[group] {
		if count < 2 {
			continue
		}
		n += count - 1
		if !window[seq] || count > 2 {
			t.Errorf("group %s handled record %s %d times, outside the killed member's uncommitted window", group, seq, count)
		}
	}
	return n
}

// duplicateCount counts the extra handlings of a group's records. The
// caller holds r.mu.
func (r *recorder) duplicateCount(group string) int {
	n := 0
	for _, count := range r.handled[group] {
		n += count - 1
	}
	return n
}

// String summarizes what each member handled, for failure messages.
func (r *recorder) String() string {
	return fmt.Sprint(r.perMember)
}
