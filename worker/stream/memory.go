package stream

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/worker"
)

// ShardLister is the part of *kinesis.Client a MemoryCoordinator uses.
type ShardLister interface {
	ListShards(ctx context.Context, in *kinesis.ListShardsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListShardsOutput, error)
}

// MemoryOptions configure a MemoryCoordinator.
type MemoryOptions struct {
	// Start is where the group begins (default Latest()).
	Start StartPosition
	// LeaseDuration is how long a silent member keeps its leases
	// (default 10 s).
	LeaseDuration time.Duration
	// Clock is the time source; nil means the wall clock.
	Clock worker.Clock
}

// MemoryCoordinator is a Coordinator that keeps the group in the
// process's memory: for tests, and for consumers that all run in one
// process. It follows the server's rules (fair share, one handoff at a
// time, children after parents, fencing epochs) but its checkpoints die
// with the process, and a shard closed but not checkpointed at its end
// keeps its children waiting. With Latest, the shards open when the
// group starts are read from LATEST when first taken up, so records put
// between the start and that first read are not seen.
type MemoryCoordinator struct {
	kin    ShardLister
	stream string
	opts   MemoryOptions

	mu          sync.Mutex
	started     bool
	initial     map[string]bool // shards open when the group started
	members     map[string]time.Time
	leases      map[string]*memLease
	checkpoints map[string]Checkpoint
	epoch       int64
}

type memLease struct {
	owner, handoffTo string
	epoch            int64
	handoffBy        time.Time
}

var _ Coordinator = (*MemoryCoordinator)(nil)

// NewMemoryCoordinator returns an in-memory group of stream (a name or an
// ARN) whose shards kin lists.
func NewMemoryCoordinator(kin ShardLister, stream string, opts MemoryOptions) *MemoryCoordinator {
	if opts.Start.Type == "" {
		opts.Start = Latest()
	}
	if opts.LeaseDuration <= 0 {
		opts.LeaseDuration = 10 * time.Second
	}
	if opts.Clock == nil {
		opts.Clock = wallClock{}
	}
	return &MemoryCoordinator{kin: kin, stream: stream, opts: opts, initial: map[string]bool{},
		members: map[string]time.Time{}, leases: map[string]*memLease{}, checkpoints: map[string]Checkpoint{}}
}

// Join adds a member.
func (m *MemoryCoordinator) Join(ctx context.Context, member string) (*Assignment, error) {
	shards, err := m.listShards(ctx)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.members[member] = m.opts.Clock.Now()
	return m.assign(shards, member), nil
}

// Heartbeat renews a member.
func (m *MemoryCoordinator) Heartbeat(ctx context.Context, member string) (*Assignment, error) {
	shards, err := m.listShards(ctx)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.expire()
	if _, ok := m.members[member]; !ok {
		return nil, &APIError{Action: "Heartbeat", Code: "MemberNotFoundException", Message: "member " + member + " is not in the group"}
	}
	m.members[member] = m.opts.Clock.Now()
	return m.assign(shards, member), nil
}

// Checkpoint stores a checkpoint in memory once the member proves its
// lease.
func (m *MemoryCoordinator) Checkpoint(_ context.Context, cp Checkpoint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.expire()
	if prev, ok := m.checkpoints[cp.ShardID]; ok && prev.ShardEnd {
		return nil
	}
	l := m.leases[cp.ShardID]
	if _, ok := m.members[cp.Member]; !ok {
		return &APIError{Action: "Checkpoint", Code: "MemberNotFoundException", Message: "member " + cp.Member + " is not in the group"}
	}
	if l == nil || l.owner != cp.Member || l.epoch != cp.Epoch {
		return &APIError{Action: "Checkpoint", Code: "LeaseLostException",
			Message: fmt.Sprintf("member %s does not hold shard %s at epoch %d", cp.Member, cp.ShardID, cp.Epoch)}
	}
	m.members[cp.Member] = m.opts.Clock.Now()
	stored := m.checkpoints[cp.ShardID]
	if cp.SequenceNumber != "" {
		stored.SequenceNumber = cp.SequenceNumber
	}
	stored.ShardEnd = cp.ShardEnd
	m.checkpoints[cp.ShardID] = stored
	if cp.ShardEnd || cp.Release {
		l.owner, l.handoffTo = "", ""
	}
	return nil
}

// Leave removes a member and frees its leases.
func (m *MemoryCoordinator) Leave(_ context.Context, member string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.remove(member)
	return nil
}

// memShard is a shard as ListShards describes it.
type memShard struct {
	id      string
	parents []string
	closed  bool
}

func (m *MemoryCoordinator) listShards(ctx context.Context) ([]memShard, error) {
	in := &kinesis.ListShardsInput{StreamName: aws.String(m.stream)}
	if len(m.stream) > 4 && m.stream[:4] == "arn:" {
		in = &kinesis.ListShardsInput{StreamARN: aws.String(m.stream)}
	}
	var out []memShard
	for {
		page, err := m.kin.ListShards(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, s := range page.Shards {
			sh := memShard{id: aws.ToString(s.ShardId)}
			for _, p := range []*string{s.ParentShardId, s.AdjacentParentShardId} {
				if p != nil {
					sh.parents = append(sh.parents, *p)
				}
			}
			sh.closed = s.SequenceNumberRange != nil && s.SequenceNumberRange.EndingSequenceNumber != nil
			out = append(out, sh)
		}
		if page.NextToken == nil {
			return out, nil
		}
		in = &kinesis.ListShardsInput{NextToken: page.NextToken}
	}
}

// expire removes silent members and forces overdue handoffs.
func (m *MemoryCoordinator) expire() {
	now := m.opts.Clock.Now()
	for id, seen := range m.members {
		if !now.Before(seen.Add(m.opts.LeaseDuration)) {
			m.remove(id)
		}
	}
	for _, l := range m.leases {
		if l.handoffTo != "" && !now.Before(l.handoffBy) {
			l.owner, l.handoffTo = "", ""
		}
	}
}

func (m *MemoryCoordinator) remove(member string) {
	delete(m.members, member)
	for _, l := range m.leases {
		if l.owner == member {
			l.owner, l.handoffTo = "", ""
		}
		if l.handoffTo == member {
			l.handoffTo = ""
		}
	}
}

// assign rebalances and returns member's assignment; m.mu is held.
func (m *MemoryCoordinator) assign(shards []memShard, member string) *Assignment {
	if !m.started {
		m.start(shards)
	}
	assignable := m.assignable(shards)
	for id := range m.leases {
		if !slices.Contains(assignable, id) {
			delete(m.leases, id)
		}
	}
	ids := m.memberIDs()
	load := m.loads()
	for _, id := range assignable {
		if l := m.leases[id]; l == nil || l.owner == "" {
			m.epoch++
			to := leastLoadedMember(load, ids)
			m.leases[id] = &memLease{owner: to, epoch: m.epoch}
			load[to]++
		}
	}
	m.startHandoff(load, ids)
	return m.assignmentOf(shards, member)
}

// start notes the shards open when the group starts (read from LATEST
// under Latest) and, under Latest, finishes those already closed.
func (m *MemoryCoordinator) start(shards []memShard) {
	m.started = true
	for _, s := range shards {
		switch {
		case !s.closed:
			m.initial[s.id] = true
		case m.opts.Start.Type == types.ShardIteratorTypeLatest:
			m.checkpoints[s.id] = Checkpoint{ShardID: s.id, ShardEnd: true}
		}
	}
}

// assignable lists the shards not finished whose listed parents are.
func (m *MemoryCoordinator) assignable(shards []memShard) []string {
	listed := map[string]bool{}
	for _, s := range shards {
		listed[s.id] = true
	}
	var out []string
	for _, s := range shards {
		if m.checkpoints[s.id].ShardEnd {
			continue
		}
		ready := true
		for _, p := range s.parents {
			if listed[p] && !m.checkpoints[p].ShardEnd {
				ready = false
			}
		}
		if ready {
			out = append(out, s.id)
		}
	}
	return out
}

func (m *MemoryCoordinator) memberIDs() []string {
	ids := make([]string, 0, len(m.members))
	for id := range m.members {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// loads counts each member's leases as they will be after the handoffs.
func (m *MemoryCoordinator) loads() map[string]int {
	load := map[string]int{}
	for id := range m.members {
		load[id] = 0
	}
	for _, l := range m.leases {
		switch {
		case l.handoffTo != "":
			load[l.handoffTo]++
		case l.owner != "":
			load[l.owner]++
		}
	}
	return load
}

func leastLoadedMember(load map[string]int, ids []string) string {
	best := ids[0]
	for _, id := range ids[1:] {
		if load[id] < load[best] {
			best = id
		}
	}
	return best
}

// startHandoff moves one shard from the most to the least loaded member
// when they differ by two or more and no handoff is under way.
func (m *MemoryCoordinator) startHandoff(load map[string]int, ids []string) {
	for _, l := range m.leases {
		if l.handoffTo != "" {
			return
		}
	}
	to, from := leastLoadedMember(load, ids), ids[0]
	for _, id := range ids[1:] {
		if load[id] > load[from] {
			from = id
		}
	}
	if load[from]-load[to] < 2 {
		return
	}
	var held []string
	for id, l := range m.leases {
		if l.owner == from {
			held = append(held, id)
		}
	}
	slices.Sort(held)
	l := m.leases[held[len(held)-1]]
	l.handoffTo, l.handoffBy = to, m.opts.Clock.Now().Add(m.opts.LeaseDuration)
}

// assignmentOf is member's view of its leases.
func (m *MemoryCoordinator) assignmentOf(shards []memShard, member string) *Assignment {
	a := &Assignment{LeaseDuration: m.opts.LeaseDuration, HeartbeatInterval: m.opts.LeaseDuration / 3}
	for _, s := range shards {
		l := m.leases[s.id]
		if l == nil || l.owner != member {
			continue
		}
		lease := Lease{ShardID: s.id, Epoch: l.epoch, ParentShardIDs: s.parents, Start: m.startOf(s.id)}
		if l.handoffTo != "" {
			a.Revoked = append(a.Revoked, lease)
		} else {
			a.Leases = append(a.Leases, lease)
		}
	}
	return a
}

// startOf is where a shard is resumed.
func (m *MemoryCoordinator) startOf(shard string) ShardPosition {
	if cp := m.checkpoints[shard]; cp.SequenceNumber != "" {
		return ShardPosition{Type: types.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: cp.SequenceNumber}
	}
	switch start := m.opts.Start; {
	case start.Type == types.ShardIteratorTypeAtTimestamp:
		return ShardPosition{Type: start.Type, Timestamp: start.Timestamp}
	case start.Type == types.ShardIteratorTypeLatest && m.initial[shard]:
		return ShardPosition{Type: types.ShardIteratorTypeLatest}
	}
	return ShardPosition{Type: types.ShardIteratorTypeTrimHorizon}
}
