package e2e

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/push"
	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/servertest"
)

// endpoint is a push endpoint on 127.0.0.1 that records each delivery and
// answers with status(n) for the n-th request (1-based).
type endpoint struct {
	srv    *httptest.Server
	secret string
	status func(n int) int
	block  chan struct{} // when set, each request waits on it

	mu        sync.Mutex
	got       []push.Payload
	verified  []bool
	now, peak int
	arrived   chan struct{}
}

func newEndpoint(t *testing.T, secret string, status func(int) int) *endpoint {
	t.Helper()
	e := &endpoint{secret: secret, status: status, arrived: make(chan struct{}, 1000)}
	e.srv = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *endpoint) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var p push.Payload
	json.Unmarshal(body, &p)
	e.mu.Lock()
	e.got = append(e.got, p)
	e.verified = append(e.verified, push.Verify(e.secret, body, r.Header.Get(push.SignatureHeader)))
	n := len(e.got)
	e.now++
	e.peak = max(e.peak, e.now)
	e.mu.Unlock()
	e.arrived <- struct{}{}
	if e.block != nil {
		<-e.block
	}
	e.mu.Lock()
	e.now--
	e.mu.Unlock()
	w.WriteHeader(e.status(n))
}

func (e *endpoint) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.got)
}

// awaitRequests waits until the endpoint has had n requests.
func (e *endpoint) awaitRequests(t *testing.T, h *harness, n int) {
	t.Helper()
	for e.count() < n {
		select {
		case <-e.arrived:
		case <-h.ctx.Done():
			t.Fatalf("endpoint got %d requests, want %d", e.count(), n)
		}
	}
}

func ok(int) int { return http.StatusNoContent }

// empty reports whether the queue holds no message, visible or not.
func (h *harness) empty(t *testing.T, url string) bool {
	t.Helper()
	attrs := h.attributes(t, url, types.QueueAttributeNameApproximateNumberOfMessages,
		types.QueueAttributeNameApproximateNumberOfMessagesNotVisible)
	return attrs["ApproximateNumberOfMessages"] == "0" && attrs["ApproximateNumberOfMessagesNotVisible"] == "0"
}

func pushQueue(t *testing.T, h *harness, url string, attrs map[string]string) string {
	t.Helper()
	all := map[string]string{queue.AttrPushEndpoint: url}
	for k, v := range attrs {
		all[k] = v
	}
	return h.createQueue(t, queueName(t, ""), all)
}

func sendN(t *testing.T, h *harness, queueURL string, n int) {
	t.Helper()
	for i := range n {
		if _, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(queueURL),
			MessageBody: aws.String("like-" + strconv.Itoa(i))}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPush_DeliversSignedMessagesAndDeletesThem(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ep := newEndpoint(t, "s3cret", ok)
	url := pushQueue(t, h, ep.srv.URL, map[string]string{queue.AttrPushSecret: "s3cret", queue.AttrPushConcurrency: "4"})
	sendN(t, h, url, 20)
	ep.awaitRequests(t, h, 20)
	waitFor(t, "the delivered messages to be deleted", func() bool {
		return h.empty(t, url)
	})
	ep.mu.Lock()
	defer ep.mu.Unlock()
	seen := make(map[string]bool)
	for i, p := range ep.got {
		if !ep.verified[i] {
			t.Errorf("delivery %d: signature does not verify under the queue's secret", i)
		}
		if push.Verify("another secret", []byte(p.Body), push.Sign("s3cret", []byte(p.Body))) {
			t.Error("a signature verified under the wrong secret")
		}
		if p.MessageID == "" || p.ReceiveCount != 1 || p.SentAt.IsZero() || p.Attributes["SentTimestamp"] == "" {
			t.Errorf("delivery %d lacks fields: %+v", i, p)
		}
		seen[p.Body] = true
	}
	if len(seen) != 20 || ep.peak > 4 {
		t.Errorf("%d distinct bodies delivered (want 20), %d requests at once (cap 4)", len(seen), ep.peak)
	}
}

func TestPush_ConcurrencyCapAndRate(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	h := newHarness(t, servertest.WithClock(clk))
	ep := newEndpoint(t, "", ok)
	ep.block = make(chan struct{})
	url := pushQueue(t, h, ep.srv.URL, map[string]string{queue.AttrPushConcurrency: "3",
		"SluiceDeliveryRate": "10", "SluiceDeliveryBurst": "5"})
	sendN(t, h, url, 40)
	ep.awaitRequests(t, h, 3) // three slots, each holding one request
	if n := ep.count(); n != 3 {
		t.Fatalf("%d requests at once, want the cap of 3", n)
	}
	close(ep.block)
	ep.awaitRequests(t, h, 5) // the burst
	// 10/s is a token every 100 ms: three seconds of them, one at a time.
	for step := 1; step <= 30; step++ {
		clk.Advance(100 * time.Millisecond)
		ep.awaitRequests(t, h, 5+step)
	}
	ep.mu.Lock()
	defer ep.mu.Unlock()
	if n := len(ep.got); n != 35 || ep.peak > 3 {
		t.Errorf("%d deliveries after the burst of 5 and 3 s at 10/s (want 35), %d at once (cap 3)", n, ep.peak)
	}
}

func TestPush_FailuresBackOffThenDeadLetter(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var mu sync.Mutex
	var arrivals []time.Time
	ep := newEndpoint(t, "", func(int) int {
		mu.Lock()
		defer mu.Unlock()
		arrivals = append(arrivals, time.Now())
		return http.StatusInternalServerError
	})
	dlq := h.createQueue(t, queueName(t, "-dlq"), nil)
	url := pushQueue(t, h, ep.srv.URL, map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"` + h.queueArn(t, dlq) + `","maxReceiveCount":"3"}`})
	sendN(t, h, url, 1)
	ep.awaitRequests(t, h, 3)
	out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(dlq), WaitTimeSeconds: 20})
	if err != nil || len(out.Messages) != 1 {
		t.Fatalf("dead-letter queue: %d messages (err %v), want the failed one", len(out.Messages), err)
	}
	if n := ep.count(); n != 3 {
		t.Errorf("%d attempts, want maxReceiveCount 3", n)
	}
	mu.Lock()
	defer mu.Unlock()
	// Each retry waits at least its backoff after the failure before it.
	for i, backoff := range []time.Duration{time.Second, 2 * time.Second} {
		if gap := arrivals[i+1].Sub(arrivals[i]); gap < backoff {
			t.Errorf("attempt %d came %s after attempt %d, before its %s backoff", i+2, gap, i+1, backoff)
		}
	}
}

func TestPush_EndpointDownLosesNothing(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	h := newHarness(t, servertest.WithClock(clk))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // down: connections are refused
	url := pushQueue(t, h, "http://"+addr+"/likes", nil)
	sendN(t, h, url, 10)
	for range 30 {
		clk.Advance(time.Second)
	}
	ep := &endpoint{status: ok, arrived: make(chan struct{}, 1000)}
	ep.srv = httptest.NewUnstartedServer(http.HandlerFunc(ep.serve))
	if ep.srv.Listener, err = net.Listen("tcp", addr); err != nil {
		t.Skipf("cannot listen on %s again: %v", addr, err)
	}
	ep.srv.Start()
	t.Cleanup(ep.srv.Close)
	waitFor(t, "every message to be delivered", func() bool {
		clk.Advance(time.Second) // backoffs of up to 32 s run out
		return h.empty(t, url)
	})
	seen := make(map[string]bool)
	ep.mu.Lock()
	for _, p := range ep.got {
		seen[p.Body] = true
	}
	ep.mu.Unlock()
	if len(seen) != 10 {
		t.Errorf("%d of 10 messages delivered after the endpoint came back", len(seen))
	}
}

func TestPush_AttributesAreChecked(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, attrs := range []map[string]string{
		{queue.AttrPushEndpoint: "ftp://example.com/"},
		{queue.AttrPushEndpoint: "not a url"},
		{queue.AttrPushEndpoint: "http://user:pw@example.com/"},
		{queue.AttrPushConcurrency: "0"},
		{queue.AttrPushConcurrency: "101"},
		{queue.AttrPushTimeout: "901"},
		{queue.AttrPushSecret: strings.Repeat("k", 257)},
	} {
		_, err := h.sqs.CreateQueue(h.ctx, &sqs.CreateQueueInput{QueueName: aws.String(queueName(t, "")), Attributes: attrs})
		wantAPIError(t, err, "InvalidAttributeValue")
	}
	url := h.createQueue(t, queueName(t, ""), map[string]string{queue.AttrPushEndpoint: "https://hooks.example.com/likes",
		queue.AttrPushConcurrency: "8"})
	got := h.attributes(t, url, types.QueueAttributeName(queue.AttrPushEndpoint), types.QueueAttributeName(queue.AttrPushConcurrency))
	if got[queue.AttrPushEndpoint] != "https://hooks.example.com/likes" || got[queue.AttrPushConcurrency] != "8" {
		t.Errorf("attributes = %v", got)
	}
}
