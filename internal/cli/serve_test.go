package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// logLines is an io.Writer that hands each write (one slog record) to a
// channel and keeps everything for later inspection.
type logLines struct {
	mu    sync.Mutex
	all   bytes.Buffer
	lines chan string
}

func newLogLines() *logLines { return &logLines{lines: make(chan string, 100)} }

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all.Write(p)
	select {
	case l.lines <- string(p):
	default:
	}
	return len(p), nil
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.all.String()
}

var listenRE = regexp.MustCompile(`listen=(\S+)`)

// startServe runs "sluice serve args..." until the returned stop is called,
// and returns the address it logged and the exit code channel.
func startServe(t *testing.T, args []string, lookupEnv func(string) (string, bool)) (addr string, logs *logLines, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = newLogLines()
	exit := make(chan int, 1)
	go func() {
		exit <- Run(ctx, append([]string{"serve"}, args...), IO{Out: io.Discard, Err: logs, LookupEnv: lookupEnv})
	}()
	timeout := time.After(30 * time.Second)
	for addr == "" {
		select {
		case line := <-logs.lines:
			if strings.Contains(line, "sluice serving") {
				addr = listenRE.FindStringSubmatch(line)[1]
			}
		case code := <-exit:
			cancel()
			t.Fatalf("serve exited with %d before serving; log:\n%s", code, logs.String())
		case <-timeout:
			cancel()
			t.Fatalf("serve did not report its address; log:\n%s", logs.String())
		}
	}
	return addr, logs, func() int {
		cancel()
		return <-exit
	}
}

func getHealthz(t *testing.T, addr string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("GET /healthz: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServe_MemoryServesAndStops(t *testing.T) {
	t.Parallel()
	addr, logs, stop := startServe(t, []string{"--memory", "--listen", "127.0.0.1:0"}, env(nil))
	if code, body := getHealthz(t, addr); code != http.StatusOK || body != "ok\n" {
		t.Errorf("healthz = %d %q, want 200 \"ok\\n\"", code, body)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit code = %d, want 0; log:\n%s", code, logs.String())
	}
	log := logs.String()
	for _, want := range []string{"data_dir=(memory)", "version=\"sluice ", "sluice shutting down", "sluice stopped"} {
		if !strings.Contains(log, want) {
			t.Errorf("log does not contain %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "level=WARN") {
		t.Errorf("serving on loopback logged a warning:\n%s", log)
	}
}

func TestServe_DiskFromEnv(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	addr, logs, stop := startServe(t, nil, env(map[string]string{
		"SLUICE_LISTEN": "127.0.0.1:0", "SLUICE_DATA_DIR": dir,
	}))
	if code, _ := getHealthz(t, addr); code != http.StatusOK {
		t.Errorf("healthz = %d, want 200", code)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit code = %d, want 0; log:\n%s", code, logs.String())
	}
	if !strings.Contains(logs.String(), "data_dir="+dir) {
		t.Errorf("log does not name the data dir %s:\n%s", dir, logs.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Errorf("data dir %s holds nothing (err %v)", dir, err)
	}
}

func TestServe_PortInUse(t *testing.T) {
	t.Parallel()
	addr, _, stop := startServe(t, []string{"--memory", "--listen", "127.0.0.1:0"}, env(nil))
	defer stop()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--memory", "--listen", addr}, IO{Out: &out, Err: &errOut, LookupEnv: env(nil)})
	if code != exitError {
		t.Errorf("exit code = %d, want %d", code, exitError)
	}
	if !strings.Contains(errOut.String(), "address already in use") {
		t.Errorf("stderr = %q, want \"address already in use\"", errOut.String())
	}
}

// TestServe_SIGTERM is not parallel: the signal goes to the whole test
// process, and serve must be the one listening for it.
func TestServe_SIGTERM(t *testing.T) {
	addr, logs, stop := startServe(t, []string{"--memory", "--listen", "127.0.0.1:0"}, env(nil))
	if code, _ := getHealthz(t, addr); code != http.StatusOK {
		t.Fatalf("healthz = %d, want 200", code)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatalf("kill: %v", err)
	}
	deadline := time.After(30 * time.Second)
	for !strings.Contains(logs.String(), "sluice stopped") {
		select {
		case <-logs.lines:
		case <-deadline:
			t.Fatalf("serve did not stop on SIGTERM; log:\n%s", logs.String())
		}
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit code = %d, want 0", code)
	}
}

func TestIsLoopback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr net.Addr
		want bool
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 4566}, true},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 4566}, true},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 4566}, false},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 4566}, false},
		{&net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 4566}, false},
		{&net.UnixAddr{Name: "/tmp/s", Net: "unix"}, false},
	}
	for _, tt := range tests {
		if got := isLoopback(tt.addr); got != tt.want {
			t.Errorf("isLoopback(%v) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

// TestServe_ReadyCountsStoredResources restarts on a data directory whose
// queues and streams came from an earlier run: the ready line counts what
// is stored, not only what is configured now.
func TestServe_ReadyCountsStoredResources(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	first := env(map[string]string{"SLUICE_LISTEN": "127.0.0.1:0", "SLUICE_DATA_DIR": dir,
		"SLUICE_QUEUES": "likes,likes-dlq,orders.fifo", "SLUICE_STREAMS": "clicks:2,events"})
	addr, logs, stop := startServe(t, nil, first)
	if code, _ := getPath(t, "http://"+addr+"/readyz"); code != http.StatusOK {
		t.Fatalf("readyz = %d, want 200", code)
	}
	if code := stop(); code != exitOK {
		t.Fatalf("exit code = %d; log:\n%s", code, logs.String())
	}

	addr, logs, stop = startServe(t, nil, env(map[string]string{"SLUICE_LISTEN": "127.0.0.1:0", "SLUICE_DATA_DIR": dir}))
	if code, _ := getPath(t, "http://"+addr+"/readyz"); code != http.StatusOK {
		t.Fatalf("readyz after restart = %d, want 200", code)
	}
	if code := stop(); code != exitOK {
		t.Fatalf("exit code = %d; log:\n%s", code, logs.String())
	}
	want := `msg="sluice ready" queues=3 streams=2 configured_queues=0 configured_streams=0`
	if !strings.Contains(logs.String(), want) {
		t.Errorf("log after restart lacks %q:\n%s", want, logs.String())
	}
}
