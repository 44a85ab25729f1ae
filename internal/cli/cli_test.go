package cli

import (
	"bytes"
	"context"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"
)

// env returns a LookupEnv over a fixed map.
func env(vars map[string]string) func(string) (string, bool) {
	return func(key string) (string, bool) {
		v, ok := vars[key]
		return v, ok
	}
}

func TestRun_UnknownCommand(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"frobnicate"}, IO{Out: &out, Err: &errOut})
	if code != exitUsage {
		t.Errorf("exit code = %d, want %d", code, exitUsage)
	}
	if !strings.Contains(errOut.String(), `unknown command "frobnicate"`) {
		t.Errorf("stderr = %q, want it to name the unknown command", errOut.String())
	}
}

func TestRun_NoCommandPrintsUsage(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := Run(context.Background(), nil, IO{Out: &out, Err: &errOut}); code != exitUsage {
		t.Errorf("exit code = %d, want %d", code, exitUsage)
	}
	for _, name := range []string{"serve", "version"} {
		if !strings.Contains(errOut.String(), name) {
			t.Errorf("usage %q does not list %q", errOut.String(), name)
		}
	}
}

func TestRun_Help(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"help", "-h", "-help", "--help"} {
		var out, errOut bytes.Buffer
		if code := Run(context.Background(), []string{arg}, IO{Out: &out, Err: &errOut}); code != exitOK {
			t.Errorf("sluice %s: exit code = %d, want 0", arg, code)
		}
		if !strings.HasPrefix(out.String(), "Usage: sluice") || errOut.Len() != 0 {
			t.Errorf("sluice %s: stdout = %q, stderr = %q, want usage on stdout", arg, out.String(), errOut.String())
		}
	}
}

func TestRun_VersionFlags(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"-v", "-version", "--version"} {
		var out, errOut bytes.Buffer
		if code := Run(context.Background(), []string{arg}, IO{Out: &out, Err: &errOut}); code != exitOK {
			t.Errorf("sluice %s: exit code = %d, stderr %q", arg, code, errOut.String())
		}
		if !strings.HasPrefix(out.String(), "sluice ") {
			t.Errorf("sluice %s: stdout = %q, want the version line", arg, out.String())
		}
	}
}

func TestRun_Version(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := Run(context.Background(), []string{"version"}, IO{Out: &out, Err: &errOut}); code != exitOK {
		t.Fatalf("exit code = %d, stderr %q", code, errOut.String())
	}
	if !strings.HasPrefix(out.String(), "sluice ") || !strings.Contains(out.String(), "go1.") {
		t.Errorf("version output = %q, want \"sluice <version> ... go1.x\"", out.String())
	}
}

func TestRun_VersionRejectsArguments(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := Run(context.Background(), []string{"version", "extra"}, IO{Out: &out, Err: &errOut}); code != exitUsage {
		t.Errorf("exit code = %d, want %d", code, exitUsage)
	}
}

func TestVersionLine(t *testing.T) {
	t.Parallel()
	info := &debug.BuildInfo{
		Main: debug.Module{Version: "v0.3.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	tests := []struct {
		name         string
		linked       string
		linkedCommit string
		info         *debug.BuildInfo
		prefix       string
	}{
		{"LinkedVersionWins", "v1.2.3", "", info, "sluice v1.2.3 0123456789ab-dirty go"},
		{"LinkedCommitWins", "v1.2.3", "fedcba987654", info, "sluice v1.2.3 fedcba987654 go"},
		{"LinkedCommitWithoutInfo", "v1.2.3", "fedcba987654-dirty", nil, "sluice v1.2.3 fedcba987654-dirty go"},
		{"BuildInfoVersion", "", "", info, "sluice v0.3.0 0123456789ab-dirty go"},
		{"NoInfo", "", "", nil, "sluice (devel) go"},
		{"DevelWithoutVCS", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "sluice (devel) go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := versionLine(tt.linked, tt.linkedCommit, tt.info); !strings.HasPrefix(got, tt.prefix) {
				t.Errorf("versionLine = %q, want prefix %q", got, tt.prefix)
			}
		})
	}
}

// serveBasics are the settings TestParseServe compares.
type serveBasics struct {
	Listen, DataDir string
	Memory          bool
	AdvertisedURL   string
}

func TestParseServe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want serveBasics
	}{
		{
			name: "Defaults",
			want: serveBasics{Listen: "127.0.0.1:4566", DataDir: "./sluice-data"},
		},
		{
			name: "EnvOverridesDefaults",
			env: map[string]string{
				"SLUICE_LISTEN": "0.0.0.0:9324", "SLUICE_DATA_DIR": "/var/lib/sluice",
				"SLUICE_MEMORY": "true", "SLUICE_ADVERTISED_URL": "http://sluice:9324",
			},
			want: serveBasics{Listen: "0.0.0.0:9324", DataDir: "/var/lib/sluice", Memory: true,
				AdvertisedURL: "http://sluice:9324"},
		},
		{
			name: "FlagsOverrideEnv",
			args: []string{"--listen", ":0", "--data-dir=/tmp/d", "--memory=false", "--advertised-url", "http://a:1"},
			env: map[string]string{
				"SLUICE_LISTEN": "0.0.0.0:9324", "SLUICE_DATA_DIR": "/var/lib/sluice",
				"SLUICE_MEMORY": "1", "SLUICE_ADVERTISED_URL": "http://sluice:9324",
			},
			want: serveBasics{Listen: ":0", DataDir: "/tmp/d", AdvertisedURL: "http://a:1"},
		},
		{
			name: "EmptyEnvIsUnset",
			env:  map[string]string{"SLUICE_LISTEN": "", "SLUICE_MEMORY": ""},
			want: serveBasics{Listen: "127.0.0.1:4566", DataDir: "./sluice-data"},
		},
		{
			name: "MemoryFlagAlone",
			args: []string{"-memory"},
			want: serveBasics{Listen: "127.0.0.1:4566", DataDir: "./sluice-data", Memory: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var errOut bytes.Buffer
			c, _, err := parseServe(tt.args, IO{Err: &errOut, LookupEnv: env(tt.env)})
			if err != nil {
				t.Fatalf("parseServe: %v (stderr %q)", err, errOut.String())
			}
			got := serveBasics{Listen: c.Listen, DataDir: c.DataDir, Memory: c.Memory, AdvertisedURL: c.AdvertisedURL}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseServe = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRun_ServeBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		code    int
		message string
	}{
		{"UnknownFlag", []string{"serve", "--bogus"}, nil, exitUsage, "flag provided but not defined: -bogus"},
		{"StrayArgument", []string{"serve", "now"}, nil, exitUsage, `unexpected argument "now"`},
		{"BadMemoryEnv", []string{"serve"}, map[string]string{"SLUICE_MEMORY": "maybe"}, exitError, `env SLUICE_MEMORY: "maybe": want true or false`},
		{"BadListen", []string{"serve", "--memory", "--listen", "127.0.0.1:notaport"}, nil, exitError, "listen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			code := Run(context.Background(), tt.args, IO{Out: &out, Err: &errOut, LookupEnv: env(tt.env)})
			if code != tt.code {
				t.Errorf("exit code = %d, want %d", code, tt.code)
			}
			if !strings.Contains(errOut.String(), tt.message) {
				t.Errorf("stderr = %q, want it to contain %q", errOut.String(), tt.message)
			}
		})
	}
}

func TestRun_ServeHelp(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := Run(context.Background(), []string{"serve", "-h"}, IO{Out: &out, Err: &errOut}); code != exitOK {
		t.Errorf("exit code = %d, want 0", code)
	}
	for _, want := range []string{"-listen", "-data-dir", "-memory", "-advertised-url", "SLUICE_LISTEN"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("help %q does not mention %q", errOut.String(), want)
		}
	}
}
