package queue

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/store"
)

// QueueRef names a queue: its owning account and its name. It is the
// store's type, re-exported so callers of Service need not import store.
type QueueRef = store.QueueRef

// Message is a stored message as ReceiveMessage returns it.
type Message = store.Message

// MessageAttribute is a message attribute (user or system). Binary values are
// raw bytes, not base64.
type MessageAttribute = store.MessageAttribute

// DefaultRegion is the region used in ARNs when Options.Region is empty.
const DefaultRegion = "us-east-1"

// Options configure a Service. The zero value is usable.
type Options struct {
	// Region appears in queue ARNs. Default DefaultRegion.
	Region string
	// Logger receives background errors (sweeper, move tasks). Default
	// slog.Default().
	Logger *slog.Logger
	// MaxWaiters bounds the long polls waiting at once across all queues;
	// a ReceiveMessage past the bound answers empty at once. Default 10000.
	MaxWaiters int
	// SweepInterval is how often the retention sweeper deletes expired
	// messages. Default one minute.
	SweepInterval time.Duration
	// Accounts lists accounts whose queues the retention sweeper visits
	// from the start; accounts seen in requests are added as they come.
	Accounts []string
}

// Service implements the SQS actions on a store. It is safe for concurrent
// use. Create it with New and stop it with Close.
type Service struct {
	store  store.QueueStore
	clock  clock.Clock
	region string
	log    *slog.Logger

	closeOnce sync.Once
	done      chan struct{}
	wg        sync.WaitGroup
}

// New returns a Service over st that reads the time from clk, and starts its
// background work (the retention sweeper).
func New(st store.QueueStore, clk clock.Clock, opts Options) *Service {
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Service{store: st, clock: clk, region: opts.Region, log: opts.Logger, done: make(chan struct{})}
}

// Close stops the background work (retention sweeper, message move tasks)
// and makes waiting long polls answer at once with no messages. It waits
// for background goroutines to finish. Calls after the first do nothing.
func (s *Service) Close() {
	s.closeOnce.Do(func() { close(s.done) })
	s.wg.Wait()
}

// Region returns the region used in ARNs.
func (s *Service) Region() string { return s.region }

// QueueArn returns the ARN of a queue: arn:aws:sqs:<region>:<account>:<name>.
func (s *Service) QueueArn(ref QueueRef) string {
	return "arn:aws:sqs:" + s.region + ":" + ref.Account + ":" + ref.Name
}

var errNotImplemented = errorf(ErrUnsupportedOperation, "not implemented")

var _ = context.Background
