package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// awsCLI finds the AWS CLI: $SLUICE_AWSCLI, else aws on PATH. With
// SLUICE_REQUIRE_AWSCLI=1 (as in CI) a missing CLI fails the test.
func awsCLI(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("SLUICE_AWSCLI"); path != "" {
		return path
	}
	path, err := exec.LookPath("aws")
	if err != nil {
		if os.Getenv("SLUICE_REQUIRE_AWSCLI") == "1" {
			t.Fatalf("SLUICE_REQUIRE_AWSCLI=1 but the AWS CLI is not installed: %v", err)
		}
		t.Skip("aws not on PATH; install awscli or set SLUICE_REQUIRE_AWSCLI=1 to make this an error")
	}
	return path
}

func TestAWSCLI(t *testing.T) {
	t.Parallel()
	cli := awsCLI(t)
	h := newHarness(t)
	home := t.TempDir()

	run := func(args ...string) map[string]any {
		t.Helper()
		cmd := exec.CommandContext(h.ctx, cli, append([]string{"--endpoint-url", h.srv.URL, "--output", "json", "sqs"}, args...)...)
		cmd.Env = []string{
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
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("aws sqs %v: %v\nstderr: %s", args, err, stderr.String())
		}
		out := map[string]any{}
		if stdout.Len() > 0 {
			if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
				t.Fatalf("aws sqs %v printed %q: %v", args, stdout.String(), err)
			}
		}
		return out
	}

	name := queueName(t, "")
	created := run("create-queue", "--queue-name", name)
	queueURL, _ := created["QueueUrl"].(string)
	if want := h.srv.URL + "/" + account + "/" + name; queueURL != want {
		t.Fatalf("create-queue QueueUrl = %q, want %q", queueURL, want)
	}

	sent := run("send-message", "--queue-url", queueURL, "--message-body", "from the CLI",
		"--message-attributes", `{"source":{"DataType":"String","StringValue":"cli"}}`)
	if sent["MessageId"] == nil || sent["MD5OfMessageBody"] == nil || sent["MD5OfMessageAttributes"] == nil {
		t.Errorf("send-message printed %v", sent)
	}

	received := run("receive-message", "--queue-url", queueURL, "--message-attribute-names", "All",
		"--attribute-names", "All", "--wait-time-seconds", "1")
	msgs, _ := received["Messages"].([]any)
	if len(msgs) != 1 {
		t.Fatalf("receive-message printed %v, want one message", received)
	}
	msg, _ := msgs[0].(map[string]any)
	if msg["Body"] != "from the CLI" || msg["MessageId"] != sent["MessageId"] {
		t.Errorf("received %v, want the sent message", msg)
	}
	if msg["MD5OfMessageAttributes"] != sent["MD5OfMessageAttributes"] {
		t.Errorf("received MD5OfMessageAttributes %v, sent %v", msg["MD5OfMessageAttributes"], sent["MD5OfMessageAttributes"])
	}
	handle, _ := msg["ReceiptHandle"].(string)

	run("delete-message", "--queue-url", queueURL, "--receipt-handle", handle)
	attrs := run("get-queue-attributes", "--queue-url", queueURL, "--attribute-names", "All")
	values, _ := attrs["Attributes"].(map[string]any)
	if values["ApproximateNumberOfMessages"] != "0" || values["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Errorf("after delete-message the queue reports %v", values)
	}
}
