package push

import (
	"strconv"
	"time"

	"github.com/sluicemq/sluice/internal/queue"
)

// Defaults of a pushing queue.
const (
	defaultConcurrency = 1
	defaultTimeout     = 30 * time.Second
)

// Config is one queue's push settings.
type Config struct {
	Endpoint    string
	Secret      string
	Concurrency int
	Timeout     time.Duration
}

// configOf reads a queue's push attributes, already validated when they
// were set; an empty Endpoint means the queue does not push.
func configOf(attrs map[string]string) Config {
	cfg := Config{Endpoint: attrs[queue.AttrPushEndpoint], Secret: attrs[queue.AttrPushSecret],
		Concurrency: defaultConcurrency, Timeout: defaultTimeout}
	if n, err := strconv.Atoi(attrs[queue.AttrPushConcurrency]); err == nil && n > 0 {
		cfg.Concurrency = n
	}
	if s, err := strconv.Atoi(attrs[queue.AttrPushTimeout]); err == nil && s > 0 {
		cfg.Timeout = time.Duration(s) * time.Second
	}
	return cfg
}
