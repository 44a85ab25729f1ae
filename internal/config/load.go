package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// EnvPrefix starts every environment variable sluice reads.
const EnvPrefix = "SLUICE_"

// setting is one scalar setting: its YAML key, its flag (the environment
// variable is derived from the flag), and how a textual value is stored.
type setting struct {
	key    string // YAML path: "listen", "tls.cert_file"
	flag   string // flag name: "listen", "tls-cert"
	usage  string
	isBool bool
	set    func(c *Config, v string) error
}

// envName is the environment variable of a flag: SLUICE_ and the flag name
// in capitals with dashes as underscores.
func envName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// settings lists the scalar settings, in the order help shows them.
var settings = []setting{
	{key: "listen", flag: "listen", usage: "`address` to listen on, host:port (default " + DefaultListen + ")",
		set: func(c *Config, v string) error { c.Listen = v; return nil }},
	{key: "data_dir", flag: "data-dir", usage: "`directory` holding the data (default " + DefaultDataDir + ")",
		set: func(c *Config, v string) error { c.DataDir = v; return nil }},
	{key: "memory", flag: "memory", isBool: true,
		usage: "keep everything in memory, nothing on disk; data is lost on exit",
		set:   func(c *Config, v string) error { return setBool(&c.Memory, v) }},
	{key: "advertised_url", flag: "advertised-url",
		usage: "base `URL` for queue URLs, e.g. http://sluice:4566 (default: the request's Host)",
		set:   func(c *Config, v string) error { c.AdvertisedURL = v; return nil }},
	{key: "log.level", flag: "log-level", usage: "`level` of logs: debug, info, warn or error (default info)",
		set: func(c *Config, v string) error { c.LogLevel = v; return nil }},
	{key: "log.format", flag: "log-format", usage: "`format` of logs: text or json (default text)",
		set: func(c *Config, v string) error { c.LogFormat = v; return nil }},
	{key: "tls.cert_file", flag: "tls-cert", usage: "PEM certificate chain `file`; with --tls-key, serve HTTPS and HTTP/2",
		set: func(c *Config, v string) error { c.TLSCertFile = v; return nil }},
	{key: "tls.key_file", flag: "tls-key", usage: "PEM private key `file` of --tls-cert",
		set: func(c *Config, v string) error { c.TLSKeyFile = v; return nil }},
	{key: "allow_anonymous", flag: "allow-anonymous", isBool: true,
		usage: "allow listening beyond loopback without credentials (any signature accepted)",
		set:   func(c *Config, v string) error { return setBool(&c.AllowAnonymous, v) }},
	{key: "kinesis.state_delay", flag: "kinesis-state-delay",
		usage: "`duration` a stream stays CREATING, UPDATING or DELETING, e.g. 500ms; at most 1m (default 0: at once)",
		set:   func(c *Config, v string) error { return setDuration(&c.KinesisStateDelay, v) }},
	{key: "kinesis.throughput_limits", flag: "kinesis-throughput-limits", isBool: true,
		usage: "enforce the per-shard throughput limits of provisioned streams (1 MiB/s and 1000 records/s in)",
		set:   func(c *Config, v string) error { return setBool(&c.KinesisThroughputLimits, v) }},
	{key: "console.enabled", flag: "console", isBool: true,
		usage: "serve the web console (default true; --console=false turns it off, the admin API stays)",
		set:   func(c *Config, v string) error { return setBool(&c.ConsoleEnabled, v) }},
	{key: "console.path", flag: "console-path", usage: "`path` of the web console (default " + DefaultConsolePath + ")",
		set: func(c *Config, v string) error { c.ConsolePath = v; return nil }},
	{key: "kinesis.shard_limit", flag: "kinesis-shard-limit",
		usage: "`number` of open shards each account may hold, as an AWS account's shard quota (default " +
			strconv.Itoa(DefaultKinesisShardLimit) + ")",
		set: func(c *Config, v string) error { return setInt(&c.KinesisShardLimit, v) }},
}

func setBool(dst *bool, v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("%q: want true or false", v)
	}
	*dst = b
	return nil
}

func setInt(dst *int, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("%q: want a whole number", v)
	}
	*dst = n
	return nil
}

func setDuration(dst *time.Duration, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("%q: want a duration such as 500ms or 2s", v)
	}
	*dst = d
	return nil
}

// Names of the settings that are not scalars.
const (
	flagConfig     = "config"
	flagCredential = "credential"
	envCredentials = EnvPrefix + "CREDENTIALS"
	flagQueues     = "queues"
	flagStreams    = "streams"
)

// Flags are the configuration flags registered on a flag set. Load reads
// the ones given on the command line.
type Flags struct {
	values map[string]*rawFlag
}

// rawFlag records the text of each occurrence of a flag.
type rawFlag struct {
	values []string
	isBool bool
}

// String returns the last value given, for flag's help.
func (f *rawFlag) String() string {
	if f == nil || len(f.values) == 0 {
		return ""
	}
	return f.values[len(f.values)-1]
}

// Set records one occurrence of the flag.
func (f *rawFlag) Set(v string) error {
	f.values = append(f.values, v)
	return nil
}

// IsBoolFlag lets --memory stand for --memory=true.
func (f *rawFlag) IsBoolFlag() bool { return f.isBool }

// RegisterFlags adds the configuration flags to fs. Each also reads an
// environment variable, named in its help.
func RegisterFlags(fs *flag.FlagSet) *Flags {
	f := &Flags{values: make(map[string]*rawFlag)}
	add := func(name, usage, env string, isBool bool) {
		v := &rawFlag{isBool: isBool}
		f.values[name] = v
		fs.Var(v, name, usage+" (env "+env+")")
	}
	add(flagConfig, "YAML configuration `file`", envName(flagConfig), false)
	for _, s := range settings {
		add(s.flag, s.usage, envName(s.flag), s.isBool)
	}
	add(flagCredential, "access key requests must be signed with, `KEY:SECRET:ACCOUNT` (12-digit account); repeatable, "+
		"comma-separated in the variable; none accepts any signature", envCredentials, false)
	add(flagQueues, "queues to create, comma-separated `names` (a name ending in .fifo makes a FIFO queue)",
		envName(flagQueues), false)
	add(flagStreams, "streams to create, comma-separated `name[:shards]` (no shard count: on-demand)",
		envName(flagStreams), false)
	return f
}

// given returns the values of a flag set on the command line.
func (f *Flags) given(name string) ([]string, bool) {
	if f == nil {
		return nil, false
	}
	v := f.values[name]
	return v.values, len(v.values) > 0
}

// Load reads the configuration: flags (fl, already parsed; may be nil) over
// environment variables (lookupEnv; may be nil) over the YAML file named by
// --config or SLUICE_CONFIG over defaults. It returns every problem found
// reading the sources as Problems; the Config holds whatever could be
// read. Call EnsureDefaults and Validate next.
func Load(fl *Flags, lookupEnv func(string) (string, bool)) (*Config, error) {
	if lookupEnv == nil {
		lookupEnv = func(string) (string, bool) { return "", false }
	}
	l := &loader{c: &Config{}, flags: fl, env: lookupEnv}
	l.readFile()
	l.scalars()
	l.credentials()
	l.shorthands()
	return l.c, l.problems.err()
}

// Read is Load, EnsureDefaults and Validate: it returns the configuration
// with the problems of reading and of validating in one Problems, so that a
// broken file is reported whole at once.
func Read(fl *Flags, lookupEnv func(string) (string, bool)) (*Config, error) {
	c, err := Load(fl, lookupEnv)
	var ps Problems
	errors.As(err, &ps)
	c.EnsureDefaults()
	var invalid Problems
	if errors.As(c.Validate(), &invalid) {
		ps = append(ps, invalid...)
	}
	ps.Sort()
	return c, ps.err()
}

// loader carries the state of one Load.
type loader struct {
	c        *Config
	flags    *Flags
	env      func(string) (string, bool)
	problems Problems
}

// source returns the value of a setting given by flag or, failing that,
// by environment variable, with where it came from.
func (l *loader) source(flagName, env string) ([]string, string, bool) {
	if vs, ok := l.flags.given(flagName); ok {
		return vs, "flag --" + flagName, true
	}
	if v, ok := l.env(env); ok && v != "" {
		return []string{v}, "env " + env, true
	}
	return nil, "", false
}

func (l *loader) readFile() {
	vs, origin, ok := l.source(flagConfig, envName(flagConfig))
	if !ok {
		return
	}
	path := vs[len(vs)-1]
	l.c.File = path
	data, err := os.ReadFile(path)
	if err != nil {
		l.problems.add(origin, "read configuration: %v", err)
		return
	}
	decodeFile(l.c, path, data, &l.problems)
}

// scalars applies the scalar settings given by environment or flag.
func (l *loader) scalars() {
	for _, s := range settings {
		vs, origin, ok := l.source(s.flag, envName(s.flag))
		if !ok {
			continue
		}
		if err := s.set(l.c, vs[len(vs)-1]); err != nil {
			l.problems.add(origin, "%v", err)
			continue
		}
		l.c.setOrigin(s.key, origin)
	}
}

// credentials reads KEY:SECRET:ACCOUNT credentials from the repeatable
// --credential flag or the comma-separated SLUICE_CREDENTIALS; they replace
// the file's. The key runs to the first colon and the account from the
// last, so a secret may hold colons. A malformed entry is reported by its
// position only: its text holds a secret.
func (l *loader) credentials() {
	vs, origin, ok := l.source(flagCredential, envCredentials)
	if !ok {
		return
	}
	if origin == "env "+envCredentials {
		vs = strings.Split(vs[0], ",")
	}
	var creds []Credential
	for i, v := range vs {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		key, rest, ok := strings.Cut(v, ":")
		j := strings.LastIndexByte(rest, ':')
		if !ok || j < 0 {
			l.problems.add(origin, "credential %d: want KEY:SECRET:ACCOUNT (access key id, secret access key, 12-digit account id)", i+1)
			continue
		}
		creds = append(creds, Credential{AccessKey: key, Secret: rest[:j], Account: rest[j+1:], Origin: origin})
	}
	l.c.Credentials = creds
	l.c.setOrigin("credentials", origin)
}

// shorthands adds the queues and streams of --queues/SLUICE_QUEUES and
// --streams/SLUICE_STREAMS to those of the file.
func (l *loader) shorthands() {
	if vs, origin, ok := l.source(flagQueues, envName(flagQueues)); ok {
		for _, v := range vs {
			for _, name := range splitList(v) {
				l.c.Queues = append(l.c.Queues, Queue{Name: name, Origin: origin})
			}
		}
	}
	if vs, origin, ok := l.source(flagStreams, envName(flagStreams)); ok {
		for _, v := range vs {
			for _, item := range splitList(v) {
				l.shorthandStream(item, origin)
			}
		}
	}
}

// shorthandStream reads name or name:shards.
func (l *loader) shorthandStream(item, origin string) {
	name, count, hasCount := strings.Cut(item, ":")
	s := Stream{Name: name, Origin: origin, OnDemand: !hasCount}
	if hasCount {
		s.at = map[string]string{"shards": origin}
		n, err := strconv.Atoi(count)
		if err != nil {
			l.problems.add(origin, "stream %q: shard count %q is not a number", name, count)
			return
		}
		s.Shards = n
	}
	l.c.Streams = append(l.c.Streams, s)
}

// splitList splits on commas and white space, dropping empty items.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}
