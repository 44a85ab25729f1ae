package config

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestLoad_KinesisShardLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		yaml  string
		args  []string
		env   map[string]string
		want  int
		from  string
		fails string // the one problem, if any
	}{
		{name: "Default", want: DefaultKinesisShardLimit, from: "default"},
		{name: "File", yaml: "kinesis:\n  shard_limit: 500\n", want: 500, from: "sluice.yaml:2"},
		{name: "EnvOverFile", yaml: "kinesis:\n  shard_limit: 500\n", env: map[string]string{"SLUICE_KINESIS_SHARD_LIMIT": "20"},
			want: 20, from: "env SLUICE_KINESIS_SHARD_LIMIT"},
		{name: "FlagOverEnv", env: map[string]string{"SLUICE_KINESIS_SHARD_LIMIT": "20"}, args: []string{"--kinesis-shard-limit", "7"},
			want: 7, from: "flag --kinesis-shard-limit"},
		{name: "Zero", args: []string{"--kinesis-shard-limit=0"},
			fails: "flag --kinesis-shard-limit: kinesis shard limit 0: want 1 to 1000000"},
		{name: "TooMany", yaml: "kinesis:\n  shard_limit: 1000001\n",
			fails: "sluice.yaml:2: kinesis shard limit 1000001: want 1 to 1000000"},
		{name: "NotANumber", env: map[string]string{"SLUICE_KINESIS_SHARD_LIMIT": "lots"},
			fails: `env SLUICE_KINESIS_SHARD_LIMIT: "lots": want a whole number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := load(t, tt.yaml, tt.args, tt.env)
			if err == nil {
				err = c.Validate()
			}
			if tt.fails != "" {
				var ps Problems
				if !errors.As(err, &ps) || len(ps) != 1 || !strings.HasSuffix(ps[0].Where+": "+ps[0].Message, tt.fails) {
					t.Errorf("problems = %v, want one ending in %q", err, tt.fails)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.KinesisShardLimit != tt.want || !strings.HasSuffix(c.Origin("kinesis.shard_limit"), tt.from) {
				t.Errorf("shard limit = %d from %q, want %d from ...%q", c.KinesisShardLimit, c.Origin("kinesis.shard_limit"), tt.want, tt.from)
			}
		})
	}
}

func TestPrint_KinesisShardLimitReadsBack(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, "", []string{"--kinesis-shard-limit", "42"}, nil)
	var out bytes.Buffer
	if err := c.Print(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "  shard_limit: 42 # flag --kinesis-shard-limit\n") {
		t.Errorf("printed configuration lacks the shard limit:\n%s", out.String())
	}
	if back := mustLoad(t, out.String(), nil, nil); back.KinesisShardLimit != 42 {
		t.Errorf("read back shard limit %d, want 42", back.KinesisShardLimit)
	}
}
