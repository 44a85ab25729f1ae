package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ldflags runs scripts/ldflags with env (and nothing else) and returns
// what it prints.
func ldflags(t *testing.T, env []string, args ...string) string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash on PATH")
	}
	cmd := exec.Command(bash, append([]string{"scripts/ldflags"}, args...)...)
	cmd.Dir, cmd.Env = repoRoot, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/ldflags: %v\n%s", err, out)
	}
	return strings.TrimSuffix(string(out), "\n")
}

func TestLdflags_StampsTheGivenVersionAndCommit(t *testing.T) {
	t.Parallel()
	env := []string{"PATH=" + os.Getenv("PATH"), "VERSION=v1.2.3", "COMMIT=0123456789ab-dirty"}
	const pkg = "github.com/sluicemq/sluice/internal/cli"
	if got, want := ldflags(t, env), "-X "+pkg+".version=v1.2.3 -X "+pkg+".commit=0123456789ab-dirty"; got != want {
		t.Errorf("scripts/ldflags = %q, want %q", got, want)
	}
	if got := ldflags(t, env, "version"); got != "v1.2.3" {
		t.Errorf("scripts/ldflags version = %q, want v1.2.3", got)
	}
	if got := ldflags(t, []string{"VERSION=", "COMMIT="}); got != "" {
		t.Errorf("scripts/ldflags with empty VERSION and COMMIT = %q, want nothing stamped", got)
	}
}

// TestLdflags_WithoutGitStampsNothing runs the script where no git can be
// found: the build is then unstamped, not broken.
func TestLdflags_WithoutGitStampsNothing(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	if got := ldflags(t, []string{"PATH=" + empty}); got != "" {
		t.Errorf("scripts/ldflags without git = %q, want nothing stamped", got)
	}
}

func TestLdflags_FromGitDescribe(t *testing.T) {
	t.Parallel()
	head := gitHead(t)
	if head == "" {
		t.Skip("no git repository to describe")
	}
	got := ldflags(t, []string{"PATH=" + os.Getenv("PATH")}, "commit")
	if got != head && got != head+"-dirty" {
		t.Errorf("scripts/ldflags commit = %q, want %s or %s-dirty", got, head, head)
	}
}

// TestMakefile_BuildsThroughTheScripts checks that make build, release and
// image stamp the build the way these tests check.
func TestMakefile_BuildsThroughTheScripts(t *testing.T) {
	t.Parallel()
	mk, err := exec.LookPath("make")
	if err != nil {
		t.Skip("no make on PATH")
	}
	cmd := exec.Command(mk, "-n", "build", "release", "image")
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make -n: %v\n%s", err, out)
	}
	for _, want := range []string{`-ldflags "$(scripts/ldflags)"`, "scripts/release", "-f Containerfile",
		`--build-arg VERSION="$(scripts/ldflags version)"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("make -n build release image does not run %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "Containerfile")); err != nil {
		t.Error(err)
	}
}
