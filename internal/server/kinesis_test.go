package server_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sluicemq/sluice/internal/server"
)

// newAndShutdown builds a server on dir and shuts it down.
func newAndShutdown(t *testing.T, dir string) error {
	t.Helper()
	srv, err := server.New(server.Config{DataDir: dir})
	if err != nil {
		return err
	}
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	return nil
}

// TestServer_TokenKeyKeptInDataDir checks that the key signing shard
// iterators is created once, readable by its owner only, and reused.
func TestServer_TokenKeyKeptInDataDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := newAndShutdown(t, dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "stream-token.key")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no token key after the first start: %v", err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("token key mode %v, want 0600", perm)
	}
	first, err := os.ReadFile(path)
	if err != nil || len(first) != 32 {
		t.Fatalf("token key: %d bytes, %v", len(first), err)
	}
	if err := newAndShutdown(t, dir); err != nil {
		t.Fatal(err)
	}
	second, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(first, second) {
		t.Fatalf("the token key changed across a restart (%v)", err)
	}

	if err := os.WriteFile(path, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := newAndShutdown(t, dir); err == nil || !strings.Contains(err.Error(), "stream-token.key") {
		t.Errorf("New with a truncated token key: %v, want an error naming the file", err)
	}
}
