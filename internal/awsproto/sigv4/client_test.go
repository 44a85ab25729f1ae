package sigv4

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/clock"
)

// capture is one request a real client sent, and what Verify made of it.
type capture struct {
	uri       string
	presigned bool
	id        *Identity
	err       error
}

// captureServer verifies every request it receives with the wall clock
// and answers each with an error, so that clients neither retry nor
// expect a particular response.
type captureServer struct {
	*httptest.Server
	mu       sync.Mutex
	captures []capture
}

func newCaptureServer(t *testing.T) *captureServer {
	v := New(testCreds, clock.Real{}, Options{Services: []string{"sqs", "kinesis"}})
	s := &captureServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading body: %v", err)
		}
		id, err := v.Verify(r, body)
		s.mu.Lock()
		s.captures = append(s.captures, capture{uri: r.RequestURI, id: id, err: err,
			presigned: r.URL.Query().Has(paramSignature)})
		s.mu.Unlock()
		answerCaptured(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// answerCaptured sends an error in the request's protocol that no client
// retries.
func answerCaptured(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "application/x-amz-json-") {
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"__type":"com.amazon.coral.service#CapturedException","message":"captured"}`)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(http.StatusBadRequest)
	io.WriteString(w, `<ErrorResponse><Error><Type>Sender</Type><Code>Captured</Code>`+
		`<Message>captured</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
}

// check fails t unless every captured request verified and the captures
// include each service in services and, when presigned, a presigned one.
func (s *captureServer) check(t *testing.T, output []byte, presigned bool, services ...string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	sawPresigned := false
	for _, c := range s.captures {
		if c.err != nil {
			t.Errorf("Verify refused %s: %v", c.uri, c.err)
			continue
		}
		if c.id.Region != "eu-west-3" || c.id.Account != testAccount {
			t.Errorf("Verify identity for %s = %+v", c.uri, c.id)
		}
		seen[c.id.Service] = true
		sawPresigned = sawPresigned || c.presigned
	}
	for _, svc := range services {
		if !seen[svc] {
			t.Errorf("no verified %s request among %d captured; client output:\n%s", svc, len(s.captures), output)
		}
	}
	if presigned && !sawPresigned {
		t.Errorf("no presigned request among %d captured; client output:\n%s", len(s.captures), output)
	}
}

// clientEnv is the environment of a client process: this one's, without
// AWS settings or proxies, plus the test key and region.
func clientEnv(t *testing.T) []string {
	dir := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AWS_") || strings.HasSuffix(strings.ToLower(name), "_proxy") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"AWS_ACCESS_KEY_ID="+testKey,
		"AWS_SECRET_ACCESS_KEY="+testSecret,
		"AWS_DEFAULT_REGION=eu-west-3",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_PAGER=",
		"AWS_RETRY_MODE=standard",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_EC2_METADATA_DISABLED=true",
	)
}

// installed returns the distinct executables among candidates (names on
// PATH or absolute paths) that exist.
func installed(candidates ...string) []string {
	var found []string
	seen := map[string]bool{}
	for _, c := range candidates {
		path, err := exec.LookPath(c)
		if err != nil {
			continue
		}
		real, err := filepath.EvalSymlinks(path)
		if err != nil || seen[real] {
			continue
		}
		seen[real] = true
		found = append(found, path)
	}
	return found
}

func runClient(t *testing.T, name string, args ...string) []byte {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = clientEnv(t)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run() // every call ends in the server's "captured" error
	if ctx.Err() != nil {
		t.Fatalf("%s %v timed out:\n%s", name, args, out.Bytes())
	}
	return out.Bytes()
}

// TestAWSCLI has each installed AWS CLI (the one on PATH and Debian's, whose
// versions use different SQS protocols) call SQS and Kinesis with values
// that need escaping, and verifies what they sent.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	clis := installed("aws", "/usr/bin/aws")
	if len(clis) == 0 {
		t.Skip("the AWS CLI is not installed")
	}
	for _, cli := range clis {
		t.Run(cli, func(t *testing.T) {
			t.Parallel()
			s := newCaptureServer(t)
			var out []byte
			for _, args := range [][]string{
				{"sqs", "list-queues", "--queue-name-prefix", "a b&c=d/é+%~"},
				{"sqs", "send-message", "--queue-url", s.URL + "/123456789012/q%20x",
					"--message-body", "héllo wörld & friends = 1+1 ~!*'()",
					"--message-attributes", `{"k y":{"DataType":"String","StringValue":"v&=w"}}`},
				{"kinesis", "put-record", "--stream-name", "s", "--partition-key", "k ey", "--data", "aGVsbG8="},
			} {
				out = append(out, runClient(t, cli, append([]string{"--endpoint-url", s.URL, "--region", "eu-west-3"}, args...)...)...)
			}
			s.check(t, out, false, "sqs", "kinesis")
		})
	}
}

// botoScript calls SQS and Kinesis through boto3 and fetches a presigned
// SQS URL.
const botoScript = `
import sys, urllib.request
import boto3
from botocore.config import Config
endpoint = sys.argv[1]
cfg = Config(retries={"max_attempts": 1})
session = boto3.session.Session(region_name="eu-west-3")
sqs = session.client("sqs", endpoint_url=endpoint, config=cfg)
kinesis = session.client("kinesis", endpoint_url=endpoint, config=cfg)
def fetch(url):
    # A JSON-protocol SQS client signs the headers that select the action
    # into the URL; whoever uses it must send them.
    headers = {}
    if "x-amz-target" in url:
        headers = {"Content-Type": "application/x-amz-json-1.0",
                   "X-Amz-Target": "AmazonSQS.ListQueues", "x-amzn-query-mode": "true"}
    urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST", headers=headers))
calls = [
    lambda: sqs.list_queues(QueueNamePrefix="a b&c=d/\u00e9+%~"),
    lambda: sqs.send_message(QueueUrl=endpoint + "/123456789012/q", MessageBody="h\u00e9llo & = +"),
    lambda: kinesis.put_record(StreamName="s", PartitionKey="k ey", Data=b"\x00\xffhello"),
    lambda: fetch(sqs.generate_presigned_url("list_queues", Params={"QueueNamePrefix": "x y"}, ExpiresIn=300)),
]
for call in calls:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
`

// TestBoto3 does the same through every installed Python with boto3, and
// adds a presigned request.
func TestBoto3(t *testing.T) {
	t.Parallel()
	var pythons []string
	for _, py := range installed("python3", "/usr/bin/python3") {
		if exec.Command(py, "-c", "import boto3").Run() == nil {
			pythons = append(pythons, py)
		}
	}
	if len(pythons) == 0 {
		t.Skip("no python3 with boto3 is installed")
	}
	for _, py := range pythons {
		t.Run(py, func(t *testing.T) {
			t.Parallel()
			s := newCaptureServer(t)
			out := runClient(t, py, "-c", botoScript, s.URL)
			s.check(t, out, true, "sqs", "kinesis")
		})
	}
}
