package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sluicemq/sluice/internal/servertest"
)

func getPath(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// closedAddr returns an address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestHealthcheck(t *testing.T) {
	t.Parallel()
	addr, _, stop := startServe(t, []string{"--memory", "--listen", "127.0.0.1:0"}, env(nil))
	t.Cleanup(func() { stop() })
	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "applying configuration\n")
	}))
	t.Cleanup(notReady.Close)
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		code   int
		output string
	}{
		{"Endpoint", []string{"--endpoint", "http://" + addr}, nil, exitOK, "ready: GET http://" + addr + "/readyz: 200 OK"},
		{"FromListenFlag", []string{"--listen", addr}, nil, exitOK, "ready: "},
		{"FromListenEnv", nil, map[string]string{"SLUICE_LISTEN": addr}, exitOK, "ready: "},
		{"NotReady", []string{"--endpoint", notReady.URL}, nil, exitError, "not ready: GET " + notReady.URL +
			"/readyz: 503 Service Unavailable: applying configuration"},
		{"NothingListens", []string{"--endpoint", "http://" + closedAddr(t)}, nil, exitError, "connection refused"},
		{"PortZero", []string{"--listen", "127.0.0.1:0"}, nil, exitError, "has no fixed port: give --endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCLI(t, append([]string{"healthcheck"}, tt.args...), tt.env)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d (stdout %q, stderr %q)", code, tt.code, out, errOut)
			}
			if !strings.Contains(out+errOut, tt.output) {
				t.Errorf("output %q, want %q", out+errOut, tt.output)
			}
			if lines := strings.Count(strings.TrimSpace(out+errOut), "\n"); lines != 0 {
				t.Errorf("output has %d lines, want one: %q", lines+1, out+errOut)
			}
		})
	}
}

func TestHealthcheck_TLS(t *testing.T) {
	t.Parallel()
	cert, key, _ := servertest.SelfSignedCert(t)
	addr, logs, stop := startServe(t, []string{"--memory", "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key}, env(nil))
	t.Cleanup(func() { stop() })
	if !strings.Contains(logs.String(), "url=https://"+addr) {
		t.Errorf("log does not give the https URL:\n%s", logs.String())
	}
	code, out, errOut := runCLI(t, []string{"healthcheck"}, map[string]string{
		"SLUICE_LISTEN": addr, "SLUICE_TLS_CERT": cert, "SLUICE_TLS_KEY": key,
	})
	if code != exitOK || !strings.Contains(out, "ready: GET https://"+addr+"/readyz: 200 OK") {
		t.Errorf("healthcheck = %d %q %q, want 0 and https", code, out, errOut)
	}
	otherCert, _, _ := servertest.SelfSignedCert(t)
	code, _, errOut = runCLI(t, []string{"healthcheck", "--listen", addr, "--tls-cert", otherCert}, nil)
	if code != exitError || !strings.Contains(errOut, "not the configured one") {
		t.Errorf("healthcheck with another certificate = %d %q, want 1 and a refusal", code, errOut)
	}
	code, _, errOut = runCLI(t, []string{"healthcheck", "--endpoint", "http://" + addr}, nil)
	if code != exitError {
		t.Errorf("plain HTTP to the TLS port = %d %q, want 1", code, errOut)
	}
}

func TestHealthcheck_HelpListsItsFlags(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := Run(context.Background(), []string{"healthcheck", "-h"}, IO{Out: &out, Err: &errOut}); code != exitOK {
		t.Fatalf("exit code = %d", code)
	}
	help := errOut.String()
	for _, flag := range []string{"-endpoint", "-timeout", "-config", "-listen", "-tls-cert"} {
		if !strings.Contains(help, "  "+flag+" ") {
			t.Errorf("help does not list %s:\n%s", flag, help)
		}
	}
	for _, flag := range []string{"-memory", "-data-dir", "-credential", "-queues", "-log-level", "-kinesis-state-delay"} {
		if strings.Contains(help, "  "+flag+" ") || strings.Contains(help, "  "+flag+"\n") {
			t.Errorf("help lists %s, which healthcheck does not use:\n%s", flag, help)
		}
	}
}
