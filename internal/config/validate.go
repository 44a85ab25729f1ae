package config

import (
	"crypto/tls"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
)

// Limits checked by Validate, as SQS and Kinesis set them.
const (
	maxQueueNameLen  = 80
	maxTags          = 50
	maxTagKeyLen     = 128
	maxTagValueLen   = 256
	maxReceiveCount  = 1000
	maxShards        = 10000
	maxRetentionHour = 8760
)

var (
	queueNameRE  = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.fifo)?$`)
	streamNameRE = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,128}$`)
	accountRE    = regexp.MustCompile(`^[0-9]{12}$`)
)

// Validate checks the whole configuration and returns every problem found
// as Problems, each with where the value came from; nil when all is well.
// Call EnsureDefaults first.
func (c *Config) Validate() error {
	v := &validator{c: c}
	v.server()
	v.credentials()
	v.queues()
	v.streams()
	return v.ps.err()
}

type validator struct {
	c  *Config
	ps Problems
}

func (v *validator) server() {
	c := v.c
	if host, port, err := net.SplitHostPort(c.Listen); err != nil {
		v.ps.add(c.Origin("listen"), "listen %q: want host:port", c.Listen)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		v.ps.add(c.Origin("listen"), "listen %q: port %q is not a number from 0 to 65535", c.Listen, port)
	} else if host != "" && net.ParseIP(host) == nil && !isHostname(host) {
		v.ps.add(c.Origin("listen"), "listen %q: %q is not an IP address or host name", c.Listen, host)
	}
	if c.AdvertisedURL != "" {
		u, err := url.Parse(c.AdvertisedURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.ps.add(c.Origin("advertised_url"), "advertised URL %q: want http://host[:port] or https://host[:port]", c.AdvertisedURL)
		}
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.LogLevel) {
		v.ps.add(c.Origin("log.level"), "log level %q: want debug, info, warn or error", c.LogLevel)
	}
	if !slices.Contains([]string{"text", "json"}, c.LogFormat) {
		v.ps.add(c.Origin("log.format"), "log format %q: want text or json", c.LogFormat)
	}
	if c.ConsoleEnabled {
		if err := CheckConsolePath(c.ConsolePath); err != nil {
			v.ps.add(c.Origin("console.path"), "%v", err)
		}
	}
	if c.KinesisStateDelay < 0 || c.KinesisStateDelay > MaxKinesisStateDelay {
		v.ps.add(c.Origin("kinesis.state_delay"), "kinesis state delay %s: want 0 to %s", c.KinesisStateDelay, MaxKinesisStateDelay)
	}
	if c.KinesisShardLimit < 1 || c.KinesisShardLimit > MaxKinesisShardLimit {
		v.ps.add(c.Origin("kinesis.shard_limit"), "kinesis shard limit %d: want 1 to %d", c.KinesisShardLimit, MaxKinesisShardLimit)
	}
	v.tls()
}

var hostnameRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$`)

func isHostname(s string) bool { return len(s) <= 253 && hostnameRE.MatchString(s) }

func (v *validator) tls() {
	c := v.c
	switch {
	case c.TLSCertFile == "" && c.TLSKeyFile == "":
	case c.TLSCertFile == "":
		v.ps.add(c.Origin("tls.key_file"), "a TLS key needs its certificate (tls.cert_file, --tls-cert, SLUICE_TLS_CERT)")
	case c.TLSKeyFile == "":
		v.ps.add(c.Origin("tls.cert_file"), "a TLS certificate needs its key (tls.key_file, --tls-key, SLUICE_TLS_KEY)")
	default:
		if _, err := tls.LoadX509KeyPair(c.TLSCertFile, c.TLSKeyFile); err != nil {
			v.ps.add(c.Origin("tls.cert_file"), "TLS certificate %s and key %s: %v", c.TLSCertFile, c.TLSKeyFile, err)
		}
	}
}

func (v *validator) credentials() {
	seen := make(map[string]int)
	for i, cr := range v.c.Credentials {
		name := "credential " + strconv.Itoa(i+1)
		switch {
		case cr.AccessKey == "":
			v.ps.add(cr.Origin, "%s: empty access key", name)
		case cr.Secret == "":
			v.ps.add(cr.Origin, "%s: access key %q: empty secret", name, cr.AccessKey)
		case !accountRE.MatchString(cr.Account):
			v.ps.add(cr.Origin, "%s: access key %q: account %q is not a 12-digit account id", name, cr.AccessKey, truncated(cr.Account))
		}
		if first, dup := seen[cr.AccessKey]; dup && cr.AccessKey != "" {
			v.ps.add(cr.Origin, "%s: access key %q is already credential %d", name, cr.AccessKey, first)
			continue
		}
		seen[cr.AccessKey] = i + 1
	}
}

// truncated shortens a configured value before it is echoed.
func truncated(s string) string {
	const maxEcho = 32
	if len(s) > maxEcho {
		return s[:maxEcho] + "..."
	}
	return s
}

// account checks the account a queue or stream names: 12 digits, and one
// with credentials when credentials are configured.
func (v *validator) account(account, where, what string) {
	if account == "" || account == DefaultAccount {
		return
	}
	if !accountRE.MatchString(account) {
		v.ps.add(where, "%s: account %q is not a 12-digit account id", what, account)
		return
	}
	if len(v.c.Credentials) > 0 && !slices.Contains(v.c.Accounts(), account) {
		v.ps.add(where, "%s: account %s has no credentials (accounts with credentials: %v)", what, account, v.c.Accounts())
	}
}

func (v *validator) tags(tags map[string]string, where, what string) {
	if len(tags) > maxTags {
		v.ps.add(where, "%s: %d tags, at most %d allowed", what, len(tags), maxTags)
	}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		if k == "" || len(k) > maxTagKeyLen {
			v.ps.add(where, "%s: tag key %q must be 1 to %d characters", what, k, maxTagKeyLen)
		}
		if len(tags[k]) > maxTagValueLen {
			v.ps.add(where, "%s: tag %q: value longer than %d characters", what, k, maxTagValueLen)
		}
	}
}

func (v *validator) queues() {
	declared := make(map[queueKey]*Queue, len(v.c.Queues))
	for i := range v.c.Queues {
		q := &v.c.Queues[i]
		what := "queue " + strconv.Quote(q.Name)
		k := keyOf(q.Account, q.Name)
		if first, dup := declared[k]; dup {
			v.ps.add(q.Origin, "%s is already declared at %s", what, first.Origin)
			continue
		}
		declared[k] = q
		v.queue(q, what)
	}
	for i := range v.c.Queues {
		v.redrive(&v.c.Queues[i], declared)
	}
	v.cycles(declared)
}

func (v *validator) queue(q *Queue, what string) {
	nameAt := where(q.at, "name", q.Origin)
	switch {
	case q.Name == "":
		v.ps.add(q.Origin, "queue without a name")
		return
	case len(q.Name) > maxQueueNameLen || !queueNameRE.MatchString(q.Name):
		v.ps.add(nameAt, "%s: a queue name is 1 to 80 letters, digits, - and _, ending in .fifo for a FIFO queue", what)
	}
	v.account(q.Account, where(q.at, "account", q.Origin), what)
	fifo := q.IsFIFO()
	if f, ok := q.Attributes[attrFifoQueue]; ok && (f == "true") != fifo {
		v.ps.add(where(q.at, "attributes."+attrFifoQueue, q.Origin),
			"%s: FifoQueue is %s but the name %s in .fifo", what, f, map[bool]string{true: "ends", false: "does not end"}[fifo])
	}
	if !fifo {
		for _, name := range fifoOnlyAttributes {
			if _, ok := q.Attributes[name]; ok {
				v.ps.add(where(q.at, "attributes."+name, q.Origin), "%s: %s is only for FIFO queues", what, name)
			}
		}
	}
	v.tags(q.Tags, where(q.at, "tags", q.Origin), what)
}

// redrive checks a RedrivePolicy: a dead-letter queue named by name must be
// declared, in the same account, of the same type.
func (v *validator) redrive(q *Queue, declared map[queueKey]*Queue) {
	if q.Redrive == nil {
		return
	}
	at := where(q.at, "attributes."+attrRedrivePolicy, q.Origin)
	what := "queue " + strconv.Quote(q.Name) + ": RedrivePolicy"
	r := q.Redrive
	if r.MaxReceiveCount < 1 || r.MaxReceiveCount > maxReceiveCount {
		v.ps.add(at, "%s: maxReceiveCount %d: want 1 to %d", what, r.MaxReceiveCount, maxReceiveCount)
	}
	switch dlq, ok := declared[keyOf(q.Account, r.DeadLetterQueue)]; {
	case r.DeadLetterQueue == "":
		v.ps.add(at, "%s: deadLetterTargetArn is missing (a queue name or ARN)", what)
	case IsARN(r.DeadLetterQueue):
	case !ok:
		v.ps.add(at, "%s: dead-letter queue %q is not declared (in account %s)", what, r.DeadLetterQueue, AccountOf(q.Account))
	case dlq == q:
		v.ps.add(at, "%s: a queue cannot be its own dead-letter queue", what)
	case dlq.IsFIFO() != q.IsFIFO():
		v.ps.add(at, "%s: dead-letter queue %q must be of the same type (FIFO or standard)", what, dlq.Name)
	}
}

// cycles reports dead-letter queues that lead back to themselves.
func (v *validator) cycles(declared map[queueKey]*Queue) {
	reported := make(map[*Queue]bool)
	for i := range v.c.Queues {
		start := &v.c.Queues[i]
		seen := map[*Queue]bool{start: true}
		for q := start; q.Redrive != nil; {
			next, ok := declared[keyOf(q.Account, q.Redrive.DeadLetterQueue)]
			if !ok || next == q {
				break
			}
			if next == start && !reported[start] {
				for m := range seen {
					reported[m] = true
				}
				v.ps.add(start.Origin, "queue %q: its dead-letter queues form a cycle", start.Name)
				break
			}
			if seen[next] {
				break
			}
			seen[next] = true
			q = next
		}
	}
}

func (v *validator) streams() {
	declared := make(map[queueKey]string, len(v.c.Streams))
	for i := range v.c.Streams {
		s := &v.c.Streams[i]
		what := "stream " + strconv.Quote(s.Name)
		k := keyOf(s.Account, s.Name)
		if first, dup := declared[k]; dup {
			v.ps.add(s.Origin, "%s is already declared at %s", what, first)
			continue
		}
		declared[k] = s.Origin
		v.stream(s, what)
	}
}

func (v *validator) stream(s *Stream, what string) {
	if !streamNameRE.MatchString(s.Name) {
		v.ps.add(where(s.at, "name", s.Origin), "%s: a stream name is 1 to 128 letters, digits, _, . and -", what)
	}
	v.account(s.Account, where(s.at, "account", s.Origin), what)
	switch {
	case s.OnDemand && s.Shards != 0:
		v.ps.add(where(s.at, "shards", s.Origin), "%s: give shards or on_demand, not both", what)
	case !s.OnDemand && (s.Shards < 0 || s.Shards > maxShards) || s.Shards == 0 && s.at["shards"] != "":
		v.ps.add(where(s.at, "shards", s.Origin), "%s: shards %d: want 1 to %d", what, s.Shards, maxShards)
	}
	if s.RetentionHours < DefaultRetentionHours || s.RetentionHours > maxRetentionHour {
		v.ps.add(where(s.at, "retention_hours", s.Origin), "%s: retention_hours %d: want %d to %d",
			what, s.RetentionHours, DefaultRetentionHours, maxRetentionHour)
	}
	v.tags(s.Tags, where(s.at, "tags", s.Origin), what)
}
