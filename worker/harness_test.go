package worker_test

import (
	"context"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/worker"
)

// epoch is where fake clocks start.
var epoch = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// harness is an in-process sluice and a client of it.
type harness struct {
	t      *testing.T
	ctx    context.Context
	client *sqs.Client
}

func newHarness(t *testing.T, opts ...servertest.Option) *harness {
	t.Helper()
	srv := servertest.Start(t, opts...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return &harness{t: t, ctx: ctx, client: srv.SQS(t)}
}

// fakeHarness is a harness whose server runs on one fake clock and whose
// workers run on another; step advances both.
type fakeHarness struct {
	*harness
	serverClock, workerClock *clocktest.Fake
}

func newFakeHarness(t *testing.T) *fakeHarness {
	t.Helper()
	srvClk, wrkClk := clocktest.New(epoch), clocktest.New(epoch)
	return &fakeHarness{harness: newHarness(t, servertest.WithClock(srvClk)), serverClock: srvClk, workerClock: wrkClk}
}

// stop stops a consumer started with run: a receive in flight ends only
// when the server's clock passes its wait, so the clocks move a second at
// a time until Run returns.
func (h *fakeHarness) stop(stop func() error) error {
	done := make(chan error, 1)
	go func() { done <- stop() }()
	for {
		select {
		case err := <-done:
			return err
		default:
			h.step(time.Second)
			runtime.Gosched()
		}
	}
}

// step advances both clocks by d.
func (h *fakeHarness) step(d time.Duration) {
	h.serverClock.Advance(d)
	h.workerClock.Advance(d)
}

func (h *harness) createQueue(name string, attrs map[string]string) string {
	h.t.Helper()
	out, err := h.client.CreateQueue(h.ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		h.t.Fatalf("CreateQueue %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl)
}

func (h *harness) queueARN(url string) string {
	h.t.Helper()
	out, err := h.client.GetQueueAttributes(h.ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn}})
	if err != nil {
		h.t.Fatal(err)
	}
	return out.Attributes["QueueArn"]
}

// counts returns the queue's visible and in-flight message counts.
func (h *harness) counts(url string) (visible, inFlight int) {
	h.t.Helper()
	out, err := h.client.GetQueueAttributes(h.ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameApproximateNumberOfMessages,
			types.QueueAttributeNameApproximateNumberOfMessagesNotVisible}})
	if err != nil {
		h.t.Fatal(err)
	}
	visible, _ = strconv.Atoi(out.Attributes["ApproximateNumberOfMessages"])
	inFlight, _ = strconv.Atoi(out.Attributes["ApproximateNumberOfMessagesNotVisible"])
	return visible, inFlight
}

// sendAll sends n messages body-0 ... body-(n-1) through a Producer from
// 16 goroutines.
func (h *harness) sendAll(url string, n int, group func(i int) string) {
	h.t.Helper()
	p := worker.NewProducer(h.client, url, worker.ProducerOptions{})
	defer p.Close()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	next := make(chan int)
	for range 16 {
		wg.Go(func() {
			for i := range next {
				m := &worker.Outgoing{Body: "body-" + strconv.Itoa(i)}
				if group != nil {
					m.GroupID, m.DeduplicationID = group(i), strconv.Itoa(i)
				}
				if _, err := p.Send(h.ctx, m); err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		h.t.Fatalf("Send: %v", err)
	}
}

// run starts c on h in the background and returns a function that stops it
// and returns Run's error.
func run(ctx context.Context, c *worker.Consumer, h worker.Handler) (stop func() error) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, h) }()
	return func() error {
		cancel()
		return <-done
	}
}
