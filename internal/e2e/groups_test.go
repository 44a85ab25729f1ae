package e2e

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/worker/stream"
)

// apiGroups is sluice's consumer group API, for raw requests: signed for
// kinesis, refused as Kinesis refuses.
var apiGroups = authAPI{name: "Groups", service: "kinesis", contentType: "application/x-amz-json-1.1",
	target: stream.TargetPrefix + ".", kinesis: true}

// groupsHarness is a server with a stream, and Kinesis and group clients.
type groupsHarness struct {
	*kinesisHarness
	groups *stream.GroupClient
	name   string
}

func newGroupsHarness(t *testing.T, shards int32, opts ...servertest.Option) *groupsHarness {
	t.Helper()
	h := &groupsHarness{kinesisHarness: newKinesisHarness(t, opts...)}
	h.groups = groupClientOf(t, h.srv.AWSConfig(), nil)
	h.name = h.createStream(t, shards)
	return h
}

// groupClientOf returns a group client for cfg, signing at clk's time
// (nil: the wall clock).
func groupClientOf(t *testing.T, cfg aws.Config, clk *clocktest.Fake) *stream.GroupClient {
	t.Helper()
	opts := stream.GroupClientOptions{}
	if clk != nil {
		opts.Clock = clk
	}
	c, err := stream.NewGroupClient(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (h *groupsHarness) join(t *testing.T, group, member string, start string) *stream.WireAssignment {
	t.Helper()
	a, err := h.groups.JoinGroup(h.ctx, &stream.JoinGroupInput{StreamName: h.name, GroupName: group, MemberID: member,
		StartingPosition: &stream.StartingPosition{Type: start}})
	if err != nil {
		t.Fatalf("JoinGroup %s: %v", member, err)
	}
	return a
}

func (h *groupsHarness) heartbeat(t *testing.T, group, member string) *stream.WireAssignment {
	t.Helper()
	a, err := h.groups.Heartbeat(h.ctx, &stream.MemberInput{StreamName: h.name, GroupName: group, MemberID: member})
	if err != nil {
		t.Fatalf("Heartbeat %s: %v", member, err)
	}
	return a
}

func (h *groupsHarness) checkpoint(group, member string, l stream.WireLease, seq string, release bool) error {
	return h.groups.Checkpoint(h.ctx, &stream.CheckpointInput{StreamName: h.name, GroupName: group, MemberID: member,
		ShardID: l.ShardID, LeaseEpoch: l.LeaseEpoch, SequenceNumber: seq, Release: release})
}

func (h *groupsHarness) describe(t *testing.T, group string) *stream.GroupDescription {
	t.Helper()
	d, err := h.groups.DescribeGroup(h.ctx, &stream.GroupInput{StreamName: h.name, GroupName: group})
	if err != nil {
		t.Fatalf("DescribeGroup %s: %v", group, err)
	}
	return d
}

func leaseIDs(ls []stream.WireLease) []string {
	out := []string{}
	for _, l := range ls {
		out = append(out, l.ShardID)
	}
	return out
}

// wantGroupError checks that err is the group API's error code, with
// words in its message.
func wantGroupError(t *testing.T, what string, err error, code, words string) {
	t.Helper()
	apiErr, ok := errors.AsType[*stream.APIError](err)
	if !ok || apiErr.Code != code || apiErr.StatusCode != http.StatusBadRequest || !strings.Contains(apiErr.Message, words) {
		t.Fatalf("%s: error %v, want %s (400) saying %q", what, err, code, words)
	}
}

func TestGroups_JoinRebalanceLeaveOverTheWire(t *testing.T) {
	t.Parallel()
	h := newGroupsHarness(t, 4)
	a := h.join(t, "g", "a", "TRIM_HORIZON")
	if len(a.Leases) != 4 || a.LeaseDurationMillis != 10000 || a.HeartbeatIntervalMillis != 3333 || a.MemberID != "a" {
		t.Fatalf("first member's assignment = %+v", a)
	}
	if b := h.join(t, "g", "b", "TRIM_HORIZON"); len(b.Leases) != 0 {
		t.Fatalf("b got %v before a released anything", leaseIDs(b.Leases))
	}
	for range 2 {
		a = h.heartbeat(t, "g", "a")
		if len(a.Revoked) != 1 {
			t.Fatalf("a's revoked shards = %v, want one at a time", leaseIDs(a.Revoked))
		}
		if err := h.checkpoint("g", "a", a.Revoked[0], "", true); err != nil {
			t.Fatalf("release: %v", err)
		}
	}
	a, b := h.heartbeat(t, "g", "a"), h.heartbeat(t, "g", "b")
	if len(a.Leases) != 2 || len(b.Leases) != 2 {
		t.Fatalf("after two handoffs a holds %v, b %v", leaseIDs(a.Leases), leaseIDs(b.Leases))
	}
	if err := h.groups.LeaveGroup(h.ctx, &stream.MemberInput{StreamName: h.name, GroupName: "g", MemberID: "b"}); err != nil {
		t.Fatalf("LeaveGroup: %v", err)
	}
	if a = h.heartbeat(t, "g", "a"); len(a.Leases) != 4 {
		t.Fatalf("after b left a holds %v", leaseIDs(a.Leases))
	}
	_, err := h.groups.Heartbeat(h.ctx, &stream.MemberInput{StreamName: h.name, GroupName: "g", MemberID: "b"})
	wantGroupError(t, "heartbeat after leaving", err, "MemberNotFoundException", "Join the group again")
	if !errors.Is(err, stream.ErrMemberNotFound) {
		t.Errorf("errors.Is(%v, ErrMemberNotFound) is false", err)
	}
	list, err := h.groups.ListGroups(h.ctx, &stream.ListGroupsInput{StreamARN: streamARN(h.name)})
	if err != nil || len(list.Groups) != 1 || list.Groups[0].GroupName != "g" || list.Groups[0].MemberCount != 1 ||
		list.Groups[0].StartingPosition.Type != "TRIM_HORIZON" {
		t.Fatalf("ListGroups = %+v, %v", list, err)
	}
	if err := h.groups.DeleteGroup(h.ctx, &stream.GroupInput{StreamName: h.name, GroupName: "g"}); err != nil {
		t.Fatalf("DeleteGroup: %v", err)
	}
	_, err = h.groups.Heartbeat(h.ctx, &stream.MemberInput{StreamName: h.name, GroupName: "g", MemberID: "a"})
	wantGroupError(t, "heartbeat in a deleted group", err, "ResourceNotFoundException", "Group g of stream")
}

func TestGroups_LeasesExpireOnTheServerClock(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	h := newGroupsHarness(t, 2, servertest.WithClock(clk))
	h.join(t, "g", "a", "LATEST")
	h.join(t, "g", "b", "LATEST")
	a := h.heartbeat(t, "g", "a")
	if err := h.checkpoint("g", "a", a.Revoked[0], "", true); err != nil {
		t.Fatalf("release: %v", err)
	}
	h.heartbeat(t, "g", "b")
	clk.Advance(9 * time.Second)
	if b := h.heartbeat(t, "g", "b"); len(b.Leases) != 1 {
		t.Fatalf("b holds %v while a's lease runs", leaseIDs(b.Leases))
	}
	clk.Advance(time.Second)
	if b := h.heartbeat(t, "g", "b"); len(b.Leases) != 2 {
		t.Fatalf("b holds %v once a was silent for 10 s", leaseIDs(b.Leases))
	}
	d := h.describe(t, "g")
	if len(d.Members) != 1 || d.Members[0].MemberID != "b" || d.LeaseDurationMillis != 10000 ||
		!d.Members[0].LeaseExpiryTimestamp.Time().Equal(clk.Now().Add(10*time.Second)) {
		t.Fatalf("DescribeGroup = %+v", d)
	}
}

func TestGroups_StaleEpochIsFenced(t *testing.T) {
	t.Parallel()
	h := newGroupsHarness(t, 1)
	first := h.put(t, h.name, "k", []byte("one"))
	second := h.put(t, h.name, "k", []byte("two"))
	a := h.join(t, "g", "a", "TRIM_HORIZON")
	old := a.Leases[0]
	if err := h.checkpoint("g", "a", old, aws.ToString(first.SequenceNumber), false); err != nil {
		t.Fatalf("Checkpoint: %v", err)
	}
	err := h.groups.ResetGroup(h.ctx, &stream.ResetGroupInput{StreamName: h.name, GroupName: "g",
		StartingPosition: stream.StartingPosition{Type: "TRIM_HORIZON"}})
	if err != nil {
		t.Fatalf("ResetGroup: %v", err)
	}
	err = h.checkpoint("g", "a", old, aws.ToString(second.SequenceNumber), false)
	wantGroupError(t, "a checkpoint with a stale epoch", err, "LeaseLostException", "stale epoch")
	if !errors.Is(err, stream.ErrLeaseLost) {
		t.Errorf("errors.Is(%v, ErrLeaseLost) is false", err)
	}
	renewed := h.heartbeat(t, "g", "a").Leases[0]
	if renewed.LeaseEpoch == old.LeaseEpoch || renewed.StartingPosition.Type != "TRIM_HORIZON" {
		t.Fatalf("lease after ResetGroup = %+v", renewed)
	}
	err = h.checkpoint("g", "a", renewed, aws.ToString(second.SequenceNumber), false)
	if err != nil {
		t.Fatalf("checkpoint with the new epoch: %v", err)
	}
	if d := h.describe(t, "g"); d.Shards[0].Checkpoint != aws.ToString(second.SequenceNumber) || d.Shards[0].LeaseEpoch != renewed.LeaseEpoch {
		t.Fatalf("shard after the checkpoint: %+v", d.Shards[0])
	}
}

func TestGroups_ChildrenAfterTheirParentOnSplitShard(t *testing.T) {
	t.Parallel()
	h := newGroupsHarness(t, 1)
	last := h.put(t, h.name, "k", []byte("parent"))
	_, err := h.kin.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String(h.name),
		ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String("170141183460469231731687303715884105728")})
	if err != nil {
		t.Fatalf("SplitShard: %v", err)
	}
	a := h.join(t, "g", "a", "TRIM_HORIZON")
	if got := leaseIDs(a.Leases); len(got) != 1 || got[0] != "shardId-000000000000" {
		t.Fatalf("before the parent is read a holds %v", got)
	}
	d := h.describe(t, "g")
	if d.Shards[0].ShardState != "CLOSED" || d.Shards[1].State != "WAITING" || d.Shards[2].State != "WAITING" ||
		d.Shards[1].ParentShardIDs[0] != "shardId-000000000000" {
		t.Fatalf("shards before the parent is read: %+v", d.Shards)
	}
	err = h.groups.Checkpoint(h.ctx, &stream.CheckpointInput{StreamName: h.name, GroupName: "g", MemberID: "a",
		ShardID: a.Leases[0].ShardID, LeaseEpoch: a.Leases[0].LeaseEpoch, SequenceNumber: aws.ToString(last.SequenceNumber),
		ShardEnd: true})
	if err != nil {
		t.Fatalf("SHARD_END checkpoint: %v", err)
	}
	if got := leaseIDs(h.heartbeat(t, "g", "a").Leases); len(got) != 2 || got[0] != "shardId-000000000001" {
		t.Fatalf("after SHARD_END a holds %v, want the two children", got)
	}
	if d := h.describe(t, "g"); d.Shards[0].State != "FINISHED" {
		t.Fatalf("parent after SHARD_END: %+v", d.Shards[0])
	}
}

func TestGroups_CheckpointsSurviveARestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := newGroupsHarness(t, 2, servertest.WithDataDir(dir))
	rec := h.put(t, h.name, "k", []byte("one"))
	h.put(t, h.name, "k", []byte("two"))
	a := h.join(t, "g", "a", "TRIM_HORIZON")
	var held stream.WireLease
	for _, l := range a.Leases {
		if l.ShardID == aws.ToString(rec.ShardId) {
			held = l
		}
	}
	if err := h.checkpoint("g", "a", held, aws.ToString(rec.SequenceNumber), false); err != nil {
		t.Fatalf("Checkpoint: %v", err)
	}
	h.srv.Stop(t)

	srv := servertest.Start(t, servertest.WithDataDir(dir))
	h.srv, h.kin, h.groups = srv, srv.Kinesis(t), groupClientOf(t, srv.AWSConfig(), nil)
	_, err := h.groups.Heartbeat(h.ctx, &stream.MemberInput{StreamName: h.name, GroupName: "g", MemberID: "a"})
	wantGroupError(t, "heartbeat after a restart", err, "MemberNotFoundException", "restarted")
	err = h.checkpoint("g", "a", held, aws.ToString(rec.SequenceNumber), false)
	wantGroupError(t, "a checkpoint of a lease from before the restart", err, "MemberNotFoundException", "Member a")
	again := h.join(t, "g", "a", "LATEST")
	for _, l := range again.Leases {
		if l.LeaseEpoch == held.LeaseEpoch {
			t.Errorf("epoch %d handed out again after the restart", l.LeaseEpoch)
		}
		if l.ShardID != held.ShardID {
			continue
		}
		if l.StartingPosition.Type != "AFTER_SEQUENCE_NUMBER" || l.StartingPosition.SequenceNumber != aws.ToString(rec.SequenceNumber) {
			t.Fatalf("after the restart %s starts at %+v", l.ShardID, l.StartingPosition)
		}
		it := h.iterator(t, &kinesis.GetShardIteratorInput{StreamName: aws.String(h.name), ShardId: aws.String(l.ShardID),
			ShardIteratorType: ktypes.ShardIteratorType(l.StartingPosition.Type), StartingSequenceNumber: aws.String(l.StartingPosition.SequenceNumber)})
		if recs, _ := h.readShard(t, it); len(recs) != 1 || string(recs[0].Data) != "two" {
			t.Fatalf("reading from the checkpoint gives %v, want [two]", dataOf(recs))
		}
	}
	if d := h.describe(t, "g"); d.StartingPosition.Type != "TRIM_HORIZON" {
		t.Fatalf("the group's start position after the restart: %+v", d.StartingPosition)
	}
}

func TestGroups_RequestsAreChecked(t *testing.T) {
	t.Parallel()
	h := newGroupsHarness(t, 1)
	_, err := h.groups.JoinGroup(h.ctx, &stream.JoinGroupInput{StreamName: h.name, GroupName: "bad name!"})
	wantGroupError(t, "a bad group name", err, "ValidationException", "groupName")
	_, err = h.groups.JoinGroup(h.ctx, &stream.JoinGroupInput{StreamName: h.name, GroupName: "g",
		StartingPosition: &stream.StartingPosition{Type: "SOMEWHERE"}})
	wantGroupError(t, "a bad start", err, "ValidationException", "Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]")
	_, err = h.groups.JoinGroup(h.ctx, &stream.JoinGroupInput{StreamName: "nope", GroupName: "g"})
	wantGroupError(t, "a missing stream", err, "ResourceNotFoundException", "Stream nope under account")
	a := h.join(t, "g", "", "LATEST")
	if !strings.HasPrefix(a.MemberID, "member-") {
		t.Errorf("a member id picked by the server: %q", a.MemberID)
	}
	err = h.checkpoint("g", a.MemberID, a.Leases[0], "12345", false)
	wantGroupError(t, "a number of no shard", err, "InvalidArgumentException", "is not a sequence number of shard")
	err = h.groups.Checkpoint(h.ctx, &stream.CheckpointInput{StreamName: h.name, GroupName: "g", MemberID: a.MemberID,
		ShardID: "shardId-000000000000", LeaseEpoch: a.Leases[0].LeaseEpoch})
	wantGroupError(t, "a checkpoint of nothing", err, "ValidationException", "sequenceNumber")
	list, err := h.groups.ListGroups(h.ctx, &stream.ListGroupsInput{StreamName: h.name})
	if err != nil || len(list.Groups) != 1 {
		t.Fatalf("refused joins created groups: %+v, %v", list, err)
	}
}

func TestGroups_LagOnMetrics(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	h := newGroupsHarness(t, 1, servertest.WithClock(clk))
	first := h.put(t, h.name, "k", []byte("one"))
	h.put(t, h.name, "k", []byte("two"))
	h.put(t, h.name, "k", []byte("three"))
	a := h.join(t, "g", "a", "TRIM_HORIZON")
	if err := h.checkpoint("g", "a", a.Leases[0], aws.ToString(first.SequenceNumber), false); err != nil {
		t.Fatalf("Checkpoint: %v", err)
	}
	clk.Advance(1500 * time.Millisecond)
	labels := []string{"account", account, "stream", h.name, "group", "g", "shard", "shardId-000000000000"}
	families := scrape(t, h.srv)
	wantValues(t, families, map[string]float64{
		"sluice_kinesis_records_behind_latest": 2,
		"sluice_kinesis_millis_behind_latest":  1500,
	}, labels...)
	wantValues(t, families, map[string]float64{"sluice_kinesis_groups_not_reported": 0})
	d := h.describe(t, "g")
	if s := d.Shards[0]; s.RecordsBehindLatest != 2 || s.MillisBehindLatest != 1500 {
		t.Fatalf("DescribeGroup's lag: %+v", s)
	}
}
