package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
)

// streamStatus is the status DescribeStreamSummary reports.
func (h *kinesisHarness) streamStatus(t *testing.T, name string) ktypes.StreamStatus {
	t.Helper()
	out, err := h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatalf("DescribeStreamSummary %s: %v", name, err)
	}
	return out.StreamDescriptionSummary.StreamStatus
}

func TestKinesisSettings_StateDelay(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(epoch)
	cfg := loadConfig(t, "kinesis:\n  state_delay: 500ms\n")
	h := newKinesisHarness(t, servertest.WithConfig(cfg), servertest.WithClock(clk))

	name := h.createStream(t, 2)
	if got := h.streamStatus(t, name); got != ktypes.StreamStatusCreating {
		t.Fatalf("status just after CreateStream = %s, want CREATING", got)
	}
	_, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name),
		PartitionKey: aws.String("k"), Data: []byte("too early")})
	wantAPIError(t, err, "ResourceNotFoundException")

	clk.Advance(499 * time.Millisecond)
	if got := h.streamStatus(t, name); got != ktypes.StreamStatusCreating {
		t.Fatalf("status 499ms after CreateStream = %s, want CREATING", got)
	}
	clk.Advance(time.Millisecond)
	if got := h.streamStatus(t, name); got != ktypes.StreamStatusActive {
		t.Fatalf("status 500ms after CreateStream = %s, want ACTIVE", got)
	}
	h.put(t, name, "k", []byte("in time"))

	if _, err := h.kin.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	if got := h.streamStatus(t, name); got != ktypes.StreamStatusDeleting {
		t.Fatalf("status just after DeleteStream = %s, want DELETING", got)
	}
	clk.Advance(500 * time.Millisecond)
	_, err = h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	wantAPIError(t, err, "ResourceNotFoundException")
}

func TestKinesisSettings_ThroughputLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		yaml       string
		wantFailed int32 // of 1500 records put into one shard at one instant
	}{
		{name: "On", yaml: "kinesis:\n  throughput_limits: true\n", wantFailed: 500},
		{name: "OffByDefault", yaml: "listen: 127.0.0.1:0\n", wantFailed: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := clocktest.New(epoch)
			h := newKinesisHarness(t, servertest.WithConfig(loadConfig(t, tt.yaml)), servertest.WithClock(clk))
			name := h.createStream(t, 1)

			var failed int32
			for batch := range 3 {
				out := h.putBatch(t, name, batch, 500)
				failed += aws.ToInt32(out.FailedRecordCount)
				for _, r := range out.Records {
					if r.ErrorCode != nil && aws.ToString(r.ErrorCode) != "ProvisionedThroughputExceededException" {
						t.Errorf("record failed with %s: %s", aws.ToString(r.ErrorCode), aws.ToString(r.ErrorMessage))
					}
				}
			}
			if failed != tt.wantFailed {
				t.Fatalf("FailedRecordCount over 1500 records in one second = %d, want %d", failed, tt.wantFailed)
			}

			// A second later the shard takes records again.
			clk.Advance(time.Second)
			if out := h.putBatch(t, name, 3, 500); aws.ToInt32(out.FailedRecordCount) != 0 {
				t.Errorf("FailedRecordCount a second later = %d, want 0", aws.ToInt32(out.FailedRecordCount))
			}
		})
	}
}

// putBatch puts n small records into a stream with one PutRecords call.
func (h *kinesisHarness) putBatch(t *testing.T, name string, batch, n int) *kinesis.PutRecordsOutput {
	t.Helper()
	entries := make([]ktypes.PutRecordsRequestEntry, n)
	for i := range entries {
		entries[i] = ktypes.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprintf("k%d-%d", batch, i)),
			Data: []byte("payload")}
	}
	out, err := h.kin.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String(name), Records: entries})
	if err != nil {
		t.Fatalf("PutRecords %s: %v", name, err)
	}
	return out
}
