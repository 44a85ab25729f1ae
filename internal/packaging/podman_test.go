package packaging

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// podman runs podman on storage of the test's own, under workDir, with the
// vfs driver: the test leaves no image or layer in the machine's storage,
// cannot collide with other builds, and needs no overlay support from the
// kernel or file system it runs on.
type podman struct {
	path string
	root string
}

// newPodman returns a podman, or skips the test without one, unless
// SLUICE_REQUIRE_PODMAN=1 makes that a failure.
func newPodman(t *testing.T) *podman {
	t.Helper()
	missing := func(why string) {
		t.Helper()
		if os.Getenv("SLUICE_REQUIRE_PODMAN") == "1" {
			t.Fatalf("SLUICE_REQUIRE_PODMAN=1 and %s", why)
		}
		t.Skipf("%s: the image is not built (install podman; SLUICE_REQUIRE_PODMAN=1 makes this a failure)", why)
	}
	path, err := exec.LookPath("podman")
	if err != nil {
		missing("no podman on PATH")
	}
	p := &podman{path: path, root: filepath.Join(workDir, "podman")}
	t.Cleanup(p.removeStorage)
	if out, err := p.command("info").CombinedOutput(); err != nil {
		missing("podman info fails: " + strings.TrimSpace(string(out)))
	}
	return p
}

// command is podman with args, on the test's storage.
func (p *podman) command(args ...string) *exec.Cmd {
	global := []string{"--root", filepath.Join(p.root, "storage"), "--runroot", filepath.Join(p.root, "run"),
		"--storage-driver", "vfs"}
	return exec.Command(p.path, append(global, args...)...)
}

// run runs podman and returns its standard output, failing the test on an
// error.
func (p *podman) run(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := p.command(args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("podman %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// removeStorage deletes the test's storage. Rootless podman owns part of it
// as other UIDs of its user namespace, so it removes it from inside.
func (p *podman) removeStorage() {
	if os.Geteuid() != 0 {
		_ = exec.Command(p.path, "unshare", "rm", "-rf", p.root).Run()
	}
	_ = os.RemoveAll(p.root)
}
