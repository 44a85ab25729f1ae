package e2e

import (
	"fmt"
	"math/big"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// split splits a shard of a stream at the middle of its hash key range.
func split(t *testing.T, h *kinesisHarness, name, shard string) {
	t.Helper()
	var rng *ktypes.HashKeyRange
	for _, sh := range h.shards(t, name) {
		if aws.ToString(sh.ShardId) == shard {
			rng = sh.HashKeyRange
		}
	}
	if rng == nil {
		t.Fatalf("no shard %s in %s", shard, name)
	}
	lo, _ := new(big.Int).SetString(aws.ToString(rng.StartingHashKey), 10)
	hi, _ := new(big.Int).SetString(aws.ToString(rng.EndingHashKey), 10)
	mid := new(big.Int).Add(lo, hi)
	mid.Rsh(mid, 1)
	if _, err := h.kin.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String(name),
		ShardToSplit: aws.String(shard), NewStartingHashKey: aws.String(mid.String())}); err != nil {
		t.Fatalf("SplitShard %s: %v", shard, err)
	}
}

// putAt writes one record with an explicit hash key.
func (h *kinesisHarness) putAt(t *testing.T, name, hashKey, data string) string {
	t.Helper()
	out, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
		ExplicitHashKey: aws.String(hashKey), Data: []byte(data)})
	if err != nil {
		t.Fatalf("PutRecord %s: %v", data, err)
	}
	return aws.ToString(out.ShardId)
}

// readClosed reads a closed shard to its end and returns its records and
// the ChildShards reported there.
func (h *kinesisHarness) readClosed(t *testing.T, name, shard string) ([]string, []ktypes.ChildShard) {
	t.Helper()
	it := h.trimHorizon(t, name, shard)
	var data []string
	for range 100 {
		out, err := h.kin.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(it)})
		if err != nil {
			t.Fatalf("GetRecords %s: %v", shard, err)
		}
		data = append(data, dataOf(out.Records)...)
		if out.NextShardIterator == nil {
			return data, out.ChildShards
		}
		it = aws.ToString(out.NextShardIterator)
	}
	t.Fatalf("closed shard %s never ends", shard)
	return nil, nil
}

// Hash keys inside the four quarters of the hash key space.
var quarterKeys = func() [4]string {
	var keys [4]string
	quarter := new(big.Int).Lsh(big.NewInt(1), 126)
	for i := range keys {
		k := new(big.Int).Mul(quarter, big.NewInt(int64(i)))
		keys[i] = k.Add(k, big.NewInt(12345)).String()
	}
	return keys
}()

func TestKinesis_SplitAndMerge(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	h.putAt(t, name, quarterKeys[0], "before-low")
	h.putAt(t, name, quarterKeys[3], "before-high")
	split(t, h, name, "shardId-000000000000")
	if got := h.putAt(t, name, quarterKeys[0], "after-split-low"); got != "shardId-000000000001" {
		t.Errorf("low key after the split went to %s", got)
	}
	if got := h.putAt(t, name, quarterKeys[3], "after-split-high"); got != "shardId-000000000002" {
		t.Errorf("high key after the split went to %s", got)
	}

	parent, children := h.readClosed(t, name, "shardId-000000000000")
	if !slices.Equal(parent, []string{"before-low", "before-high"}) {
		t.Errorf("parent holds %q", parent)
	}
	if ids := childIDs(children); !slices.Equal(ids, []string{"shardId-000000000001", "shardId-000000000002"}) {
		t.Fatalf("ChildShards of the split shard = %q", ids)
	}
	for _, c := range children {
		if !slices.Equal(c.ParentShards, []string{"shardId-000000000000"}) || c.HashKeyRange == nil {
			t.Errorf("child %s: parents %q, range %v", aws.ToString(c.ShardId), c.ParentShards, c.HashKeyRange)
		}
	}
	_, err := h.kin.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String(name),
		ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String(quarterKeys[2])})
	wantAPIError(t, err, "InvalidArgumentException")

	if _, err := h.kin.MergeShards(h.ctx, &kinesis.MergeShardsInput{StreamName: aws.String(name),
		ShardToMerge: aws.String("shardId-000000000001"), AdjacentShardToMerge: aws.String("shardId-000000000002")}); err != nil {
		t.Fatal(err)
	}
	if got := h.putAt(t, name, quarterKeys[1], "after-merge"); got != "shardId-000000000003" {
		t.Errorf("after the merge a record went to %s", got)
	}
	for i, want := range []string{"after-split-low", "after-split-high"} {
		shard := fmt.Sprintf("shardId-%012d", i+1)
		data, kids := h.readClosed(t, name, shard)
		if !slices.Equal(data, []string{want}) {
			t.Errorf("%s holds %q, want %q", shard, data, want)
		}
		if len(kids) != 1 || aws.ToString(kids[0].ShardId) != "shardId-000000000003" || len(kids[0].ParentShards) != 2 {
			t.Errorf("%s ChildShards = %+v, want the merged shard with both parents", shard, kids)
		}
	}
	recs, _ := h.readShard(t, h.trimHorizon(t, name, "shardId-000000000003"))
	if got := dataOf(recs); !slices.Equal(got, []string{"after-merge"}) {
		t.Errorf("merged shard holds %q", got)
	}
	merged := h.shards(t, name)[3]
	if aws.ToString(merged.ParentShardId) != "shardId-000000000001" || aws.ToString(merged.AdjacentParentShardId) != "shardId-000000000002" {
		t.Errorf("merged shard parents = %s, %s", aws.ToString(merged.ParentShardId), aws.ToString(merged.AdjacentParentShardId))
	}
}

func childIDs(children []ktypes.ChildShard) []string {
	ids := make([]string, len(children))
	for i, c := range children {
		ids[i] = aws.ToString(c.ShardId)
	}
	slices.Sort(ids)
	return ids
}

// TestKinesis_UpdateShardCountKeepsOrder writes a sequence per quarter of
// the hash key space across two scalings and reads every shard in lineage
// order (parents before children), checking that each quarter's records
// come back complete and in order.
func TestKinesis_UpdateShardCountKeepsOrder(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 2)
	var want [4][]string
	write := func(round int) {
		for q, key := range quarterKeys {
			for i := range 3 {
				data := fmt.Sprintf("q%d-r%d-%d", q, round, i)
				h.putAt(t, name, key, data)
				want[q] = append(want[q], data)
			}
		}
	}
	write(0)
	for round, target := range []int32{4, 2} {
		out, err := h.kin.UpdateShardCount(h.ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String(name),
			TargetShardCount: aws.Int32(target), ScalingType: ktypes.ScalingTypeUniformScaling})
		if err != nil {
			t.Fatalf("UpdateShardCount %d: %v", target, err)
		}
		if aws.ToInt32(out.TargetShardCount) != target {
			t.Errorf("UpdateShardCount TargetShardCount = %d", aws.ToInt32(out.TargetShardCount))
		}
		sum, err := h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		if got := aws.ToInt32(sum.StreamDescriptionSummary.OpenShardCount); got != target {
			t.Fatalf("open shards after UpdateShardCount %d = %d", target, got)
		}
		write(round + 1)
	}

	// Read in lineage order: a shard only after its parents.
	shards := h.shards(t, name)
	done := map[string]bool{}
	var got [4][]string
	for len(done) < len(shards) {
		progressed := false
		for _, sh := range shards {
			id := aws.ToString(sh.ShardId)
			if done[id] || !parentsDone(sh, done) {
				continue
			}
			recs, last := h.readShard(t, h.trimHorizon(t, name, id))
			if sh.SequenceNumberRange.EndingSequenceNumber != nil {
				data, kids := h.readClosed(t, name, id)
				if len(data) != len(recs) || len(kids) == 0 {
					t.Errorf("closed %s: %d records then %d, %d children", id, len(recs), len(data), len(kids))
				}
			} else if last.NextShardIterator == nil {
				t.Errorf("open %s has no NextShardIterator", id)
			}
			for _, r := range recs {
				var q int
				fmt.Sscanf(string(r.Data), "q%d-", &q)
				got[q] = append(got[q], string(r.Data))
			}
			done[id] = true
			progressed = true
		}
		if !progressed {
			t.Fatalf("shard lineage has a cycle or a missing parent: %+v", shards)
		}
	}
	for q := range want {
		if !slices.Equal(got[q], want[q]) {
			t.Errorf("quarter %d read as %q, want %q", q, got[q], want[q])
		}
	}
}

func parentsDone(sh ktypes.Shard, done map[string]bool) bool {
	for _, p := range []*string{sh.ParentShardId, sh.AdjacentParentShardId} {
		if p != nil && !done[*p] {
			return false
		}
	}
	return true
}
