package stream

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/sluicemq/sluice/worker"
)

// KinesisClient is the part of *kinesis.Client a Consumer uses.
type KinesisClient interface {
	GetShardIterator(ctx context.Context, in *kinesis.GetShardIteratorInput, optFns ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in *kinesis.GetRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error)
}

// Options configure a Consumer. The zero value works: a random member
// id, reads of up to 1000 records, a 1 s pause after an empty read,
// retries from 100 ms doubling up to 30 s, heartbeats as often as the
// coordinator asks, 30 s to shut down.
type Options struct {
	// Member names this consumer in its group; default host-pid-random.
	// Letters, digits and _ . : @ - only, at most 128.
	Member string
	// BatchSize is the Limit of each GetRecords, 1 to 10000 (default
	// 1000): the most records one handler call gets.
	BatchSize int32
	// PollInterval is the pause after a read that found nothing new
	// (default 1 s; Kinesis allows 5 reads a second per shard).
	PollInterval time.Duration
	// HeartbeatInterval overrides the coordinator's advice on how often
	// to heartbeat (a third of the lease duration).
	HeartbeatInterval time.Duration
	// Backoff gives the wait before retry attempt n (1 after the first
	// failure) of a handler call or a failed request. Default
	// worker.ExponentialBackoff{Base: 100 * time.Millisecond, Max: 30 * time.Second, Jitter: 0.5}.
	Backoff func(attempt int) time.Duration
	// ShutdownTimeout bounds how long Consume waits, once its context
	// ends, for handlers to finish and checkpoints to be stored before it
	// leaves the group (default 30 s). Handlers still running then see
	// their context end.
	ShutdownTimeout time.Duration
	// OnEvent, when set, is called for every Event, from many goroutines.
	OnEvent func(Event)
	// Logger receives warnings; nil discards them.
	Logger *slog.Logger
	// Clock is the time source; nil means the wall clock.
	Clock worker.Clock
}

// withDefaults returns o with every unset field set.
func (o Options) withDefaults() Options {
	if o.Member == "" {
		o.Member = defaultMember()
	}
	if o.BatchSize <= 0 || o.BatchSize > 10000 {
		o.BatchSize = 1000
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.Backoff == nil {
		o.Backoff = worker.ExponentialBackoff{Base: 100 * time.Millisecond, Max: 30 * time.Second, Jitter: 0.5}.Delay
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Clock == nil {
		o.Clock = wallClock{}
	}
	return o
}

// defaultMember is host-pid-random, with the host's name cut to the
// characters a member id may hold.
func defaultMember() string {
	host, _ := os.Hostname()
	host = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.-", r) {
			return r
		}
		return -1
	}, host)
	if len(host) > 64 {
		host = host[:64]
	}
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", strings.Trim(host, ".-"), os.Getpid(), hex.EncodeToString(b))
}

// sleep waits d on clk, or until ctx ends or stop closes (then it returns
// false).
func sleep(ctx context.Context, clk worker.Clock, d time.Duration, stop <-chan struct{}) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	ch, cancel := clk.After(d)
	defer cancel()
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		return false
	case <-stop:
		return false
	}
}
