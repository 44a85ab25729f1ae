package stream

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestService_SplitShard(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	for i := range 10 {
		b.put(t, "s", fmt.Sprint("k", i), fmt.Sprint("before", i))
	}
	mid := "170141183460469231731687303715884105728"
	if err := b.svc.SplitShard(b.ctx, ref("s"), "shardId-000000000000", mid); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		b.put(t, "s", fmt.Sprint("k", i), fmt.Sprint("after", i))
	}
	parent, last := b.readAll(t, "s", "shardId-000000000000")
	if len(parent) != 10 || parent[0] != "before0" || parent[9] != "before9" {
		t.Fatalf("parent shard holds %v", parent)
	}
	if last.NextShardIterator != "" || len(last.ChildShards) != 2 {
		t.Fatalf("end of closed shard: next %q, children %+v", last.NextShardIterator, last.ChildShards)
	}
	for i, c := range last.ChildShards {
		if c.ShardID != ShardID(i+1) || !slices.Equal(c.ParentShards, []string{"shardId-000000000000"}) {
			t.Errorf("child %d = %+v", i, c)
		}
	}
	if last.ChildShards[1].StartingHashKey != mid {
		t.Errorf("second child starts at %s, want %s", last.ChildShards[1].StartingHashKey, mid)
	}
	left, _ := b.readAll(t, "s", "shardId-000000000001")
	right, _ := b.readAll(t, "s", "shardId-000000000002")
	if len(left)+len(right) != 10 {
		t.Fatalf("children hold %v and %v", left, right)
	}
	for i := range 10 {
		k := partitionHashKey(fmt.Sprint("k", i))
		want := &left
		if compareHashKeys(k, mustHashKey(t, mid)) >= 0 {
			want = &right
		}
		if !slices.Contains(*want, fmt.Sprint("after", i)) {
			t.Errorf("after%d is not in the child that covers its hash key", i)
		}
	}
	// LATEST on a closed shard is at its end.
	res := b.getRecords(t, b.iterator(t, "s", "shardId-000000000000", IteratorLatest, ""), 10)
	if len(res.Records) != 0 || res.NextShardIterator != "" || len(res.ChildShards) != 2 {
		t.Fatalf("LATEST on a closed shard: %+v", res)
	}
	err := b.svc.SplitShard(b.ctx, ref("s"), "shardId-000000000000", mid)
	wantKind(t, err, ErrInvalidArgument, "Shard shardId-000000000000 in stream s under account 000000000000 has "+
		"already been merged or split, and thus is not eligible for merging or splitting.")
	err = b.svc.SplitShard(b.ctx, ref("s"), "shardId-000000000001", "1")
	wantKind(t, err, ErrInvalidArgument, "NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000001 in "+
		"stream s under account 000000000000 is not both greater than one plus the shard's StartingHashKey 0 and less "+
		"than the shard's EndingHashKey 170141183460469231731687303715884105727.")
	desc, err := b.svc.DescribeStream(b.ctx, &DescribeStreamParams{Stream: ref("s")})
	if err != nil {
		t.Fatal(err)
	}
	if len(desc.Shards) != 3 || desc.Shards[0].EndingSequenceNumber == "" || desc.Shards[1].EndingSequenceNumber != "" ||
		desc.Shards[2].ParentShardID != "shardId-000000000000" || desc.OpenShardCount != 2 {
		t.Fatalf("DescribeStream after split: %+v", desc)
	}
}

func TestService_MergeShards(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 3)
	err := b.svc.MergeShards(b.ctx, ref("s"), "shardId-000000000000", "shardId-000000000002")
	wantKind(t, err, ErrInvalidArgument, "Shards shardId-000000000000 and shardId-000000000002 in stream s under "+
		"account 000000000000 are not an adjacent pair of shards eligible for merging")
	b.put(t, "s", "a", "in-0")
	// AWS merges a shard with the one after it, not the one before.
	err = b.svc.MergeShards(b.ctx, ref("s"), "shardId-000000000001", "shardId-000000000000")
	wantKind(t, err, ErrInvalidArgument, "Shards shardId-000000000001 and shardId-000000000000 in stream s under "+
		"account 000000000000 are not an adjacent pair of shards eligible for merging")
	if err := b.svc.MergeShards(b.ctx, ref("s"), "shardId-000000000000", "shardId-000000000001"); err != nil {
		t.Fatal(err)
	}
	if got := b.put(t, "s", "a", "in-3").ShardID; got != "shardId-000000000003" {
		t.Fatalf("record after merge went to %s", got)
	}
	_, last := b.readAll(t, "s", "shardId-000000000000")
	want := ChildShard{ShardID: "shardId-000000000003", ParentShards: []string{"shardId-000000000000", "shardId-000000000001"},
		StartingHashKey: "0", EndingHashKey: "226854911280625642308916404954512140969"}
	if len(last.ChildShards) != 1 || fmt.Sprint(last.ChildShards[0]) != fmt.Sprint(want) {
		t.Fatalf("children = %+v, want %+v", last.ChildShards, want)
	}
	data, _ := b.readAll(t, "s", "shardId-000000000003")
	if !slices.Equal(data, []string{"in-3"}) {
		t.Fatalf("merged shard holds %v", data)
	}
}

func TestService_UpdateShardCount(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 2)
	keys := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	n := 0
	putRound := func() {
		for _, k := range keys {
			b.put(t, "s", k, fmt.Sprintf("%s/%03d", k, n))
			n++
		}
	}
	putRound()
	for _, target := range []int{3, 6, 4, 2, 1, 2} {
		res, err := b.svc.UpdateShardCount(b.ctx, ref("s"), target, ScalingTypeUniform)
		if err != nil {
			t.Fatalf("UpdateShardCount(%d): %v", target, err)
		}
		if res.Target != target {
			t.Fatalf("result %+v", res)
		}
		b.clock.Advance(time.Second)
		checkUniform(t, b, target)
		putRound()
	}
	// Read every shard in index order (parents come before children) and
	// check that each key's records come out complete and in order.
	list, err := b.svc.ListShards(b.ctx, &ListShardsParams{Account: testAccount, Stream: ref("s")})
	if err != nil {
		t.Fatal(err)
	}
	perKey := map[string][]string{}
	total := 0
	for _, sh := range list.Shards {
		data, _ := b.readAll(t, "s", sh.ShardID)
		for _, d := range data {
			perKey[d[:1]] = append(perKey[d[:1]], d)
			total++
		}
	}
	if total != n {
		t.Fatalf("read %d records across the lineage, put %d", total, n)
	}
	for k, ds := range perKey {
		if !slices.IsSorted(ds) {
			t.Errorf("records of key %s out of order: %v", k, ds)
		}
	}
	_, err = b.svc.UpdateShardCount(b.ctx, ref("s"), 5, ScalingTypeUniform)
	wantKind(t, err, ErrLimitExceeded, "UpdateShardCount cannot scale up over double your current open shard count. "+
		"Current open shard count: 2 Target shard count: 5")
}

// checkUniform checks that the open shards split the key space evenly into n.
func checkUniform(t *testing.T, b *testBundle, n int) {
	t.Helper()
	list, err := b.svc.ListShards(b.ctx, &ListShardsParams{Account: testAccount, Stream: ref("s"),
		Filter: &ShardFilter{Type: FilterAtLatest}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Shards) != n {
		t.Fatalf("%d open shards, want %d", len(list.Shards), n)
	}
	slices.SortFunc(list.Shards, func(x, y ShardInfo) int {
		return compareHashKeys(mustHashKey(t, x.StartingHashKey), mustHashKey(t, y.StartingHashKey))
	})
	for i, r := range splitEvenly(n) {
		if list.Shards[i].StartingHashKey != hashKeyString(r[0]) || list.Shards[i].EndingHashKey != hashKeyString(r[1]) {
			t.Fatalf("open shard %d covers [%s, %s], want [%s, %s]", i, list.Shards[i].StartingHashKey,
				list.Shards[i].EndingHashKey, hashKeyString(r[0]), hashKeyString(r[1]))
		}
	}
}

func mustHashKey(t *testing.T, s string) hashKey {
	k, ok := parseHashKey(s)
	if !ok {
		t.Fatalf("bad hash key %q", s)
	}
	return k
}

func TestService_ReshardOnDemand(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	if err := b.svc.CreateStream(b.ctx, &CreateStreamParams{Stream: ref("od"), Mode: ModeOnDemand}); err != nil {
		t.Fatal(err)
	}
	desc, err := b.svc.DescribeStreamSummary(b.ctx, ref("od"))
	if err != nil || desc.OpenShardCount != 4 || desc.Mode != ModeOnDemand {
		t.Fatalf("on-demand stream: %+v, %v", desc, err)
	}
	_, err = b.svc.UpdateShardCount(b.ctx, ref("od"), 2, ScalingTypeUniform)
	wantKind(t, err, ErrValidation, "")
	err = b.svc.SplitShard(b.ctx, ref("od"), "shardId-000000000000", "12")
	wantKind(t, err, ErrValidation, "")
}

func TestService_UpdateShardCountFromUnevenShards(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 2)
	if err := b.svc.SplitShard(b.ctx, ref("s"), "shardId-000000000001", "200000000000000000000000000000000000000"); err != nil {
		t.Fatal(err)
	}
	if err := b.svc.MergeShards(b.ctx, ref("s"), "shardId-000000000000", "shardId-000000000002"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.UpdateShardCount(b.ctx, ref("s"), 3, ScalingTypeUniform); err != nil {
		t.Fatal(err)
	}
	checkUniform(t, b, 3)
	desc, err := b.svc.DescribeStream(b.ctx, &DescribeStreamParams{Stream: ref("s")})
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range desc.Shards {
		idx, _ := parseShardID(sh.ShardID)
		if idx > 1 && sh.ParentShardID == "" { // shards 0 and 1 are the initial ones
			t.Errorf("shard %s has no parent", sh.ShardID)
		}
	}
}
