package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeConfig writes a configuration file and returns its path.
func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sluice.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// runCLI runs a command line and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args []string, vars map[string]string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, IO{Out: &out, Err: &errOut, LookupEnv: env(vars)})
	return code, out.String(), errOut.String()
}

const validConfig = `memory: true
queues:
  - name: orders.fifo
    attributes:
      ContentBasedDeduplication: true
      RedrivePolicy: {deadLetterTargetArn: orders-dlq.fifo, maxReceiveCount: 5}
  - name: orders-dlq.fifo
streams:
  - {name: clicks, shards: 4}
`

// brokenConfig has five problems, found by reading (lines 2, 7) and by
// validating (lines 1, 5, 9).
const brokenConfig = `listen: "127.0.0.1:notaport"
colour: blue
queues:
  - name: orders
    attributes: {RedrivePolicy: {deadLetterTargetArn: nowhere, maxReceiveCount: 5}}
  - name: other
    attributes: {VisibilityTimeout: -1}
streams:
  - {name: clicks, shards: 4, retention_hours: 1}
`

func TestServe_CheckConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		yaml     string
		env      map[string]string
		code     int
		stdout   string
		problems []string
	}{
		{name: "Valid", yaml: validConfig, code: exitOK, stdout: "configuration OK (", problems: nil},
		{name: "EnvOnly", env: map[string]string{"SLUICE_QUEUES": "a,b.fifo", "SLUICE_STREAMS": "s:2"}, code: exitOK,
			stdout: "configuration OK (no configuration file): 2 queues, 1 stream, 0 credentials"},
		{name: "BrokenFileReading", yaml: brokenConfig, code: exitError, problems: []string{
			`sluice.yaml:2: configuration: unknown key "colour"`,
			`sluice.yaml:7: attribute VisibilityTimeout: -1 is out of range 0 to 43200`,
		}},
		{name: "RefusedBySQS", yaml: `queues:
  - name: picky
    attributes: {RedriveAllowPolicy: {redrivePermission: sometimes}}
`, code: exitError, problems: []string{"sluice.yaml:2: queue picky: Invalid value for the parameter RedriveAllowPolicy"}},
		{name: "ExposedWithoutCredentials", env: map[string]string{"SLUICE_LISTEN": "0.0.0.0:4566"}, code: exitError,
			problems: []string{"refusing to listen beyond this machine without credentials"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vars := map[string]string{}
			for k, v := range tt.env {
				vars[k] = v
			}
			if tt.yaml != "" {
				vars["SLUICE_CONFIG"] = writeConfig(t, tt.yaml)
			}
			code, out, errOut := runCLI(t, []string{"serve", "--check-config"}, vars)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout = %q, want %q", out, tt.stdout)
			}
			for _, p := range tt.problems {
				if !strings.Contains(errOut, p) {
					t.Errorf("stderr does not list %q:\n%s", p, errOut)
				}
			}
		})
	}
}

// TestServe_CheckConfigListsValidationProblems: once the file reads, every
// validation problem is listed at once.
func TestServe_CheckConfigListsValidationProblems(t *testing.T) {
	t.Parallel()
	path := writeConfig(t, strings.Replace(strings.Replace(brokenConfig, "colour: blue\n", "", 1),
		"VisibilityTimeout: -1", "VisibilityTimeout: 1", 1))
	code, _, errOut := runCLI(t, []string{"serve", "--check-config", "--config", path, "--log-level", "chatty"}, nil)
	if code != exitError {
		t.Errorf("exit code = %d, want 1", code)
	}
	last := 0
	for _, p := range []string{
		"invalid configuration (4 problems):",
		`sluice.yaml:1: listen "127.0.0.1:notaport"`,
		`sluice.yaml:4: queue "orders": RedrivePolicy: dead-letter queue "nowhere" is not declared`,
		`sluice.yaml:8: stream "clicks": retention_hours 1`,
		`flag --log-level: log level "chatty"`,
	} {
		i := strings.Index(errOut, p)
		if i < 0 {
			t.Errorf("stderr does not list %q:\n%s", p, errOut)
			continue
		}
		if i < last {
			t.Errorf("%q is listed out of order (file by line, then flags):\n%s", p, errOut)
		}
		last = i
	}
}

func TestServe_CheckConfigOneProblem(t *testing.T) {
	t.Parallel()
	code, _, errOut := runCLI(t, []string{"serve", "--check-config", "--log-level", "chatty"}, nil)
	if code != exitError || !strings.Contains(errOut, "invalid configuration (1 problem):\n") {
		t.Errorf("exit code = %d, stderr:\n%s\nwant 1 and (1 problem)", code, errOut)
	}
}

func TestServe_BrokenFileDoesNotStart(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "data")
	path := writeConfig(t, brokenConfig)
	code, out, errOut := runCLI(t, []string{"serve", "--config", path, "--data-dir", dataDir}, nil)
	if code != exitError {
		t.Errorf("exit code = %d, want 1", code)
	}
	for _, p := range []string{`unknown key "colour"`, "VisibilityTimeout: -1 is out of range"} {
		if !strings.Contains(errOut, p) {
			t.Errorf("stderr does not list %q:\n%s", p, errOut)
		}
	}
	if strings.Contains(out+errOut, "sluice serving") {
		t.Errorf("serve started:\n%s", errOut)
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("data dir %s exists (err %v): serve opened the store", dataDir, err)
	}
}

func TestServe_PrintConfig(t *testing.T) {
	t.Parallel()
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET"
	code, out, errOut := runCLI(t, []string{"serve", "--print-config", "--config", writeConfig(t, validConfig)},
		map[string]string{"SLUICE_CREDENTIALS": "AKIDPRINT:" + secret + ":111111111111", "SLUICE_LOG_FORMAT": "json"})
	if code != exitOK {
		t.Fatalf("exit code = %d; stderr %s", code, errOut)
	}
	if strings.Contains(out+errOut, secret) {
		t.Errorf("printed configuration holds the secret:\n%s", out)
	}
	for _, want := range []string{"format: json # env SLUICE_LOG_FORMAT", "memory: true # ", "sluice.yaml:1",
		"access_key_id: AKIDPRINT", "name: orders-dlq.fifo", "shards: 4"} {
		if !strings.Contains(out, want) {
			t.Errorf("printed configuration lacks %q:\n%s", want, out)
		}
	}
}

func TestServe_AppliesConfigFile(t *testing.T) {
	t.Parallel()
	addr, logs, stop := startServe(t, []string{"--config", writeConfig(t, validConfig), "--listen", "127.0.0.1:0"}, env(nil))
	if code, body := getPath(t, "http://"+addr+"/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("readyz = %d %q, want 200 ready", code, body)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit code = %d", code)
	}
	for _, want := range []string{"configured queue created", "queue=orders-dlq.fifo", "configured stream created", "sluice ready"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

func TestServe_ShorthandVariables(t *testing.T) {
	t.Parallel()
	addr, logs, stop := startServe(t, []string{"--memory", "--listen", "127.0.0.1:0"},
		env(map[string]string{"SLUICE_QUEUES": "likes,likes-dlq,orders.fifo", "SLUICE_STREAMS": "clicks:2,events"}))
	if code, _ := getPath(t, "http://"+addr+"/readyz"); code != 200 {
		t.Errorf("readyz = %d, want 200", code)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit code = %d", code)
	}
	for _, want := range []string{"queue=likes ", "queue=likes-dlq ", "queue=orders.fifo ", "stream=clicks ", "stream=events ",
		"sluice ready\" queues=3 streams=2 configured_queues=3 configured_streams=2"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}
