package packaging

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/sluicemq/sluice/sdkhttp"
)

// processTimeout bounds each wait on a sluice process: to start serving,
// to refuse to, to stop.
const processTimeout = 30 * time.Second

// The credential the served image is given, as SLUICE_CREDENTIALS.
const (
	testKey     = "AKIDPACKAGING"
	testSecret  = "packaging-secret"
	testAccount = "111122223333"
)

// imageEnv is the image's environment with the given variables set over
// it, as a container of the image with -e would see it.
func imageEnv(img imageConfig, set ...string) []string {
	env := slices.Clone(img.Config.Env)
	for _, kv := range set {
		name, _, _ := strings.Cut(kv, "=")
		env = append(withoutVars(env, name), kv)
	}
	return env
}

// checkRefusesAnonymous runs the image's command with its environment and
// no credentials: listening on 0.0.0.0, it must refuse to start.
func checkRefusesAnonymous(t *testing.T, sluice string, img imageConfig) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), processTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, sluice, img.Config.Cmd...)
	// Port 0, so that a regression serving anyway takes no fixed port.
	cmd.Env = imageEnv(img, "SLUICE_LISTEN=0.0.0.0:0", "SLUICE_DATA_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 ||
		!strings.Contains(string(out), "refusing to listen beyond this machine without credentials") {
		t.Errorf("the image's default without credentials: %v, want exit 1 refusing to serve anonymously:\n%s", err, out)
	}
}

// checkServes runs the image's command with credentials on a loopback port
// and drives it as a container's users would.
func checkServes(t *testing.T, sluice string, img imageConfig) {
	t.Helper()
	env := imageEnv(img, "SLUICE_LISTEN=127.0.0.1:0", "SLUICE_DATA_DIR="+t.TempDir(), "SLUICE_LOG_FORMAT=json",
		"SLUICE_CREDENTIALS="+testKey+":"+testSecret+":"+testAccount)
	s := startServer(t, sluice, env, img.Config.Cmd)
	base := "http://" + s.addr

	res, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Errorf("GET /healthz = %s %q, want 200 ok", res.Status, body)
	}

	// The health check as the image runs it: its command, its environment
	// (here with the port the server picked).
	if test := img.Healthcheck.Test; len(test) > 2 && test[0] == "CMD" && test[1] == "/sluice" {
		check := exec.Command(sluice, test[2:]...)
		check.Env = imageEnv(img, "SLUICE_LISTEN="+s.addr)
		if out, err := check.CombinedOutput(); err != nil || !strings.HasPrefix(string(out), "ready: ") {
			t.Errorf("the image's health check: %v\n%s", err, out)
		}
	}

	sqsRoundTrip(t, base)

	out, err := exec.Command(sluice, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "sluice "+releaseVersion+" ") {
		t.Errorf("sluice version in the image = %q (%v), want it to start with sluice %s", out, err, releaseVersion)
	}
	s.stop(t)
}

// sqsRoundTrip creates a queue, sends, receives and deletes a message
// through aws-sdk-go-v2, signed with the configured credential.
func sqsRoundTrip(t *testing.T, base string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), processTimeout)
	defer cancel()
	client := sqs.New(sqs.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(base),
		Credentials:      credentials.NewStaticCredentialsProvider(testKey, testSecret, ""),
		HTTPClient:       sdkhttp.NewClient(),
		RetryMaxAttempts: 1,
	})
	created, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("packaging")})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}
	url := aws.ToString(created.QueueUrl)
	if !strings.Contains(url, "/"+testAccount+"/packaging") {
		t.Errorf("queue URL %q is not in the credential's account %s", url, testAccount)
	}
	if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String("shipped")}); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	got, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, WaitTimeSeconds: 5})
	if err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	if len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "shipped" {
		t.Fatalf("ReceiveMessage = %d messages, want the one sent", len(got.Messages))
	}
	if _, err := client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: got.Messages[0].ReceiptHandle}); err != nil {
		t.Fatalf("DeleteMessage: %v", err)
	}
}

// A server is a sluice process serving, started by startServer.
type server struct {
	cmd    *exec.Cmd
	addr   string
	exited chan struct{} // closed once the process has exited
	err    error         // its exit, once exited is closed
	log    syncBuffer    // its standard error
}

// startServer runs sluice with env and args and returns once it logs
// "sluice serving" (in JSON, SLUICE_LOG_FORMAT=json), with the address it
// logs. The test's cleanup kills it if it still runs.
func startServer(t *testing.T, sluice string, env, args []string) *server {
	t.Helper()
	s := &server{cmd: exec.Command(sluice, args...), exited: make(chan struct{})}
	s.cmd.Env = env
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		<-s.exited
	})
	serving := make(chan string, 1)
	go s.readLog(stderr, serving)
	select {
	case s.addr = <-serving:
		return s
	case <-s.exited:
		t.Fatalf("sluice exited before serving: %v\n%s", s.err, s.log.String())
	case <-time.After(processTimeout):
		t.Fatalf("sluice not serving within %v:\n%s", processTimeout, s.log.String())
	}
	return nil
}

// readLog copies the log, sends the address of the "sluice serving" line
// on serving, and records the exit once the log ends.
func (s *server) readLog(stderr io.Reader, serving chan<- string) {
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		s.log.write(sc.Text() + "\n")
		var line struct{ Msg, Listen string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "sluice serving" {
			serving <- line.Listen
		}
	}
	_, _ = io.Copy(io.Discard, stderr)
	s.err = s.cmd.Wait()
	close(s.exited)
}

// stop sends SIGTERM and checks that sluice exits 0, as "podman stop"
// expects of it.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
		if s.err != nil {
			t.Errorf("sluice after SIGTERM: %v\n%s", s.err, s.log.String())
		}
	case <-time.After(processTimeout):
		t.Errorf("sluice still running %v after SIGTERM:\n%s", processTimeout, s.log.String())
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and other readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) write(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
