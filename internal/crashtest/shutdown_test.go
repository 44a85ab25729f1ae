package crashtest

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/sluicemq/sluice/sdkhttp"
)

// shutdownBound is how long sluice may take to exit after SIGTERM while
// long polls of 20 s wait.
const shutdownBound = 10 * time.Second

// tracedClient reports, through wrote, when a request has been written to
// the connection: from then on the server owes it an answer.
type tracedClient struct {
	http  *http.Client
	wrote func()
}

func (c tracedClient) Do(req *http.Request) (*http.Response, error) {
	trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { c.wrote() }}
	return c.http.Do(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
}

// pollClient is a client for one long poll, on its own connection.
func (s *server) pollClient(wrote func()) *sqs.Client {
	return sqs.New(sqs.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(s.url()),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 1,
		HTTPClient: tracedClient{wrote: wrote, http: &http.Client{Timeout: time.Minute,
			Transport: &sdkhttp.Transport{Base: &http.Transport{DisableKeepAlives: true}}}},
	})
}

// TestSIGTERMDrainsGracefully sends SIGTERM to sluice while clients send
// and long polls (WaitTimeSeconds 20) wait: the process exits well before
// the polls would end, every poll gets an HTTP answer (empty) instead of a
// broken connection, and every acknowledged send is there after a restart.
func TestSIGTERMDrainsGracefully(t *testing.T) {
	srv := newServer(t)
	srv.start()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := srv.client()
	url := createQueue(t, ctx, c, "shutdown", nil)
	idle := createQueue(t, ctx, c, "shutdown-idle", nil)

	l := newLedger()
	var senders sync.WaitGroup
	for w := range 8 {
		senders.Go(func() { sendLoop(ctx, c, url, w, l) })
	}

	const pollers = 8
	var written sync.WaitGroup
	written.Add(pollers)
	answers := make(chan error, pollers)
	for range pollers {
		var once sync.Once
		poller := srv.pollClient(func() { once.Do(written.Done) })
		go func() {
			out, err := poller.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: &idle,
				MaxNumberOfMessages: 10, WaitTimeSeconds: 20})
			if err == nil && len(out.Messages) > 0 {
				t.Errorf("a long poll of the idle queue got %d messages", len(out.Messages))
			}
			answers <- err
		}()
	}
	written.Wait()
	l.waitAcks(t, 2000) // check wants at least 1800

	exited := make(chan error, 1)
	cmd := srv.cmd
	signalled := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("sluice exited with %v after SIGTERM, want status 0", err)
		}
		t.Logf("sluice exited %v after SIGTERM", time.Since(signalled).Round(time.Millisecond))
	case <-time.After(shutdownBound):
		t.Fatalf("sluice still running %v after SIGTERM", shutdownBound)
	}
	srv.cmd = nil
	for range pollers {
		if err := <-answers; err != nil {
			t.Errorf("a long poll waiting at SIGTERM got no answer: %v", err)
		}
	}
	cancel()
	senders.Wait()

	srv.start()
	check(t, l, drain(t, c, url, l))
}
