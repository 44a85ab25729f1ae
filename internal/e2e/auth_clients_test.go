package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/servertest"
)

// clientEnv is the environment of an external client signing with k: no
// shared configuration, no metadata service, sluice's region.
func clientEnv(home string, k authKey) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"AWS_ACCESS_KEY_ID=" + k.ID,
		"AWS_SECRET_ACCESS_KEY=" + k.Secret,
		"AWS_DEFAULT_REGION=" + servertest.Region,
		"AWS_REGION=" + servertest.Region,
		"AWS_CONFIG_FILE=" + filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"),
		"AWS_PAGER=",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_MAX_ATTEMPTS=1",
	}
}

// runClient runs a command and returns its stdout, stderr and whether it
// succeeded.
func runClient(ctx context.Context, t *testing.T, env []string, dir string, name string, args ...string) (string, string, bool) {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Dir = env, dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return stdout.String(), stderr.String(), err == nil
}

// TestAuth_AWSCLI drives the AWS CLI (Debian's speaks the SQS query
// protocol) with a configured key, then a wrong secret and an unknown key.
func TestAuth_AWSCLI(t *testing.T) {
	t.Parallel()
	cli := awsCLI(t)
	srv := authServer(t)
	ctx := testContext(t)
	home := t.TempDir()
	aws := func(k authKey, args ...string) (string, string, bool) {
		t.Helper()
		return runClient(ctx, t, clientEnv(home, k), "", cli, append([]string{"--endpoint-url", srv.URL, "--output", "json"}, args...)...)
	}
	mustAWS := func(args ...string) map[string]any {
		t.Helper()
		stdout, stderr, ok := aws(keyAlice, args...)
		if !ok {
			t.Fatalf("aws %v: %s", args, stderr)
		}
		out := map[string]any{}
		if strings.TrimSpace(stdout) != "" {
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Fatalf("aws %v printed %q: %v", args, stdout, err)
			}
		}
		return out
	}

	name := queueName(t, "")
	url, _ := mustAWS("sqs", "create-queue", "--queue-name", name)["QueueUrl"].(string)
	if !strings.Contains(url, "/"+keyAlice.Account+"/"+name) {
		t.Fatalf("create-queue QueueUrl = %q, want it in account %s", url, keyAlice.Account)
	}
	mustAWS("sqs", "send-message", "--queue-url", url, "--message-body", "signed by the CLI")
	received := mustAWS("sqs", "receive-message", "--queue-url", url, "--wait-time-seconds", "1")
	if msgs, _ := received["Messages"].([]any); len(msgs) != 1 {
		t.Errorf("receive-message printed %v, want one message", received)
	}
	stream := queueName(t, "-stream")
	mustAWS("kinesis", "create-stream", "--stream-name", stream, "--shard-count", "1")
	mustAWS("kinesis", "put-record", "--stream-name", stream, "--partition-key", "k", "--data", "cmVjb3Jk")

	refusals := []struct {
		name string
		key  authKey
		args []string
		want string
	}{
		{"SQSWrongSecret", keyAlice.withSecret("wrong"), []string{"sqs", "list-queues"}, "SignatureDoesNotMatch"},
		{"SQSUnknownKey", keyUnknown, []string{"sqs", "send-message", "--queue-url", url, "--message-body", "x"}, "InvalidClientTokenId"},
		{"KinesisWrongSecret", keyAlice.withSecret("wrong"), []string{"kinesis", "list-streams"}, "InvalidSignatureException"},
		{"KinesisUnknownKey", keyUnknown, []string{"kinesis", "delete-stream", "--stream-name", stream}, "UnrecognizedClientException"},
	}
	for _, r := range refusals {
		_, stderr, ok := aws(r.key, r.args...)
		if ok || !strings.Contains(stderr, r.want) {
			t.Errorf("%s: aws %v succeeded=%v, stderr %q; want a failure naming %s", r.name, r.args, ok, stderr, r.want)
		}
	}
	attrs := mustAWS("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "ApproximateNumberOfMessages")
	if values, _ := attrs["Attributes"].(map[string]any); values["ApproximateNumberOfMessages"] != "0" {
		t.Errorf("after refused sends the queue reports %v", values)
	}
	mustAWS("kinesis", "describe-stream-summary", "--stream-name", stream)
}

// boto3Script exercises SQS and Kinesis with boto3 and prints what
// happened as JSON: the queue URL and received bodies, or the error codes.
const boto3Script = `
import json, os, sys
import boto3, botocore
from botocore.config import Config
cfg = Config(retries={"max_attempts": 1})
endpoint = os.environ["SLUICE_ENDPOINT"]
sqs = boto3.client("sqs", endpoint_url=endpoint, config=cfg)
kin = boto3.client("kinesis", endpoint_url=endpoint, config=cfg)
out = {"botocore": botocore.__version__}
def attempt(key, fn):
    try:
        out[key] = fn()
    except botocore.exceptions.ClientError as e:
        out[key + "Error"] = e.response["Error"]["Code"]
def sqs_round_trip():
    url = sqs.create_queue(QueueName=os.environ["SLUICE_QUEUE"])["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="signed by boto3")
    msgs = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
    return {"url": url, "bodies": [m["Body"] for m in msgs]}
def kinesis_round_trip():
    name = os.environ["SLUICE_QUEUE"] + "-stream"
    kin.create_stream(StreamName=name, ShardCount=1)
    kin.put_record(StreamName=name, PartitionKey="k", Data=b"record")
    return kin.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
attempt("sqs", sqs_round_trip)
attempt("kinesis", kinesis_round_trip)
json.dump(out, sys.stdout)
`

// pythonWithBoto3 finds a Python that imports boto3: $SLUICE_PYTHON, else
// python3 on PATH. With SLUICE_REQUIRE_BOTO3=1 (as in CI) its absence
// fails the test.
func pythonWithBoto3(t *testing.T) string {
	t.Helper()
	python := os.Getenv("SLUICE_PYTHON")
	if python == "" {
		python = "python3"
	}
	path, err := exec.LookPath(python)
	if err == nil {
		err = exec.Command(path, "-c", "import boto3").Run()
	}
	if err != nil {
		if os.Getenv("SLUICE_REQUIRE_BOTO3") == "1" {
			t.Fatalf("SLUICE_REQUIRE_BOTO3=1 but %s cannot import boto3: %v", python, err)
		}
		t.Skipf("%s cannot import boto3 (%v); install python3-boto3 or set SLUICE_REQUIRE_BOTO3=1 to make this an error", python, err)
	}
	return path
}

// TestAuth_Boto3 runs boto3's SQS and Kinesis clients with a configured
// key and with a wrong secret.
func TestAuth_Boto3(t *testing.T) {
	t.Parallel()
	python := pythonWithBoto3(t)
	srv := authServer(t)
	ctx := testContext(t)
	home := t.TempDir()
	run := func(k authKey, queue string) map[string]any {
		t.Helper()
		env := append(clientEnv(home, k), "SLUICE_ENDPOINT="+srv.URL, "SLUICE_QUEUE="+queue)
		stdout, stderr, ok := runClient(ctx, t, env, "", python, "-c", boto3Script)
		out := map[string]any{}
		if !ok || json.Unmarshal([]byte(stdout), &out) != nil {
			t.Fatalf("boto3 script failed: %s\nstdout %q", stderr, stdout)
		}
		return out
	}
	good := run(keyAlice, queueName(t, ""))
	sqsOut, _ := good["sqs"].(map[string]any)
	if url, _ := sqsOut["url"].(string); !strings.Contains(url, "/"+keyAlice.Account+"/") {
		t.Errorf("boto3 (botocore %v) with the right key: %v", good["botocore"], good)
	}
	if bodies, _ := sqsOut["bodies"].([]any); len(bodies) != 1 || bodies[0] != "signed by boto3" {
		t.Errorf("boto3 received %v, want the message sent", sqsOut["bodies"])
	}
	if arn, _ := good["kinesis"].(string); !strings.Contains(arn, ":"+keyAlice.Account+":stream/") {
		t.Errorf("boto3 Kinesis with the right key: %v", good)
	}
	bad := run(keyAlice.withSecret("wrong"), queueName(t, ""))
	if bad["sqsError"] != "SignatureDoesNotMatch" || bad["kinesisError"] != "InvalidSignatureException" {
		t.Errorf("boto3 (botocore %v) with a wrong secret: %v, want SignatureDoesNotMatch and InvalidSignatureException", bad["botocore"], bad)
	}
	unknown := run(keyUnknown, queueName(t, ""))
	if unknown["sqsError"] != "InvalidClientTokenId" || unknown["kinesisError"] != "UnrecognizedClientException" {
		t.Errorf("boto3 with an unknown key: %v, want InvalidClientTokenId and UnrecognizedClientException", unknown)
	}
}

// nodeScript drives @aws-sdk/client-sqs (AWS JSON 1.0) and prints the
// outcome as JSON.
const nodeScript = `
const { SQSClient, CreateQueueCommand, SendMessageCommand, ReceiveMessageCommand } = require("@aws-sdk/client-sqs");
const client = new SQSClient({ endpoint: process.env.SLUICE_ENDPOINT, region: process.env.AWS_REGION, maxAttempts: 1 });
(async () => {
  const out = {};
  try {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: process.env.SLUICE_QUEUE }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: "signed by node" }));
    const got = await client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    out.url = QueueUrl;
    out.bodies = (got.Messages || []).map((m) => m.Body);
  } catch (e) {
    out.error = e.name;
    out.status = e.$metadata && e.$metadata.httpStatusCode;
  }
  process.stdout.write(JSON.stringify(out));
})();
`

// nodeSQSClient installs @aws-sdk/client-sqs into a temporary directory
// and returns it. Without node 20+ and npm, or when the install fails, the
// test is skipped, unless SLUICE_REQUIRE_NODE=1 makes that an error.
func nodeSQSClient(t *testing.T) string {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("SLUICE_REQUIRE_NODE") == "1" {
			t.Fatalf("SLUICE_REQUIRE_NODE=1 but "+format, args...)
		}
		t.Skipf(format+"; set SLUICE_REQUIRE_NODE=1 to make this an error", args...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable("node is not installed")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		unavailable("npm is not installed")
	}
	version, err := exec.Command(node, "-p", "process.versions.node.split('.')[0]").Output()
	if major, _ := strconv.Atoi(strings.TrimSpace(string(version))); err != nil || major < 20 {
		unavailable("node %s is older than 20, which @aws-sdk/client-sqs needs", strings.TrimSpace(string(version)))
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error",
		"@aws-sdk/client-sqs")
	cmd.Env = append(os.Environ(), "npm_config_cache="+filepath.Join(dir, ".npm-cache"))
	if out, err := cmd.CombinedOutput(); err != nil {
		unavailable("npm install @aws-sdk/client-sqs failed: %v\n%s", err, out)
	}
	return dir
}

// TestAuth_NodeSDK runs @aws-sdk/client-sqs (AWS JSON 1.0) with a
// configured key and with a wrong one.
func TestAuth_NodeSDK(t *testing.T) {
	t.Parallel()
	dir := nodeSQSClient(t)
	if err := os.WriteFile(filepath.Join(dir, "sqs.js"), []byte(nodeScript), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := authServer(t)
	ctx := testContext(t)
	home := t.TempDir()
	run := func(k authKey) map[string]any {
		t.Helper()
		env := append(clientEnv(home, k), "SLUICE_ENDPOINT="+srv.URL, "SLUICE_QUEUE="+queueName(t, ""))
		stdout, stderr, ok := runClient(ctx, t, env, dir, "node", "sqs.js")
		out := map[string]any{}
		if !ok || json.Unmarshal([]byte(stdout), &out) != nil {
			t.Fatalf("node script failed: %s\nstdout %q", stderr, stdout)
		}
		return out
	}
	good := run(keyAlice)
	if url, _ := good["url"].(string); !strings.Contains(url, "/"+keyAlice.Account+"/") {
		t.Errorf("node SDK with the right key: %v", good)
	}
	if bodies, _ := good["bodies"].([]any); len(bodies) != 1 || bodies[0] != "signed by node" {
		t.Errorf("node SDK received %v, want the message sent", good["bodies"])
	}
	// The JS SDK names SQS JSON errors by x-amzn-query-error, as the Go SDK does.
	if bad := run(keyAlice.withSecret("wrong")); bad["error"] != "SignatureDoesNotMatch" || bad["status"] != float64(403) {
		t.Errorf("node SDK with a wrong secret: %v, want SignatureDoesNotMatch, 403", bad)
	}
	if bad := run(keyUnknown); bad["error"] != "InvalidClientTokenId" || bad["status"] != float64(403) {
		t.Errorf("node SDK with an unknown key: %v, want InvalidClientTokenId, 403", bad)
	}
}
