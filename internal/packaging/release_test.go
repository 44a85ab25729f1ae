package packaging

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"debug/macho"
	"encoding/hex"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// repoRoot is the repository, seen from this package's directory.
const repoRoot = "../.."

// releaseVersion is the version the tests stamp their release build with.
const releaseVersion = "v0.0.0-packaging-test"

// platforms are the release's targets, as scripts/release names its files.
var platforms = []struct{ os, arch string }{
	{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "arm64"},
}

// workDir holds what the tests build; TestMain removes it.
var workDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sluice-packaging-")
	if err != nil {
		panic(err)
	}
	workDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	releaseOnce sync.Once
	releaseDir  string
	releaseLog  []byte
	releaseErr  error
)

// release runs scripts/release once for the package's tests, with
// VERSION=releaseVersion, the commit from git and the go on PATH, and
// returns its directory.
func release(t *testing.T) string {
	t.Helper()
	releaseOnce.Do(func() {
		releaseDir = filepath.Join(workDir, "dist")
		cmd := exec.Command("bash", "scripts/release")
		cmd.Dir = repoRoot
		cmd.Env = append(withoutVars(os.Environ(), "VERSION", "COMMIT", "PLATFORMS", "GO"),
			"DIST="+releaseDir, "VERSION="+releaseVersion)
		releaseLog, releaseErr = cmd.CombinedOutput()
	})
	if releaseErr != nil {
		t.Fatalf("scripts/release: %v\n%s", releaseErr, releaseLog)
	}
	return releaseDir
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// withoutVars returns env without the named variables.
func withoutVars(env []string, names ...string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(names, name)
	})
}

func TestRelease_BuildsStaticBinariesWithChecksums(t *testing.T) {
	dist := release(t)
	sums := readSums(t, filepath.Join(dist, "SHA256SUMS"))
	var names []string
	for _, p := range platforms {
		name := "sluice-" + p.os + "-" + p.arch
		names = append(names, name)
		path := filepath.Join(dist, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("release has no %s: %v", name, err)
			continue
		}
		sum := sha256.Sum256(data)
		if got := sums[name]; got != hex.EncodeToString(sum[:]) {
			t.Errorf("SHA256SUMS gives %s as %q, its SHA-256 is %x", name, got, sum)
		}
		checkExecutable(t, path, p.os, p.arch)
	}
	if got := slices.Sorted(maps.Keys(sums)); !slices.Equal(got, slices.Sorted(slices.Values(names))) {
		t.Errorf("SHA256SUMS lists %v, want %v", got, names)
	}
}

// readSums parses a sha256sum file into file name -> hex digest.
func readSums(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("SHA256SUMS line %q is not \"<digest>  <file>\"", sc.Text())
		}
		sums[name] = sum
	}
	return sums
}

// checkExecutable checks that path is a static executable for goos/goarch.
func checkExecutable(t *testing.T, path, goos, goarch string) {
	t.Helper()
	if goos == "darwin" {
		f, err := macho.Open(path)
		if err != nil {
			t.Errorf("%s: not Mach-O: %v", path, err)
			return
		}
		defer f.Close()
		if f.Cpu != macho.CpuArm64 || f.Type != macho.TypeExec {
			t.Errorf("%s: Mach-O for %v type %v, want an arm64 executable", path, f.Cpu, f.Type)
		}
		return
	}
	f, err := elf.Open(path)
	if err != nil {
		t.Errorf("%s: not ELF: %v", path, err)
		return
	}
	defer f.Close()
	want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[goarch]
	if f.Machine != want {
		t.Errorf("%s: ELF for %v, want %v", path, f.Machine, want)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s: has an ELF interpreter: dynamically linked, want static", path)
		}
	}
}

func TestRelease_NativeBinaryPrintsStampedVersion(t *testing.T) {
	name := "sluice-" + runtime.GOOS + "-" + runtime.GOARCH
	if !slices.Contains(platforms, struct{ os, arch string }{runtime.GOOS, runtime.GOARCH}) {
		t.Skipf("the release has no binary for this machine (%s)", name)
	}
	out, err := exec.Command(filepath.Join(release(t), name), "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --version: %v\n%s", name, err, out)
	}
	line := strings.TrimSpace(string(out))
	want := "sluice " + releaseVersion + " "
	if head := gitHead(t); head != "" {
		want += head
	}
	if !strings.HasPrefix(line, want) || !strings.HasSuffix(line, " "+runtime.GOOS+"/"+runtime.GOARCH) {
		t.Errorf("%s --version = %q, want %q... %s/%s", name, line, want, runtime.GOOS, runtime.GOARCH)
	}
}

// gitHead returns the repository's commit as 12 hex digits, or "" when it
// cannot be known (no git, not a repository).
func gitHead(t *testing.T) string {
	cmd := exec.Command("git", "rev-parse", "--short=12", "HEAD")
	cmd.Dir = repoRoot
	out, err := cmd.Output()
	if err != nil {
		t.Logf("no commit to expect in the version: git rev-parse: %v", err)
		return ""
	}
	return strings.TrimSpace(string(out))
}
