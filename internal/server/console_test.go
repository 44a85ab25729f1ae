package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/internal/servertest"
)

// startServer starts a server with cfg on 127.0.0.1, in memory.
func startServer(t *testing.T, cfg server.Config) string {
	t.Helper()
	cfg.Listen, cfg.Memory = "127.0.0.1:0", true
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	if err := srv.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	return srv.URL()
}

func getConsole(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestConsole_ServedWithItsPolicy(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	resp, body := getConsole(t, srv.URL+"/console/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") ||
		!strings.Contains(body, `<meta name="sluice-api" content="/admin/api/">`) {
		t.Fatalf("GET /console/ = %d, CSP %q:\n%s", resp.StatusCode, resp.Header.Get("Content-Security-Policy"), body)
	}
	if resp, _ := getConsole(t, srv.URL+"/console/app.js"); resp.StatusCode != http.StatusOK ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("GET /console/app.js = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp, body := getAccepting(t, srv.URL+"/", "text/html"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `href="/console/"`) {
		t.Fatalf("the home page does not link the console:\n%s", body)
	}
	if _, body := getAccepting(t, srv.URL+"/", ""); !strings.Contains(body, srv.URL+"/console/  web console") {
		t.Fatalf("the text home page does not name the console:\n%s", body)
	}
}

func TestConsole_PrefixAndOff(t *testing.T) {
	t.Parallel()
	url := startServer(t, server.Config{ConsolePrefix: "/ops/sluice/"})
	if resp, _ := getConsole(t, url+"/ops/sluice/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /ops/sluice/ = %d", resp.StatusCode)
	}
	if resp, _ := getConsole(t, url+"/console/"); resp.StatusCode == http.StatusOK {
		t.Fatal("the console is still at /console/")
	}
	off := startServer(t, server.Config{ConsoleDisabled: true})
	if resp, body := getConsole(t, off+"/console/"); resp.StatusCode == http.StatusOK && strings.Contains(body, "sluice console") {
		t.Fatal("a disabled console is served")
	}
	if _, body := getAccepting(t, off+"/", "text/html"); strings.Contains(body, "console") {
		t.Fatalf("the home page of a server without console links it:\n%s", body)
	}
	if resp, _ := getConsole(t, off+"/admin/api/session"); resp.StatusCode != http.StatusOK {
		t.Fatalf("without the console the admin API answers %d", resp.StatusCode)
	}
	if _, err := server.New(server.Config{Memory: true, ConsolePrefix: "/admin/x/"}); err == nil || !strings.Contains(err.Error(), "sluice's own") {
		t.Fatalf("New with console path /admin/x/ = %v, want a refusal", err)
	}
}
