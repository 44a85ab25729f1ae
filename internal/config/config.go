// Package config is sluice's typed server configuration: where it listens,
// where its data lives, how it logs, TLS, credentials, how Kinesis streams
// behave (state transition delays, per-shard throughput limits, the shard
// limit of an account), and the
// queues and streams it creates at startup.
//
// Load reads it from four sources, the first that sets a value winning:
// command-line flags, SLUICE_* environment variables (named after the flags),
// a YAML file (--config or SLUICE_CONFIG), defaults. Every value remembers
// where it came from, so Validate can say where each problem is (file:line,
// env var or flag) and Print can show the effective configuration with the
// source of each value and its secrets redacted.
package config

import (
	"slices"
	"strings"
	"time"
)

// Defaults.
const (
	DefaultListen         = "127.0.0.1:4566"
	DefaultDataDir        = "./sluice-data"
	DefaultLogLevel       = "info"
	DefaultLogFormat      = "text"
	DefaultAccount        = "000000000000"
	DefaultRetentionHours = 24
	// MaxKinesisStateDelay bounds KinesisStateDelay.
	MaxKinesisStateDelay = time.Minute
	// DefaultKinesisShardLimit is the open shards an account may hold
	// unless told otherwise (the stream package's default);
	// MaxKinesisShardLimit bounds KinesisShardLimit.
	DefaultKinesisShardLimit = 10000
	MaxKinesisShardLimit     = 1000000
)

// Config is the whole configuration of sluice serve.
type Config struct {
	// Listen is host:port; port 0 picks a free port.
	Listen string
	// DataDir holds the data on disk; ignored when Memory is set.
	DataDir string
	// Memory keeps everything in memory; nothing is written to disk.
	Memory bool
	// AdvertisedURL, when set, is the base of the queue URLs handed out.
	AdvertisedURL string
	// LogLevel is debug, info, warn or error; LogFormat is text or json.
	LogLevel, LogFormat string
	// TLSCertFile and TLSKeyFile, both set, make sluice serve HTTPS (and
	// HTTP/2) with this PEM certificate chain and key.
	TLSCertFile, TLSKeyFile string
	// Credentials are the access keys requests must be signed with.
	// None means any signature is accepted.
	Credentials []Credential
	// AllowAnonymous lets unsigned requests in when Credentials are set.
	AllowAnonymous bool
	// KinesisStateDelay is how long a stream stays CREATING, UPDATING or
	// DELETING (and a consumer CREATING or DELETING) before the change
	// takes effect. Zero, the default, makes changes take effect at once.
	KinesisStateDelay time.Duration
	// KinesisThroughputLimits enforces the per-shard limits of provisioned
	// streams (1 MiB/s and 1000 records/s in, 2 MiB/s and 5 reads/s out).
	KinesisThroughputLimits bool
	// ConsoleEnabled serves the web console (the default); ConsolePath is
	// where, DefaultConsolePath unless set.
	ConsoleEnabled bool
	ConsolePath    string
	// KinesisShardLimit bounds the open shards of each account, as an AWS
	// account's shard quota does: CreateStream, SplitShard and
	// UpdateShardCount beyond it get LimitExceededException. Default
	// DefaultKinesisShardLimit.
	KinesisShardLimit int
	// Queues and Streams are created (or brought to the declared state)
	// at startup.
	Queues  []Queue
	Streams []Stream

	// File is the configuration file read, if any.
	File string
	// origins says where each top-level setting came from, by key.
	origins map[string]string
}

// Credential is an access key and the account its requests act in.
type Credential struct {
	AccessKey string
	Secret    string
	Account   string
	// Origin is where the credential was declared.
	Origin string
}

// Queue is a queue declared in the configuration.
type Queue struct {
	Name string
	// Account owns the queue; empty means DefaultAccount.
	Account string
	// Attributes are SQS attributes by their AWS names, as strings
	// (FifoQueue, VisibilityTimeout, Policy as JSON, ...). RedrivePolicy is
	// not among them: it is in Redrive.
	Attributes map[string]string
	// Redrive is the RedrivePolicy, its dead-letter queue named by queue
	// name (same account) or by ARN.
	Redrive *Redrive
	Tags    map[string]string
	// Origin is where the queue was declared (file:line, env var, flag).
	Origin string
	// at says where individual keys of the entry were set, by key
	// ("name", "attributes.VisibilityTimeout", ...).
	at map[string]string
}

// Redrive is a queue's RedrivePolicy.
type Redrive struct {
	// DeadLetterQueue is the dead-letter queue's name, or its ARN.
	DeadLetterQueue string
	MaxReceiveCount int
}

// Stream is a Kinesis stream declared in the configuration.
type Stream struct {
	Name string
	// Account owns the stream; empty means DefaultAccount.
	Account string
	// Shards is the shard count of a provisioned stream; OnDemand makes an
	// on-demand stream instead. A stream with neither is on-demand.
	Shards   int
	OnDemand bool
	// RetentionHours is how long records are kept (24 to 8760).
	RetentionHours int
	Tags           map[string]string
	// Origin is where the stream was declared.
	Origin string
	at     map[string]string
}

// IsOnDemand reports whether the stream is on-demand: declared so, or
// declared without a shard count.
func (s *Stream) IsOnDemand() bool { return s.OnDemand || s.Shards == 0 }

// Origin returns where the setting key (a YAML path such as "listen" or
// "tls.cert_file") got its value: "flag --listen", "env SLUICE_LISTEN",
// "sluice.yaml:3" or "default".
func (c *Config) Origin(key string) string {
	if o, ok := c.origins[key]; ok {
		return o
	}
	return "default"
}

func (c *Config) setOrigin(key, origin string) {
	if c.origins == nil {
		c.origins = make(map[string]string)
	}
	c.origins[key] = origin
}

// AccountOf returns the account a queue or stream belongs to.
func AccountOf(account string) string {
	if account == "" {
		return DefaultAccount
	}
	return account
}

// IsFIFO reports whether the queue is a FIFO queue (its name ends in .fifo).
func (q *Queue) IsFIFO() bool { return strings.HasSuffix(q.Name, ".fifo") }

// where returns where key of the entry was set, or the entry's origin.
func where(at map[string]string, key, origin string) string {
	if w, ok := at[key]; ok {
		return w
	}
	return origin
}

// EnsureDefaults fills every setting left empty with its default: listen
// address, data directory, log level and format, the FifoQueue attribute
// of queues named *.fifo, and the retention of streams.
func (c *Config) EnsureDefaults() {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.DataDir == "" {
		c.DataDir = DefaultDataDir
	}
	if c.LogLevel == "" {
		c.LogLevel = DefaultLogLevel
	}
	if c.LogFormat == "" {
		c.LogFormat = DefaultLogFormat
	}
	if c.Origin("console.enabled") == "default" {
		c.ConsoleEnabled = true
	}
	if c.ConsolePath == "" {
		c.ConsolePath = DefaultConsolePath
	}
	if c.KinesisShardLimit == 0 && c.Origin("kinesis.shard_limit") == "default" {
		c.KinesisShardLimit = DefaultKinesisShardLimit
	}
	for i := range c.Queues {
		q := &c.Queues[i]
		if _, ok := q.Attributes[attrFifoQueue]; !ok && q.IsFIFO() {
			if q.Attributes == nil {
				q.Attributes = make(map[string]string)
			}
			q.Attributes[attrFifoQueue] = "true"
		}
	}
	for i := range c.Streams {
		if c.Streams[i].RetentionHours == 0 {
			c.Streams[i].RetentionHours = DefaultRetentionHours
		}
	}
}

// OrderQueues returns the queues so that every dead-letter queue named by
// name comes before the queues that name it. Queues caught in a cycle
// (which Validate reports) keep their declaration order.
func OrderQueues(queues []Queue) []Queue {
	index := make(map[queueKey]int, len(queues))
	for i, q := range queues {
		index[keyOf(q.Account, q.Name)] = i
	}
	done := make([]bool, len(queues))
	visiting := make([]bool, len(queues))
	out := make([]Queue, 0, len(queues))
	var visit func(i int)
	visit = func(i int) {
		if done[i] || visiting[i] {
			return
		}
		visiting[i] = true
		if r := queues[i].Redrive; r != nil && !IsARN(r.DeadLetterQueue) {
			if dlq, ok := index[keyOf(queues[i].Account, r.DeadLetterQueue)]; ok {
				visit(dlq)
			}
		}
		visiting[i] = false
		done[i] = true
		out = append(out, queues[i])
	}
	for i := range queues {
		visit(i)
	}
	return out
}

// queueKey identifies a resource: its account and name.
type queueKey struct{ account, name string }

func keyOf(account, name string) queueKey { return queueKey{AccountOf(account), name} }

// IsARN reports whether a dead-letter queue is named by ARN rather than by
// name.
func IsARN(s string) bool { return strings.HasPrefix(s, "arn:") }

// Accounts returns the accounts that have credentials, sorted.
func (c *Config) Accounts() []string {
	var out []string
	for _, cr := range c.Credentials {
		if !slices.Contains(out, cr.Account) {
			out = append(out, cr.Account)
		}
	}
	slices.Sort(out)
	return out
}
