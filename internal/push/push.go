// Package push delivers the messages of queues that name an HTTP(S)
// endpoint: sluice POSTs each message to it, deletes the message on a 2xx
// answer and otherwise makes it visible again after a backoff, so the
// queue's RedrivePolicy moves it to the dead-letter queue after
// maxReceiveCount attempts. Nothing is deleted before the endpoint has
// accepted it.
//
// A queue opts in with the attributes SluicePushEndpoint (the URL),
// SluicePushSecret (the key of the X-Sluice-Signature header),
// SluicePushConcurrency (requests at once, default 1) and SluicePushTimeout
// (seconds per request, default 30). Deliveries go through the queue's
// ReceiveMessage, so a SluiceDeliveryRate paces them as it paces any
// consumer. A 429 or 503 answer pauses the queue's deliveries for its
// Retry-After, or for the backoff, as Cloud Tasks does.
//
// The Dispatcher reads the attributes of every queue when poked (after a
// CreateQueue, SetQueueAttributes or DeleteQueue) and every
// ReconcileInterval, and starts, changes or stops the queue's deliveries to
// match, so deliveries resume after a restart and follow the attributes.
package push

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/queue"
)

// Queues is what the dispatcher needs of the queue service.
type Queues interface {
	ReceiveMessage(ctx context.Context, p *queue.ReceiveMessageParams) ([]*queue.Message, error)
	DeleteMessage(ctx context.Context, ref queue.QueueRef, receiptHandle string) error
	ChangeMessageVisibility(ctx context.Context, ref queue.QueueRef, receiptHandle string, timeoutSeconds int) error
	GetQueueAttributes(ctx context.Context, ref queue.QueueRef, names []string) (map[string]string, error)
}

// Options configure a Dispatcher.
type Options struct {
	// Refs lists every queue of every account.
	Refs func(ctx context.Context) ([]queue.QueueRef, error)
	// Clock paces the backoffs and the pauses.
	Clock clock.Clock
	// ReconcileClock paces the periodic reading of the attributes; nil
	// means Clock. The server gives it the wall clock: the read is
	// housekeeping, not a queue rule, and a timer on a test's fake clock
	// would change the count of timers tests wait for.
	ReconcileClock clock.Clock
	// Logger receives delivery failures; nil discards them.
	Logger *slog.Logger
	// Client sends the requests; nil means a client with Go's defaults.
	Client *http.Client
	// ReconcileInterval is how often queue attributes are read besides
	// each Poke (default 30 s).
	ReconcileInterval time.Duration
}

// Dispatcher runs the deliveries of every pushing queue.
type Dispatcher struct {
	queues  Queues
	opts    Options
	poked   chan struct{}
	mu      sync.Mutex
	running map[queue.QueueRef]*deliverer
}

// New returns a dispatcher; Run starts it.
func New(queues Queues, opts Options) *Dispatcher {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Client == nil {
		opts.Client = &http.Client{}
	}
	if opts.ReconcileClock == nil {
		opts.ReconcileClock = opts.Clock
	}
	if opts.ReconcileInterval <= 0 {
		opts.ReconcileInterval = 30 * time.Second
	}
	return &Dispatcher{queues: queues, opts: opts, poked: make(chan struct{}, 1), running: make(map[queue.QueueRef]*deliverer)}
}

// Poke makes Run read the queues' attributes again at once: the server
// calls it after a CreateQueue, SetQueueAttributes or DeleteQueue.
func (d *Dispatcher) Poke() {
	select {
	case d.poked <- struct{}{}:
	default:
	}
}

// Run reconciles until ctx ends, then stops every delivery and returns.
func (d *Dispatcher) Run(ctx context.Context) {
	defer d.stopAll()
	for {
		d.reconcile(ctx)
		tick, stop := d.opts.ReconcileClock.After(d.opts.ReconcileInterval)
		select {
		case <-tick:
		case <-d.poked:
			stop()
		case <-ctx.Done():
			stop()
			return
		}
	}
}

// reconcile starts, restarts and stops deliveries to match the queues'
// attributes now.
func (d *Dispatcher) reconcile(ctx context.Context) {
	refs, err := d.opts.Refs(ctx)
	if err != nil {
		if ctx.Err() == nil {
			d.opts.Logger.Warn("push: cannot list queues", "err", err)
		}
		return
	}
	want := make(map[queue.QueueRef]Config)
	for _, ref := range refs {
		attrs, err := d.queues.GetQueueAttributes(ctx, ref, queue.PushAttributes)
		if err != nil {
			continue // deleted meanwhile, or the store is closing
		}
		if cfg := configOf(attrs); cfg.Endpoint != "" {
			want[ref] = cfg
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for ref, del := range d.running {
		if cfg, ok := want[ref]; !ok || cfg != del.cfg {
			del.stop()
			delete(d.running, ref)
		}
	}
	for ref, cfg := range want {
		if _, ok := d.running[ref]; !ok {
			d.running[ref] = d.start(ctx, ref, cfg)
		}
	}
}

// stopAll stops every delivery and waits for them.
func (d *Dispatcher) stopAll() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for ref, del := range d.running {
		del.stop()
		delete(d.running, ref)
	}
}
