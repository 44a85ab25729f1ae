package e2e

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

func TestKinesis_CreateDescribeDelete(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 3)
	desc, err := h.kin.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	d := desc.StreamDescription
	if aws.ToString(d.StreamARN) != streamARN(name) || d.StreamStatus != ktypes.StreamStatusActive ||
		len(d.Shards) != 3 || aws.ToInt32(d.RetentionPeriodHours) != 24 || d.EncryptionType != ktypes.EncryptionTypeNone {
		t.Fatalf("DescribeStream = ARN %s, status %s, %d shards, retention %d, encryption %s",
			aws.ToString(d.StreamARN), d.StreamStatus, len(d.Shards), aws.ToInt32(d.RetentionPeriodHours), d.EncryptionType)
	}
	if d.StreamModeDetails == nil || d.StreamModeDetails.StreamMode != ktypes.StreamModeProvisioned {
		t.Errorf("StreamModeDetails = %+v, want PROVISIONED", d.StreamModeDetails)
	}
	if got, want := aws.ToString(d.Shards[2].HashKeyRange.EndingHashKey), "340282366920938463463374607431768211455"; got != want {
		t.Errorf("last shard ends at %s, want %s", got, want)
	}
	if aws.ToString(d.Shards[0].SequenceNumberRange.StartingSequenceNumber) == "" {
		t.Error("shard 0 has no StartingSequenceNumber")
	}

	sum, err := h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamARN: aws.String(streamARN(name))})
	if err != nil {
		t.Fatal(err)
	}
	s := sum.StreamDescriptionSummary
	if aws.ToString(s.StreamName) != name || aws.ToInt32(s.OpenShardCount) != 3 || aws.ToInt32(s.ConsumerCount) != 0 ||
		aws.ToInt32(s.MaxRecordSizeInKiB) != 1024 {
		t.Errorf("DescribeStreamSummary = name %s, %d open shards, %d consumers, max record %d KiB",
			aws.ToString(s.StreamName), aws.ToInt32(s.OpenShardCount), aws.ToInt32(s.ConsumerCount), aws.ToInt32(s.MaxRecordSizeInKiB))
	}

	_, err = h.kin.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(1)})
	wantAPIError(t, err, "ResourceInUseException")

	if _, err := h.kin.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	_, err = h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	apiErr := wantAPIError(t, err, "ResourceNotFoundException")
	if want := fmt.Sprintf("Stream %s under account %s not found.", name, account); apiErr.ErrorMessage() != want {
		t.Errorf("message = %q, want %q", apiErr.ErrorMessage(), want)
	}
}

func TestKinesis_OnDemandStream(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := queueName(t, "")
	_, err := h.kin.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name),
		StreamModeDetails: &ktypes.StreamModeDetails{StreamMode: ktypes.StreamModeOnDemand}})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	s := sum.StreamDescriptionSummary
	if s.StreamModeDetails == nil || s.StreamModeDetails.StreamMode != ktypes.StreamModeOnDemand || aws.ToInt32(s.OpenShardCount) < 1 {
		t.Fatalf("summary = mode %+v, %d open shards", s.StreamModeDetails, aws.ToInt32(s.OpenShardCount))
	}
	h.put(t, name, "a", []byte("on demand"))

	// Resharding is for provisioned streams only.
	_, err = h.kin.UpdateShardCount(h.ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String(name),
		TargetShardCount: aws.Int32(8), ScalingType: ktypes.ScalingTypeUniformScaling})
	wantAPIError(t, err, "ValidationException")

	limits, err := h.kin.DescribeLimits(h.ctx, &kinesis.DescribeLimitsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt32(limits.OnDemandStreamCount) != 1 || aws.ToInt32(limits.OnDemandStreamCountLimit) < 1 ||
		aws.ToInt32(limits.ShardLimit) < aws.ToInt32(limits.OpenShardCount) || aws.ToInt32(limits.OpenShardCount) != aws.ToInt32(s.OpenShardCount) {
		t.Errorf("DescribeLimits = shards %d/%d, on-demand streams %d/%d", aws.ToInt32(limits.OpenShardCount),
			aws.ToInt32(limits.ShardLimit), aws.ToInt32(limits.OnDemandStreamCount), aws.ToInt32(limits.OnDemandStreamCountLimit))
	}

	if _, err := h.kin.UpdateStreamWarmThroughput(h.ctx, &kinesis.UpdateStreamWarmThroughputInput{StreamName: aws.String(name),
		WarmThroughputMiBps: aws.Int32(100)}); err != nil {
		t.Fatal(err)
	}
	warm, err := h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if w := warm.StreamDescriptionSummary.WarmThroughput; w == nil || aws.ToInt32(w.TargetMiBps) != 100 {
		t.Errorf("WarmThroughput after UpdateStreamWarmThroughput 100 = %+v", w)
	}

	// Switching to provisioned keeps the shards.
	if _, err := h.kin.UpdateStreamMode(h.ctx, &kinesis.UpdateStreamModeInput{StreamARN: aws.String(streamARN(name)),
		StreamModeDetails: &ktypes.StreamModeDetails{StreamMode: ktypes.StreamModeProvisioned}}); err != nil {
		t.Fatal(err)
	}
	sum, err = h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if sum.StreamDescriptionSummary.StreamModeDetails.StreamMode != ktypes.StreamModeProvisioned {
		t.Errorf("mode after UpdateStreamMode = %s", sum.StreamDescriptionSummary.StreamModeDetails.StreamMode)
	}
}

func TestKinesis_ListStreamsPages(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	var names []string
	for range 5 {
		names = append(names, h.createStream(t, 1))
	}
	slices.Sort(names)
	var got []string
	var summaries int
	in := &kinesis.ListStreamsInput{Limit: aws.Int32(2)}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("ListStreams does not end")
		}
		out, err := h.kin.ListStreams(h.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.StreamNames) > 2 {
			t.Fatalf("page of %d names with Limit 2", len(out.StreamNames))
		}
		got = append(got, out.StreamNames...)
		summaries += len(out.StreamSummaries)
		if !aws.ToBool(out.HasMoreStreams) {
			break
		}
		in = &kinesis.ListStreamsInput{NextToken: out.NextToken, Limit: aws.Int32(2)}
	}
	if !slices.Equal(got, names) || summaries != len(names) {
		t.Fatalf("ListStreams pages = %q (%d summaries), want %q", got, summaries, names)
	}

	// The older form pages with ExclusiveStartStreamName.
	out, err := h.kin.ListStreams(h.ctx, &kinesis.ListStreamsInput{ExclusiveStartStreamName: aws.String(names[2])})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.StreamNames, names[3:]) {
		t.Errorf("after %s: %q, want %q", names[2], out.StreamNames, names[3:])
	}
}

func TestKinesis_ListShards(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 5)
	var ids []string
	in := &kinesis.ListShardsInput{StreamName: aws.String(name), MaxResults: aws.Int32(2)}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("ListShards does not end")
		}
		out, err := h.kin.ListShards(h.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range out.Shards {
			ids = append(ids, aws.ToString(sh.ShardId))
		}
		if out.NextToken == nil {
			break
		}
		// NextToken carries the stream: StreamName must not come with it.
		in = &kinesis.ListShardsInput{NextToken: out.NextToken, MaxResults: aws.Int32(2)}
	}
	want := []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004"}
	if !slices.Equal(ids, want) {
		t.Fatalf("ListShards pages = %q, want %q", ids, want)
	}

	out, err := h.kin.ListShards(h.ctx, &kinesis.ListShardsInput{StreamARN: aws.String(streamARN(name)),
		ShardFilter: &ktypes.ShardFilter{Type: ktypes.ShardFilterTypeAfterShardId, ShardId: aws.String("shardId-000000000002")}})
	if err != nil {
		t.Fatal(err)
	}
	if got := shardIDsOf(out.Shards); !slices.Equal(got, want[3:]) {
		t.Errorf("AFTER_SHARD_ID shardId-000000000002 = %q, want %q", got, want[3:])
	}

	// After a split, AT_LATEST lists only the open shards.
	split(t, h, name, "shardId-000000000000")
	out, err = h.kin.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String(name),
		ShardFilter: &ktypes.ShardFilter{Type: ktypes.ShardFilterTypeAtLatest}})
	if err != nil {
		t.Fatal(err)
	}
	if got := shardIDsOf(out.Shards); slices.Contains(got, "shardId-000000000000") || len(got) != 6 {
		t.Errorf("AT_LATEST after a split = %q, want the 6 open shards", got)
	}
	out, err = h.kin.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String(name),
		ShardFilter: &ktypes.ShardFilter{Type: ktypes.ShardFilterTypeAtTrimHorizon}})
	if err != nil {
		t.Fatal(err)
	}
	if got := shardIDsOf(out.Shards); !slices.Equal(got, want) {
		t.Errorf("AT_TRIM_HORIZON after a split = %q, want the 5 original shards", got)
	}
}

func shardIDsOf(shards []ktypes.Shard) []string {
	ids := make([]string, len(shards))
	for i, sh := range shards {
		ids[i] = aws.ToString(sh.ShardId)
	}
	return ids
}

func TestKinesis_Retention(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	retention := func() int32 {
		t.Helper()
		out, err := h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToInt32(out.StreamDescriptionSummary.RetentionPeriodHours)
	}
	if _, err := h.kin.IncreaseStreamRetentionPeriod(h.ctx, &kinesis.IncreaseStreamRetentionPeriodInput{
		StreamName: aws.String(name), RetentionPeriodHours: aws.Int32(168)}); err != nil {
		t.Fatal(err)
	}
	if got := retention(); got != 168 {
		t.Fatalf("retention after increase = %d", got)
	}
	_, err := h.kin.IncreaseStreamRetentionPeriod(h.ctx, &kinesis.IncreaseStreamRetentionPeriodInput{
		StreamName: aws.String(name), RetentionPeriodHours: aws.Int32(48)})
	wantAPIError(t, err, "InvalidArgumentException")
	if _, err := h.kin.DecreaseStreamRetentionPeriod(h.ctx, &kinesis.DecreaseStreamRetentionPeriodInput{
		StreamARN: aws.String(streamARN(name)), RetentionPeriodHours: aws.Int32(48)}); err != nil {
		t.Fatal(err)
	}
	if got := retention(); got != 48 {
		t.Fatalf("retention after decrease = %d", got)
	}
	_, err = h.kin.DecreaseStreamRetentionPeriod(h.ctx, &kinesis.DecreaseStreamRetentionPeriodInput{
		StreamName: aws.String(name), RetentionPeriodHours: aws.Int32(12)})
	wantAPIError(t, err, "InvalidArgumentException")
	if got := retention(); got != 48 {
		t.Fatalf("retention after a refused decrease = %d", got)
	}
}

func TestKinesis_Tags(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	if _, err := h.kin.AddTagsToStream(h.ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String(name),
		Tags: map[string]string{"team": "data", "env": "test"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.kin.TagResource(h.ctx, &kinesis.TagResourceInput{ResourceARN: aws.String(streamARN(name)),
		Tags: map[string]string{"owner": "ana"}}); err != nil {
		t.Fatal(err)
	}
	legacy, err := h.kin.ListTagsForStream(h.ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if got := tagMap(legacy.Tags); len(got) != 3 || got["team"] != "data" || got["owner"] != "ana" || aws.ToBool(legacy.HasMoreTags) {
		t.Fatalf("ListTagsForStream = %v (more %v)", got, aws.ToBool(legacy.HasMoreTags))
	}
	page, err := h.kin.ListTagsForStream(h.ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String(name),
		ExclusiveStartTagKey: aws.String("env"), Limit: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Tags) != 1 || aws.ToString(page.Tags[0].Key) != "owner" || !aws.ToBool(page.HasMoreTags) {
		t.Errorf("page after env = %v, more %v; want owner and more", tagMap(page.Tags), aws.ToBool(page.HasMoreTags))
	}

	if _, err := h.kin.RemoveTagsFromStream(h.ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: aws.String(name),
		TagKeys: []string{"env"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.kin.UntagResource(h.ctx, &kinesis.UntagResourceInput{ResourceARN: aws.String(streamARN(name)),
		TagKeys: []string{"owner"}}); err != nil {
		t.Fatal(err)
	}
	res, err := h.kin.ListTagsForResource(h.ctx, &kinesis.ListTagsForResourceInput{ResourceARN: aws.String(streamARN(name))})
	if err != nil {
		t.Fatal(err)
	}
	if got := tagMap(res.Tags); len(got) != 1 || got["team"] != "data" {
		t.Fatalf("ListTagsForResource = %v, want team=data", got)
	}
}

func tagMap(tags []ktypes.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, tag := range tags {
		m[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	return m
}

func TestKinesis_EncryptionAndMonitoring(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	if _, err := h.kin.StartStreamEncryption(h.ctx, &kinesis.StartStreamEncryptionInput{StreamName: aws.String(name),
		EncryptionType: ktypes.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")}); err != nil {
		t.Fatal(err)
	}
	mon, err := h.kin.EnableEnhancedMonitoring(h.ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: aws.String(name),
		ShardLevelMetrics: []ktypes.MetricsName{ktypes.MetricsNameIncomingBytes, ktypes.MetricsNameOutgoingRecords}})
	if err != nil {
		t.Fatal(err)
	}
	if len(mon.CurrentShardLevelMetrics) != 0 || len(mon.DesiredShardLevelMetrics) != 2 {
		t.Errorf("EnableEnhancedMonitoring = current %v, desired %v", mon.CurrentShardLevelMetrics, mon.DesiredShardLevelMetrics)
	}
	put := h.put(t, name, "k", []byte("secret"))
	if put.EncryptionType != ktypes.EncryptionTypeKms {
		t.Errorf("PutRecord EncryptionType = %s, want KMS", put.EncryptionType)
	}
	recs, _ := h.readShard(t, h.trimHorizon(t, name, "shardId-000000000000"))
	if len(recs) != 1 || recs[0].EncryptionType != ktypes.EncryptionTypeKms || string(recs[0].Data) != "secret" {
		t.Fatalf("records = %+v", recs)
	}
	desc, err := h.kin.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	d := desc.StreamDescription
	if d.EncryptionType != ktypes.EncryptionTypeKms || aws.ToString(d.KeyId) != "alias/aws/kinesis" ||
		len(d.EnhancedMonitoring) != 1 || len(d.EnhancedMonitoring[0].ShardLevelMetrics) != 2 {
		t.Fatalf("DescribeStream = encryption %s key %s, monitoring %+v", d.EncryptionType, aws.ToString(d.KeyId), d.EnhancedMonitoring)
	}

	off, err := h.kin.DisableEnhancedMonitoring(h.ctx, &kinesis.DisableEnhancedMonitoringInput{StreamName: aws.String(name),
		ShardLevelMetrics: []ktypes.MetricsName{ktypes.MetricsNameAll}})
	if err != nil {
		t.Fatal(err)
	}
	if len(off.DesiredShardLevelMetrics) != 0 {
		t.Errorf("DisableEnhancedMonitoring ALL leaves %v", off.DesiredShardLevelMetrics)
	}
	if _, err := h.kin.StopStreamEncryption(h.ctx, &kinesis.StopStreamEncryptionInput{StreamName: aws.String(name),
		EncryptionType: ktypes.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")}); err != nil {
		t.Fatal(err)
	}
	sum, err := h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if sum.StreamDescriptionSummary.EncryptionType != ktypes.EncryptionTypeNone {
		t.Errorf("encryption after StopStreamEncryption = %s", sum.StreamDescriptionSummary.EncryptionType)
	}
}

func TestKinesis_ResourcePolicyAndAccountSettings(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kinesis:GetRecords","Resource":"%s"}]}`,
		account, streamARN(name))
	if _, err := h.kin.PutResourcePolicy(h.ctx, &kinesis.PutResourcePolicyInput{ResourceARN: aws.String(streamARN(name)),
		Policy: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	got, err := h.kin.GetResourcePolicy(h.ctx, &kinesis.GetResourcePolicyInput{ResourceARN: aws.String(streamARN(name))})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.Policy) != policy {
		t.Errorf("GetResourcePolicy = %s", aws.ToString(got.Policy))
	}
	if _, err := h.kin.DeleteResourcePolicy(h.ctx, &kinesis.DeleteResourcePolicyInput{ResourceARN: aws.String(streamARN(name))}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.kin.UpdateAccountSettings(h.ctx, &kinesis.UpdateAccountSettingsInput{
		MinimumThroughputBillingCommitment: &ktypes.MinimumThroughputBillingCommitmentInput{
			Status: ktypes.MinimumThroughputBillingCommitmentInputStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	settings, err := h.kin.DescribeAccountSettings(h.ctx, &kinesis.DescribeAccountSettingsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if c := settings.MinimumThroughputBillingCommitment; c == nil || c.Status != ktypes.MinimumThroughputBillingCommitmentOutputStatusEnabled {
		t.Errorf("DescribeAccountSettings = %+v, want the commitment ENABLED", c)
	}
}

func TestKinesis_DescribeStreamPages(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 3)
	first, err := h.kin.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(name), Limit: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	d := first.StreamDescription
	if got := shardIDsOf(d.Shards); len(got) != 2 || !aws.ToBool(d.HasMoreShards) {
		t.Fatalf("DescribeStream Limit 2 = %q, more %v", got, aws.ToBool(d.HasMoreShards))
	}
	rest, err := h.kin.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(name),
		ExclusiveStartShardId: d.Shards[1].ShardId})
	if err != nil {
		t.Fatal(err)
	}
	if got := shardIDsOf(rest.StreamDescription.Shards); !slices.Equal(got, []string{"shardId-000000000002"}) ||
		aws.ToBool(rest.StreamDescription.HasMoreShards) {
		t.Errorf("DescribeStream after shard 1 = %q, more %v", got, aws.ToBool(rest.StreamDescription.HasMoreShards))
	}
}
