package sdkhttp_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/middleware"

	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/sdkhttp"
)

// stepTimeout bounds each wait on the ordering below.
const stepTimeout = 10 * time.Second

// race forces the order in which the smithy-go race loses a response:
// the transport's post-body check runs only after the SDK has closed the
// request body, and the SDK reads the response only after the transport
// has acted on that check.
type race struct {
	sdkClosed chan struct{} // the SDK's ClientHandler returned: body closed
	wrote     chan error    // the transport finished writing the request
	connClose chan struct{} // the client closed its connection
	closeOnce sync.Once
}

func newRace() *race {
	return &race{sdkClosed: make(chan struct{}), wrote: make(chan error, 1), connClose: make(chan struct{})}
}

// gatedBody holds the transport's WriteTo call until the SDK has closed the
// body underneath; Read passes straight through.
type gatedBody struct {
	io.ReadCloser
	race *race
}

func (b gatedBody) WriteTo(w io.Writer) (int64, error) {
	select {
	case <-b.race.sdkClosed:
	case <-time.After(stepTimeout):
	}
	return b.ReadCloser.(io.WriterTo).WriteTo(w)
}

// gate is the outermost transport: it wraps the SDK's body in gatedBody and
// reports when the request write ended.
type gate struct {
	base http.RoundTripper
	race *race
}

func (g gate) RoundTrip(req *http.Request) (*http.Response, error) {
	trace := &httptrace.ClientTrace{WroteRequest: func(info httptrace.WroteRequestInfo) { g.race.wrote <- info.Err }}
	out := req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	out.Body = gatedBody{req.Body, g.race}
	return g.base.RoundTrip(out)
}

// notifyingConn reports its Close.
type notifyingConn struct {
	net.Conn
	race *race
}

func (c notifyingConn) Close() error {
	c.race.closeOnce.Do(func() { close(c.race.connClose) })
	return c.Conn.Close()
}

// receiveOneMiB sends a 1 MiB message and receives it through a client
// whose transport is wrap(base), with the race forced.
func receiveOneMiB(t *testing.T, wrap func(http.RoundTripper) http.RoundTripper) error {
	t.Helper()
	srv := servertest.Start(t)
	ctx := context.Background()
	plain := srv.SQS(t)
	q, err := plain.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("big")})
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("a", 1<<20)
	if _, err := plain.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: &body}); err != nil {
		t.Fatal(err)
	}

	r := newRace()
	base := awshttp.NewBuildableClient().GetTransport()
	dialer := &net.Dialer{Timeout: stepTimeout}
	base.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return notifyingConn{c, r}, nil
	}
	cfg := srv.AWSConfig()
	cfg.HTTPClient = &http.Client{Transport: gate{base: wrap(base), race: r}}
	order := middleware.DeserializeMiddlewareFunc("forceRace", func(ctx context.Context, in middleware.DeserializeInput,
		next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		close(r.sdkClosed)
		if werr := waitFor(t, r.wrote); werr != nil {
			waitFor(t, r.connClose)
		}
		return out, md, err
	})
	client := sqs.NewFromConfig(cfg, func(o *sqs.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Deserialize.Add(order, middleware.After)
		})
	})
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	if err != nil {
		return err
	}
	if len(out.Messages) != 1 || aws.ToString(out.Messages[0].Body) != body {
		t.Fatalf("received %d messages, want the 1 MiB one", len(out.Messages))
	}
	return nil
}

func waitFor[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(stepTimeout):
		t.Fatal("timed out forcing the race's order")
		panic("unreachable")
	}
}

// TestPlainTransportLosesResponse shows the race the package exists for.
// If it stops failing, smithy-go has fixed its body and Transport can go.
func TestPlainTransportLosesResponse(t *testing.T) {
	t.Parallel()
	err := receiveOneMiB(t, func(rt http.RoundTripper) http.RoundTripper { return rt })
	if !errors.Is(err, net.ErrClosed) {
		t.Fatalf("ReceiveMessage over the SDK's own transport: err = %v, want use of closed network connection", err)
	}
}

// TestTransportKeepsResponse is the same exchange through Transport.
func TestTransportKeepsResponse(t *testing.T) {
	t.Parallel()
	err := receiveOneMiB(t, func(rt http.RoundTripper) http.RoundTripper { return &sdkhttp.Transport{Base: rt} })
	if err != nil {
		t.Fatalf("ReceiveMessage through sdkhttp.Transport: %v", err)
	}
}

// idleCounter records CloseIdleConnections calls.
type idleCounter struct {
	http.RoundTripper
	closed int
}

func (c *idleCounter) CloseIdleConnections() { c.closed++ }

func TestTransportCloseIdleConnectionsReachesBase(t *testing.T) {
	base := &idleCounter{RoundTripper: http.DefaultTransport}
	(&http.Client{Transport: &sdkhttp.Transport{Base: base}}).CloseIdleConnections()
	if base.closed != 1 {
		t.Errorf("Base.CloseIdleConnections called %d times, want 1", base.closed)
	}
}
