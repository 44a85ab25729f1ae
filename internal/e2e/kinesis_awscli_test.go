package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestKinesis_AWSCLI runs the README's Kinesis commands with the AWS CLI.
func TestKinesis_AWSCLI(t *testing.T) {
	t.Parallel()
	cli := awsCLI(t)
	h := newKinesisHarness(t)
	home := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"AWS_ACCESS_KEY_ID=test",
		"AWS_SECRET_ACCESS_KEY=test",
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"),
		"AWS_PAGER=",
		"AWS_EC2_METADATA_DISABLED=true",
	}
	version, err := exec.CommandContext(h.ctx, cli, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("aws --version: %v: %s", err, version)
	}
	// CLI v2 reads blobs as base64 unless told otherwise; v1 knows no such flag.
	var rawBlobs []string
	if strings.HasPrefix(string(version), "aws-cli/2") {
		rawBlobs = []string{"--cli-binary-format", "raw-in-base64-out"}
	}

	run := func(args ...string) map[string]any {
		t.Helper()
		cmd := exec.CommandContext(h.ctx, cli, append([]string{"--endpoint-url", h.srv.URL, "--output", "json", "kinesis"}, args...)...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("aws kinesis %v: %v\nstderr: %s", args, err, stderr.String())
		}
		out := map[string]any{}
		if stdout.Len() > 0 {
			if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
				t.Fatalf("aws kinesis %v printed %q: %v", args, stdout.String(), err)
			}
		}
		return out
	}

	name := queueName(t, "")
	run("create-stream", "--stream-name", name, "--shard-count", "2")
	put := run(append([]string{"put-record", "--stream-name", name, "--partition-key", "user-1", "--data", "hello, kinesis"}, rawBlobs...)...)
	shard, _ := put["ShardId"].(string)
	seq, _ := put["SequenceNumber"].(string)
	if !strings.HasPrefix(shard, "shardId-") || seq == "" {
		t.Fatalf("put-record printed %v", put)
	}
	it := run("get-shard-iterator", "--stream-name", name, "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON")
	iterator, _ := it["ShardIterator"].(string)
	got := run("get-records", "--shard-iterator", iterator)
	recs, _ := got["Records"].([]any)
	if len(recs) != 1 {
		t.Fatalf("get-records printed %v", got)
	}
	rec, _ := recs[0].(map[string]any)
	encoded, _ := rec["Data"].(string)
	data, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || string(data) != "hello, kinesis" || rec["SequenceNumber"] != seq {
		t.Errorf("record = %v (data %q)", rec, data)
	}

	cmd := exec.CommandContext(h.ctx, cli, "--endpoint-url", h.srv.URL, "kinesis", "describe-stream-summary", "--stream-name", "missing")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "ResourceNotFoundException") ||
		!strings.Contains(string(out), "Stream missing under account "+account+" not found.") {
		t.Errorf("describe-stream-summary of a missing stream: %v, %s", err, out)
	}
}
