package config

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// load writes yaml (if any) to a file, then loads with args and env as the
// command line and environment, and fills defaults.
func load(t *testing.T, yaml string, args []string, env map[string]string) (*Config, error) {
	t.Helper()
	vars := map[string]string{}
	for k, v := range env {
		vars[k] = v
	}
	if yaml != "" {
		path := filepath.Join(t.TempDir(), "sluice.yaml")
		if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		vars["SLUICE_CONFIG"] = path
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fl := RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	c, err := Load(fl, func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if c != nil {
		c.EnsureDefaults()
	}
	return c, err
}

func mustLoad(t *testing.T, yaml string, args []string, env map[string]string) *Config {
	t.Helper()
	c, err := load(t, yaml, args, env)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return c
}

func TestLoad_Precedence(t *testing.T) {
	t.Parallel()
	const file = "listen: 127.0.0.1:1111\nlog:\n  level: warn\n"
	tests := []struct {
		name       string
		yaml       string
		args       []string
		env        map[string]string
		listen     string
		origin     string
		level      string
		levelFrom  string
		memory     bool
		memoryFrom string
	}{
		{name: "Defaults", listen: DefaultListen, origin: "default", level: "info", levelFrom: "default", memoryFrom: "default"},
		{name: "FileOverDefaults", yaml: file, listen: "127.0.0.1:1111", origin: "sluice.yaml:1",
			level: "warn", levelFrom: "sluice.yaml:3", memoryFrom: "default"},
		{name: "EnvOverFile", yaml: file, env: map[string]string{"SLUICE_LISTEN": "127.0.0.1:2222", "SLUICE_MEMORY": "true"},
			listen: "127.0.0.1:2222", origin: "env SLUICE_LISTEN", level: "warn", levelFrom: "sluice.yaml:3",
			memory: true, memoryFrom: "env SLUICE_MEMORY"},
		{name: "FlagOverEnv", yaml: file, env: map[string]string{"SLUICE_LISTEN": "127.0.0.1:2222", "SLUICE_LOG_LEVEL": "error"},
			args: []string{"--listen", "127.0.0.1:3333", "--memory"}, listen: "127.0.0.1:3333", origin: "flag --listen",
			level: "error", levelFrom: "env SLUICE_LOG_LEVEL", memory: true, memoryFrom: "flag --memory"},
		{name: "FlagFalseOverEnvTrue", env: map[string]string{"SLUICE_MEMORY": "true"}, args: []string{"--memory=false"},
			listen: DefaultListen, origin: "default", level: "info", levelFrom: "default", memoryFrom: "flag --memory"},
		{name: "EmptyEnvIsUnset", yaml: file, env: map[string]string{"SLUICE_LISTEN": ""},
			listen: "127.0.0.1:1111", origin: "sluice.yaml:1", level: "warn", levelFrom: "sluice.yaml:3", memoryFrom: "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := mustLoad(t, tt.yaml, tt.args, tt.env)
			if c.Listen != tt.listen || !strings.HasSuffix(c.Origin("listen"), tt.origin) {
				t.Errorf("listen = %q from %q, want %q from ...%q", c.Listen, c.Origin("listen"), tt.listen, tt.origin)
			}
			if c.LogLevel != tt.level || !strings.HasSuffix(c.Origin("log.level"), tt.levelFrom) {
				t.Errorf("log level = %q from %q, want %q from ...%q", c.LogLevel, c.Origin("log.level"), tt.level, tt.levelFrom)
			}
			if c.Memory != tt.memory || c.Origin("memory") != tt.memoryFrom {
				t.Errorf("memory = %v from %q, want %v from %q", c.Memory, c.Origin("memory"), tt.memory, tt.memoryFrom)
			}
		})
	}
}

func TestLoad_CredentialsPrecedence(t *testing.T) {
	t.Parallel()
	const file = `
credentials:
  - {access_key_id: FILEKEY, secret_access_key: "s:with:colons", account: "111111111111"}
`
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // access key/secret/account
	}{
		{name: "File", want: []string{"FILEKEY/s:with:colons/111111111111"}},
		{name: "EnvReplacesFile", env: map[string]string{"SLUICE_CREDENTIALS": "E1:a:222222222222, E2:b:c:333333333333"},
			want: []string{"E1/a/222222222222", "E2/b:c/333333333333"}},
		{name: "FlagsReplaceEnv", env: map[string]string{"SLUICE_CREDENTIALS": "E1:a:222222222222"},
			args: []string{"--credential", "F1:x:444444444444", "--credential=F2:y:555555555555"},
			want: []string{"F1/x/444444444444", "F2/y/555555555555"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := mustLoad(t, file, tt.args, tt.env)
			var got []string
			for _, cr := range c.Credentials {
				got = append(got, cr.AccessKey+"/"+cr.Secret+"/"+cr.Account)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("credentials = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidate_ListsEveryProblemWithItsLocation(t *testing.T) {
	t.Parallel()
	const file = `listen: 127.0.0.1:4566
log:
  format: xml
tls:
  cert_file: /nonexistent/cert.pem
queues:
  - name: orders.fifo
    attributes:
      RedrivePolicy: {deadLetterTargetArn: missing-dlq.fifo, maxReceiveCount: 5}
  - name: "bad name"
  - name: orders.fifo
streams:
  - name: clicks
    shards: 4
    on_demand: true
  - name: old
    retention_hours: 2
`
	c, err := load(t, file, []string{"--advertised-url", "ftp://x"}, map[string]string{"SLUICE_LOG_LEVEL": "loud"})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	err = c.Validate()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Validate = %v, want Problems", err)
	}
	want := []string{
		"flag --advertised-url: advertised URL \"ftp://x\"",
		"env SLUICE_LOG_LEVEL: log level \"loud\"",
		"sluice.yaml:3: log format \"xml\"",
		"sluice.yaml:5: a TLS certificate needs its key",
		"sluice.yaml:9: queue \"orders.fifo\": RedrivePolicy: dead-letter queue \"missing-dlq.fifo\" is not declared",
		"sluice.yaml:10: queue \"bad name\": a queue name is",
		"sluice.yaml:11: queue \"orders.fifo\" is already declared at",
		"sluice.yaml:14: stream \"clicks\": give shards or on_demand, not both",
		"sluice.yaml:17: stream \"old\": retention_hours 2",
	}
	text := err.Error()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("problems do not include %q:\n%s", w, text)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(ps), len(want), text)
	}
}

func TestLoad_FileProblemsWithLines(t *testing.T) {
	t.Parallel()
	const file = `listen: 127.0.0.1:4566
colour: blue
memory: perhaps
queues:
  - name: q
    attributes:
      VisibilityTimeout: 99999
      Colour: red
      DelaySeconds: soon
    priority: high
streams:
  - name: s
    shards: many
`
	_, err := load(t, file, nil, nil)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load = %v, want Problems", err)
	}
	want := []string{
		`sluice.yaml:2: configuration: unknown key "colour"`,
		`sluice.yaml:3: memory: "perhaps": want true or false`,
		`sluice.yaml:7: attribute VisibilityTimeout: 99999 is out of range 0 to 43200`,
		`sluice.yaml:8: unknown queue attribute "Colour"`,
		`sluice.yaml:9: attribute DelaySeconds: "soon" is not a whole number`,
		`sluice.yaml:10: queue: unknown key "priority"`,
		`sluice.yaml:13: shards: "many" is not a whole number`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("problems do not include %q:\n%v", w, err)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("%d problems, want %d:\n%v", len(ps), len(want), err)
	}
}

func TestLoad_SyntaxErrorHasLine(t *testing.T) {
	t.Parallel()
	_, err := load(t, "listen: a\nqueues: [\n  - x: : :\n", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "sluice.yaml:") {
		t.Errorf("Load = %v, want an error at sluice.yaml:<line>", err)
	}
}

func TestLoad_MissingFile(t *testing.T) {
	t.Parallel()
	_, err := load(t, "", []string{"--config", filepath.Join(t.TempDir(), "absent.yaml")}, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "flag --config: read configuration") {
		t.Errorf("Load = %v, want a read error from flag --config", err)
	}
}

func TestLoad_Shorthands(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, "queues:\n  - name: from-file\n", nil, map[string]string{
		"SLUICE_QUEUES": "likes, likes-dlq,orders.fifo", "SLUICE_STREAMS": "clicks:4,events",
	})
	var names []string
	for _, q := range c.Queues {
		names = append(names, q.Name+"@"+q.Origin)
	}
	wantQueues := []string{"from-file@" + c.File + ":2", "likes@env SLUICE_QUEUES", "likes-dlq@env SLUICE_QUEUES",
		"orders.fifo@env SLUICE_QUEUES"}
	if !reflect.DeepEqual(names, wantQueues) {
		t.Errorf("queues = %v, want %v", names, wantQueues)
	}
	if c.Queues[3].Attributes["FifoQueue"] != "true" {
		t.Errorf("orders.fifo attributes = %v, want FifoQueue true", c.Queues[3].Attributes)
	}
	if len(c.Streams) != 2 || c.Streams[0].Shards != 4 || c.Streams[0].IsOnDemand() || !c.Streams[1].IsOnDemand() {
		t.Errorf("streams = %+v, want clicks with 4 shards and events on-demand", c.Streams)
	}
	if _, err := load(t, "", nil, map[string]string{"SLUICE_STREAMS": "clicks:four"}); err == nil ||
		!strings.Contains(err.Error(), `env SLUICE_STREAMS: stream "clicks": shard count "four" is not a number`) {
		t.Errorf("bad shard count: %v", err)
	}
}

func TestValidate_Accounts(t *testing.T) {
	t.Parallel()
	const file = `credentials:
  - {access_key_id: K, secret_access_key: S, account: "111111111111"}
queues:
  - {name: mine, account: "111111111111"}
  - {name: default-one}
  - {name: theirs, account: "222222222222"}
  - {name: short, account: "12"}
`
	c, err := load(t, file, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Validate()
	for _, w := range []string{
		`sluice.yaml:6: queue "theirs": account 222222222222 has no credentials`,
		`sluice.yaml:7: queue "short": account "12" is not a 12-digit account id`,
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Validate = %v, want %q", err, w)
		}
	}
	if ps := err.(Problems); len(ps) != 2 {
		t.Errorf("%d problems, want 2: %v", len(ps), err)
	}
}

func TestValidate_RedriveCycleAndType(t *testing.T) {
	t.Parallel()
	const file = `queues:
  - name: a
    attributes: {RedrivePolicy: {deadLetterTargetArn: b, maxReceiveCount: 3}}
  - name: b
    attributes: {RedrivePolicy: {deadLetterTargetArn: a, maxReceiveCount: 3}}
  - name: c.fifo
    attributes: {RedrivePolicy: {deadLetterTargetArn: d, maxReceiveCount: 0}}
  - name: d
`
	c, err := load(t, file, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Validate()
	for _, w := range []string{
		`sluice.yaml:2: queue "a": its dead-letter queues form a cycle`,
		`sluice.yaml:7: queue "c.fifo": RedrivePolicy: maxReceiveCount 0: want 1 to 1000`,
		`sluice.yaml:7: queue "c.fifo": RedrivePolicy: dead-letter queue "d" must be of the same type`,
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Validate = %v, want %q", err, w)
		}
	}
}

func TestOrderQueues_DeadLetterQueuesFirst(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, `queues:
  - name: orders
    attributes: {RedrivePolicy: {deadLetterTargetArn: orders-retry, maxReceiveCount: 5}}
  - name: orders-retry
    attributes: {RedrivePolicy: {deadLetterTargetArn: orders-dlq, maxReceiveCount: 2}}
  - name: other
  - name: orders-dlq
`, nil, nil)
	var got []string
	for _, q := range OrderQueues(c.Queues) {
		got = append(got, q.Name)
	}
	want := []string{"orders-dlq", "orders-retry", "orders", "other"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestPrint_RedactsSecretsAndReadsBack(t *testing.T) {
	t.Parallel()
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET"
	c := mustLoad(t, `
queues:
  - name: orders.fifo
    attributes:
      VisibilityTimeout: "045"
      ContentBasedDeduplication: True
      Policy: {Version: "2012-10-17", Statement: []}
      RedrivePolicy: {deadLetterTargetArn: orders-dlq.fifo, maxReceiveCount: "5"}
    tags: {team: payments}
  - name: orders-dlq.fifo
streams:
  - {name: clicks, shards: 4, retention_hours: 48, tags: {team: web}}
`, []string{"--credential", "AKID:" + secret + ":111111111111"}, nil)
	var out bytes.Buffer
	if err := c.Print(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if strings.Contains(text, secret) {
		t.Fatalf("printed configuration holds the secret:\n%s", text)
	}
	for _, w := range []string{"secret_access_key: '[redacted]'", "# flag --credential", "listen: 127.0.0.1:4566 # default"} {
		if !strings.Contains(text, w) {
			t.Errorf("printed configuration lacks %q:\n%s", w, text)
		}
	}
	back := mustLoad(t, text, nil, nil)
	if !reflect.DeepEqual(stripOrigins(back.Queues), stripOrigins(c.Queues)) {
		t.Errorf("queues read back = %+v\nwant %+v", back.Queues, c.Queues)
	}
	if !reflect.DeepEqual(stripStreams(back.Streams), stripStreams(c.Streams)) {
		t.Errorf("streams read back = %+v\nwant %+v", back.Streams, c.Streams)
	}
	q := c.Queues[0]
	if q.Attributes["VisibilityTimeout"] != "45" || q.Attributes["ContentBasedDeduplication"] != "true" ||
		q.Attributes["Policy"] != `{"Statement":[],"Version":"2012-10-17"}` || q.Redrive.MaxReceiveCount != 5 {
		t.Errorf("attributes not normalised: %+v %+v", q.Attributes, q.Redrive)
	}
}

func stripOrigins(qs []Queue) []Queue {
	out := make([]Queue, len(qs))
	for i, q := range qs {
		q.Origin, q.at = "", nil
		out[i] = q
	}
	return out
}

func stripStreams(ss []Stream) []Stream {
	out := make([]Stream, len(ss))
	for i, s := range ss {
		s.Origin, s.at = "", nil
		s.OnDemand = s.IsOnDemand()
		out[i] = s
	}
	return out
}

func TestRead_ReportsReadingAndValidationProblemsTogether(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sluice.yaml")
	if err := os.WriteFile(path, []byte("listen: nowhere\ncolour: blue\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Read(nil, func(k string) (string, bool) { return path, k == "SLUICE_CONFIG" })
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Fatalf("Read = %v, want two problems", err)
	}
	if ps[0].Where != path+":1" || ps[1].Where != path+":2" || !strings.Contains(ps[0].Message, `listen "nowhere"`) {
		t.Errorf("problems = %v, want the listen address at :1, then the unknown key at :2", ps)
	}
}

func TestLoad_KinesisSettings(t *testing.T) {
	t.Parallel()
	const file = "kinesis:\n  state_delay: 250ms\n  throughput_limits: true\n"
	tests := []struct {
		name       string
		yaml       string
		args       []string
		env        map[string]string
		delay      time.Duration
		delayFrom  string
		limits     bool
		limitsFrom string
	}{
		{name: "Defaults", delayFrom: "default", limitsFrom: "default"},
		{name: "File", yaml: file, delay: 250 * time.Millisecond, delayFrom: "sluice.yaml:2",
			limits: true, limitsFrom: "sluice.yaml:3"},
		{name: "EnvOverFile", yaml: file,
			env:   map[string]string{"SLUICE_KINESIS_STATE_DELAY": "2s", "SLUICE_KINESIS_THROUGHPUT_LIMITS": "false"},
			delay: 2 * time.Second, delayFrom: "env SLUICE_KINESIS_STATE_DELAY", limitsFrom: "env SLUICE_KINESIS_THROUGHPUT_LIMITS"},
		{name: "FlagOverEnv", env: map[string]string{"SLUICE_KINESIS_STATE_DELAY": "2s"},
			args:  []string{"--kinesis-state-delay", "500ms", "--kinesis-throughput-limits"},
			delay: 500 * time.Millisecond, delayFrom: "flag --kinesis-state-delay",
			limits: true, limitsFrom: "flag --kinesis-throughput-limits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := mustLoad(t, tt.yaml, tt.args, tt.env)
			if c.KinesisStateDelay != tt.delay || !strings.HasSuffix(c.Origin("kinesis.state_delay"), tt.delayFrom) {
				t.Errorf("state delay = %v from %q, want %v from ...%q",
					c.KinesisStateDelay, c.Origin("kinesis.state_delay"), tt.delay, tt.delayFrom)
			}
			if c.KinesisThroughputLimits != tt.limits || !strings.HasSuffix(c.Origin("kinesis.throughput_limits"), tt.limitsFrom) {
				t.Errorf("throughput limits = %v from %q, want %v from ...%q",
					c.KinesisThroughputLimits, c.Origin("kinesis.throughput_limits"), tt.limits, tt.limitsFrom)
			}
		})
	}
}

func TestRead_KinesisSettingProblemsWithOrigin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		yaml string
		args []string
		env  map[string]string
		want string
	}{
		{name: "BadDurationInFile", yaml: "kinesis:\n  state_delay: soon\n",
			want: `sluice.yaml:2: kinesis.state_delay: "soon": want a duration such as 500ms or 2s`},
		{name: "DurationWithoutUnit", env: map[string]string{"SLUICE_KINESIS_STATE_DELAY": "500"},
			want: `env SLUICE_KINESIS_STATE_DELAY: "500": want a duration such as 500ms or 2s`},
		{name: "TooLong", args: []string{"--kinesis-state-delay=2m"},
			want: `flag --kinesis-state-delay: kinesis state delay 2m0s: want 0 to 1m0s`},
		{name: "Negative", yaml: "kinesis:\n  state_delay: -1s\n",
			want: `sluice.yaml:2: kinesis state delay -1s: want 0 to 1m0s`},
		{name: "BadBool", env: map[string]string{"SLUICE_KINESIS_THROUGHPUT_LIMITS": "sometimes"},
			want: `env SLUICE_KINESIS_THROUGHPUT_LIMITS: "sometimes": want true or false`},
		{name: "UnknownKey", yaml: "kinesis:\n  shards: 5\n",
			want: `sluice.yaml:2: kinesis: unknown key "shards" (known keys: state_delay, throughput_limits, shard_limit)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := load(t, tt.yaml, tt.args, tt.env)
			var ps Problems
			errors.As(err, &ps)
			if err == nil {
				var invalid Problems
				if errors.As(c.Validate(), &invalid) {
					ps = invalid
				}
			}
			if len(ps) != 1 || !strings.HasSuffix(ps[0].Where+": "+ps[0].Message, tt.want) {
				t.Errorf("problems = %v, want one ending in %q", ps, tt.want)
			}
		})
	}
}

func TestPrint_KinesisSettingsReadBack(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, "", []string{"--kinesis-state-delay", "1.5s", "--kinesis-throughput-limits"}, nil)
	var out bytes.Buffer
	if err := c.Print(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, w := range []string{"kinesis:\n", "  state_delay: 1.5s # flag --kinesis-state-delay\n",
		"  throughput_limits: true # flag --kinesis-throughput-limits\n"} {
		if !strings.Contains(text, w) {
			t.Errorf("printed configuration lacks %q:\n%s", w, text)
		}
	}
	back := mustLoad(t, text, nil, nil)
	if back.KinesisStateDelay != c.KinesisStateDelay || !back.KinesisThroughputLimits {
		t.Errorf("read back state delay %v, limits %v; want 1.5s, true", back.KinesisStateDelay, back.KinesisThroughputLimits)
	}
}

func TestProblems_SortByLineThenSource(t *testing.T) {
	t.Parallel()
	ps := Problems{
		{Where: "flag --listen", Message: "f"},
		{Where: "sluice.yaml:10", Message: "ten"},
		{Where: "env SLUICE_LISTEN", Message: "e"},
		{Where: "sluice.yaml:9", Message: "nine"},
		{Where: "default", Message: "d"},
		{Where: "sluice.yaml:9", Message: "nine again"},
		{Where: "sluice.yaml", Message: "whole file"},
	}
	ps.Sort()
	var got []string
	for _, p := range ps {
		got = append(got, p.Message)
	}
	want := []string{"whole file", "nine", "nine again", "ten", "e", "f", "d"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted = %q, want %q", got, want)
	}
}
