package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/cli"
	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/config"
	"github.com/sluicemq/sluice/internal/servertest"
)

// seedConfig declares a FIFO queue before its dead-letter queue, tags, and
// a provisioned stream of four shards.
const seedConfig = `
queues:
  - name: orders.fifo
    attributes:
      VisibilityTimeout: 45
      ContentBasedDeduplication: true
      RedrivePolicy: {deadLetterTargetArn: orders-dlq.fifo, maxReceiveCount: 5}
    tags: {team: payments, env: prod}
  - name: orders-dlq.fifo
    attributes:
      MessageRetentionPeriod: 1209600
streams:
  - name: clicks
    shards: 4
    retention_hours: 48
    tags: {team: web}
`

// loadConfig writes yaml to a file and loads it as sluice serve would.
func loadConfig(t *testing.T, yaml string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sluice.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := config.Read(nil, func(k string) (string, bool) {
		if k == "SLUICE_CONFIG" {
			return path, true
		}
		return "", false
	})
	if err != nil {
		t.Fatalf("read configuration: %v", err)
	}
	return c
}

func readyz(t *testing.T, client *http.Client, base string) int {
	t.Helper()
	resp, err := client.Get(base + "/readyz")
	if err != nil {
		t.Fatalf("GET /readyz: %v", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// seeded is what a client sees of the seeded resources.
type seeded struct {
	orders, dlq         map[string]string // all attributes
	ordersTags, dlqTags map[string]string
	stream              *ktypes.StreamDescriptionSummary
	streamTags          []ktypes.Tag
	shards              int
}

func observe(t *testing.T, ctx context.Context, sq *sqs.Client, kc *kinesis.Client) seeded {
	t.Helper()
	var s seeded
	for _, q := range []struct {
		name        string
		attrs, tags *map[string]string
	}{{"orders.fifo", &s.orders, &s.ordersTags}, {"orders-dlq.fifo", &s.dlq, &s.dlqTags}} {
		url, err := sq.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(q.name)})
		if err != nil {
			t.Fatalf("GetQueueUrl %s: %v", q.name, err)
		}
		attrs, err := sq.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url.QueueUrl,
			AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll}})
		if err != nil {
			t.Fatalf("GetQueueAttributes %s: %v", q.name, err)
		}
		*q.attrs = attrs.Attributes
		tags, err := sq.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url.QueueUrl})
		if err != nil {
			t.Fatalf("ListQueueTags %s: %v", q.name, err)
		}
		*q.tags = tags.Tags
	}
	sum, err := kc.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("clicks")})
	if err != nil {
		t.Fatalf("DescribeStreamSummary: %v", err)
	}
	s.stream = sum.StreamDescriptionSummary
	tags, err := kc.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("clicks")})
	if err != nil {
		t.Fatalf("ListTagsForStream: %v", err)
	}
	s.streamTags = tags.Tags
	shards, err := kc.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("clicks")})
	if err != nil {
		t.Fatalf("ListShards: %v", err)
	}
	s.shards = len(shards.Shards)
	return s
}

func TestConfigFile_SeedsQueuesAndStreamsIdempotently(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	cfg := loadConfig(t, seedConfig)
	dataDir := t.TempDir()
	clk := clocktest.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))

	srv := servertest.Start(t, servertest.WithConfig(cfg), servertest.WithDataDir(dataDir), servertest.WithClock(clk))
	if code := readyz(t, http.DefaultClient, srv.URL); code != http.StatusOK {
		t.Fatalf("readyz = %d, want 200", code)
	}
	first := observe(t, ctx, srv.SQS(t), srv.Kinesis(t))

	dlqArn := "arn:aws:sqs:us-east-1:" + account + ":orders-dlq.fifo"
	wantOrders := map[string]string{
		"FifoQueue": "true", "VisibilityTimeout": "45", "ContentBasedDeduplication": "true",
		"RedrivePolicy":    `{"deadLetterTargetArn":"` + dlqArn + `","maxReceiveCount":5}`,
		"DelaySeconds":     "0",
		"QueueArn":         "arn:aws:sqs:us-east-1:" + account + ":orders.fifo",
		"CreatedTimestamp": "1772366400", "LastModifiedTimestamp": "1772366400",
	}
	for name, want := range wantOrders {
		if got := first.orders[name]; got != want {
			t.Errorf("orders.fifo %s = %q, want %q", name, got, want)
		}
	}
	if got := first.dlq["MessageRetentionPeriod"]; got != "1209600" || first.dlq["FifoQueue"] != "true" {
		t.Errorf("orders-dlq.fifo attributes = %v, want FIFO with MessageRetentionPeriod 1209600", first.dlq)
	}
	if _, ok := first.dlq["RedrivePolicy"]; ok {
		t.Errorf("orders-dlq.fifo has a RedrivePolicy: %v", first.dlq)
	}
	if want := map[string]string{"team": "payments", "env": "prod"}; !reflect.DeepEqual(first.ordersTags, want) {
		t.Errorf("orders.fifo tags = %v, want %v", first.ordersTags, want)
	}
	if len(first.dlqTags) != 0 {
		t.Errorf("orders-dlq.fifo tags = %v, want none", first.dlqTags)
	}
	st := first.stream
	if aws.ToInt32(st.OpenShardCount) != 4 || first.shards != 4 || aws.ToInt32(st.RetentionPeriodHours) != 48 ||
		st.StreamModeDetails == nil || st.StreamModeDetails.StreamMode != ktypes.StreamModeProvisioned ||
		st.StreamStatus != ktypes.StreamStatusActive {
		t.Errorf("stream clicks: %d open shards (%d listed), %d h retention, mode %v, status %s; want 4, 48 h, PROVISIONED, ACTIVE",
			aws.ToInt32(st.OpenShardCount), first.shards, aws.ToInt32(st.RetentionPeriodHours), st.StreamModeDetails, st.StreamStatus)
	}
	if len(first.streamTags) != 1 || aws.ToString(first.streamTags[0].Key) != "team" || aws.ToString(first.streamTags[0].Value) != "web" {
		t.Errorf("stream tags = %v, want team=web", first.streamTags)
	}

	// Restart on the same data an hour later: nothing is written again, so
	// even the modification timestamps stay.
	srv.Stop(t)
	clk.Advance(time.Hour)
	srv = servertest.Start(t, servertest.WithConfig(cfg), servertest.WithDataDir(dataDir), servertest.WithClock(clk))
	if code := readyz(t, http.DefaultClient, srv.URL); code != http.StatusOK {
		t.Fatalf("readyz after restart = %d, want 200", code)
	}
	second := observe(t, ctx, srv.SQS(t), srv.Kinesis(t))
	if !reflect.DeepEqual(first.orders, second.orders) || !reflect.DeepEqual(first.dlq, second.dlq) {
		t.Errorf("attributes changed by the second apply:\nbefore %v %v\nafter  %v %v", first.orders, first.dlq, second.orders, second.dlq)
	}
	if !reflect.DeepEqual(first.ordersTags, second.ordersTags) || !reflect.DeepEqual(first.dlqTags, second.dlqTags) {
		t.Errorf("tags changed by the second apply: %v -> %v", first.ordersTags, second.ordersTags)
	}
	if !reflect.DeepEqual(first.stream, second.stream) || second.shards != 4 {
		t.Errorf("stream changed by the second apply:\nbefore %+v\nafter  %+v", first.stream, second.stream)
	}
}

func TestConfigFile_BrokenFileListsEveryErrorAndServeDoesNotStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "sluice.yaml")
	broken := `listen: 127.0.0.1:0
queues:
  - name: orders.fifo
    attributes:
      VisibilityTimeout: forever
      RedrivePolicy: {deadLetterTargetArn: orders-dlq.fifo, maxReceiveCount: 5}
    owner: me
  - name: orders-dlq
streams:
  - name: clicks
    shards: 4
    retention: 48
credentials:
  - {access_key_id: AKIDX, secret_access_key: "", account: "111111111111"}
`
	if err := os.WriteFile(path, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), []string{"serve", "--config", path, "--data-dir", filepath.Join(dir, "data")},
		cli.IO{Out: &out, Err: &errOut, LookupEnv: func(string) (string, bool) { return "", false }})
	if code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	for _, want := range []string{
		path + `:5: attribute VisibilityTimeout: "forever" is not a whole number`,
		path + `:7: queue: unknown key "owner"`,
		path + `:12: stream: unknown key "retention"`,
		path + `:6: queue "orders.fifo": RedrivePolicy: dead-letter queue "orders-dlq.fifo" is not declared`,
		path + `:14: credential 1: access key "AKIDX": empty secret`,
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr does not list %q:\n%s", want, errOut.String())
		}
	}
	if strings.Contains(errOut.String(), "sluice serving") {
		t.Errorf("serve started:\n%s", errOut.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); !os.IsNotExist(err) {
		t.Errorf("the data directory was created (err %v)", err)
	}
}
