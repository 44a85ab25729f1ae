package streamgroup

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// group is the in-memory state of one group: its stored record and its
// members and leases, which live in memory only.
type group struct {
	ref GroupRef
	// streamCreated tells the stream this group belongs to from a later
	// stream of the same name.
	streamCreated time.Time
	// gone is set once the group is deleted or found missing; requests
	// holding it then load a fresh one.
	gone atomic.Bool

	// mu guards the fields below. It is held across store writes, so the
	// memory and the store never disagree.
	mu sync.Mutex
	// rec is the stored record, nil until loaded; meta is its decoded Meta.
	rec  *store.Group
	meta groupMeta
	// epochNext..epochLimit are the epochs reserved and not yet used.
	epochNext, epochLimit int64
	members               map[string]*member
	leases                map[string]*lease // by shard id
}

// member is a member of a group.
type member struct {
	id     string
	joined time.Time
	// seen is when it was last heard from; its leases last until
	// seen+LeaseDuration.
	seen time.Time
}

// lease is a shard's lease in a group.
type lease struct {
	shard string
	// owner is the member holding it, "" while unowned.
	owner string
	// epoch changes whenever the lease changes hands.
	epoch int64
	// handoffTo is set while the owner is asked to give the shard to
	// another member; the owner then keeps it until it releases it or
	// handoffBy passes.
	handoffTo string
	handoffBy time.Time
}

func newGroup(ref GroupRef, streamCreated time.Time) *group {
	return &group{ref: ref, streamCreated: streamCreated,
		members: make(map[string]*member), leases: make(map[string]*lease)}
}

// install makes rec the group's current record.
func (g *group) install(rec *store.Group) error {
	m, err := decodeMeta(rec.Meta)
	if err != nil {
		return err
	}
	if g.rec == nil {
		// Nothing of the reserved block is known to be unused.
		g.epochNext, g.epochLimit = m.Epochs+1, m.Epochs
	}
	g.rec, g.meta = rec, m
	return nil
}

// checkpoint returns the stored checkpoint of a shard, nil when none.
func (g *group) checkpoint(shardID string) *store.Checkpoint {
	idx, ok := shardIndex(shardID)
	if !ok {
		return nil
	}
	for i := range g.rec.Checkpoints {
		if g.rec.Checkpoints[i].Shard == idx {
			return &g.rec.Checkpoints[i]
		}
	}
	return nil
}

// expire removes the members not heard from within d and frees their
// leases, and frees the leases whose handoff is overdue.
func (g *group) expire(now time.Time, d time.Duration) {
	for id, m := range g.members {
		if !now.Before(m.seen.Add(d)) {
			g.removeMember(id)
		}
	}
	for _, l := range g.leases {
		if l.handoffTo != "" && !now.Before(l.handoffBy) {
			l.release()
		}
	}
}

// removeMember takes a member out of the group, freeing its leases and
// cancelling the handoffs meant for it.
func (g *group) removeMember(id string) {
	delete(g.members, id)
	for _, l := range g.leases {
		switch {
		case l.owner == id:
			l.release()
		case l.handoffTo == id:
			l.handoffTo = ""
		}
	}
}

// release leaves the lease unowned; the next owner gets a new epoch.
func (l *lease) release() { l.owner, l.handoffTo = "", "" }

// memberIDs returns the members' ids in order.
func (g *group) memberIDs() []string {
	ids := make([]string, 0, len(g.members))
	for id := range g.members {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// heldBy returns the leases a member owns, in shard order.
func (g *group) heldBy(member string) []*lease {
	var out []*lease
	for _, l := range g.leases {
		if l.owner == member {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b *lease) int { return compareShardIDs(a.shard, b.shard) })
	return out
}

// shardIndex reads the index of a shard id as the stream package writes
// it (shardId-000000000007).
func shardIndex(id string) (int, bool) {
	digits, ok := strings.CutPrefix(id, "shardId-")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil && n >= 0
}

// compareShardIDs orders shard ids by index.
func compareShardIDs(a, b string) int {
	i, _ := shardIndex(a)
	j, _ := shardIndex(b)
	return i - j
}
