package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// completionScript returns what "sluice completion <shell>" prints.
func completionScript(t *testing.T, shell string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := Run(context.Background(), []string{"completion", shell}, IO{Out: &out, Err: &errOut}); code != exitOK {
		t.Fatalf("sluice completion %s: exit code %d, stderr %q", shell, code, errOut.String())
	}
	return out.String()
}

// writeScript writes a completion script to a file and returns its path.
func writeScript(t *testing.T, shell string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sluice."+shell)
	if err := os.WriteFile(path, []byte(completionScript(t, shell)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// lookShell returns the path of a shell, skipping the test without it.
func lookShell(t *testing.T, shell string) string {
	t.Helper()
	path, err := exec.LookPath(shell)
	if err != nil {
		t.Skipf("no %s on PATH", shell)
	}
	return path
}

// bashCompletions sources the bash script and returns what _sluice offers
// for each command line, the last word being the one completed.
func bashCompletions(t *testing.T, lines ...[]string) [][]string {
	t.Helper()
	bash := lookShell(t, "bash")
	var driver strings.Builder
	driver.WriteString("source \"$1\"\n")
	for _, words := range lines {
		driver.WriteString("COMP_WORDS=(")
		for _, w := range words {
			driver.WriteString(" '" + w + "'")
		}
		driver.WriteString(fmt.Sprintf(" ); COMP_CWORD=%d; _sluice; echo \"${COMPREPLY[*]}\"\n", len(words)-1))
	}
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", driver.String(), "bash", writeScript(t, "bash"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(lines) {
		t.Fatalf("bash printed %d lines for %d command lines:\n%s", len(got), len(lines), out)
	}
	replies := make([][]string, len(got))
	for i, line := range got {
		replies[i] = strings.Fields(line)
	}
	return replies
}

func TestCompletion_BashOffersCommandsAndServeFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "data1"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data2.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	replies := bashCompletions(t,
		[]string{"sluice", ""},
		[]string{"sluice", "serve", "--"},
		[]string{"sluice", "serve", "--log-level", ""},
		[]string{"sluice", "completion", ""},
		[]string{"sluice", "healthcheck", "--"},
		[]string{"sluice", "serve", "--data-dir", filepath.Join(dir, "da")},
		[]string{"sluice", "serve", "--config", filepath.Join(dir, "da")},
		[]string{"sluice", "serve", "--listen", ""},
	)
	for _, c := range commands() {
		wantAll(t, "sluice <TAB>", replies[0], c.name)
	}
	wantAll(t, "sluice <TAB>", replies[0], "--help", "--version")
	wantAll(t, "sluice serve --<TAB>", replies[1], "--listen", "--data-dir", "--memory", "--config", "--credential",
		"--allow-anonymous", "--advertised-url", "--log-level", "--queues", "--streams", "--tls-cert", "--check-config", "--print-config", "--help")
	wantExactly(t, "sluice serve --log-level <TAB>", replies[2], "debug", "info", "warn", "error")
	wantExactly(t, "sluice completion <TAB>", replies[3], "bash", "zsh", "fish")
	wantAll(t, "sluice healthcheck --<TAB>", replies[4], "--endpoint", "--timeout", "--config", "--listen", "--tls-cert")
	if slices.Contains(replies[4], "--memory") {
		t.Errorf("sluice healthcheck --<TAB> = %v, offers --memory, which its help does not list", replies[4])
	}
	wantExactly(t, "sluice serve --data-dir da<TAB>", replies[5], filepath.Join(dir, "data1"))
	wantExactly(t, "sluice serve --config da<TAB>", replies[6], filepath.Join(dir, "data1"), filepath.Join(dir, "data2.yaml"))
	wantExactly(t, "sluice serve --listen <TAB>", replies[7])
}

func wantAll(t *testing.T, line string, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s = %v, want it to offer %s", line, got, w)
		}
	}
}

func wantExactly(t *testing.T, line string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("%s = %v, want %v", line, got, want)
	}
}

func TestCompletion_ZshScriptParses(t *testing.T) {
	t.Parallel()
	zsh := lookShell(t, "zsh")
	script := writeScript(t, "zsh")
	if out, err := exec.Command(zsh, "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("zsh -n: %v\n%s", err, out)
	}
	// Sourced after compinit, the script registers _sluice for sluice.
	out, err := exec.Command(zsh, "-f", "-c", `autoload -U compinit && compinit -u -d "$2" && source "$1" && print -r -- $_comps[sluice]`,
		"zsh", script, filepath.Join(t.TempDir(), "zcompdump")).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "_sluice" {
		t.Fatalf("zsh: sourcing the script registered %q (%v), want _sluice", out, err)
	}
}

func TestCompletion_FishOffersServeFlags(t *testing.T) {
	t.Parallel()
	fish := lookShell(t, "fish")
	script := writeScript(t, "fish")
	out, err := exec.Command(fish, "--no-config", "-c",
		`source $argv[1]; complete -C "sluice "; echo ---; complete -C "sluice serve --"; echo ---; complete -C "sluice serve --log-format "`,
		script).CombinedOutput()
	if err != nil {
		t.Fatalf("fish: %v\n%s", err, out)
	}
	parts := strings.Split(string(out), "---\n")
	if len(parts) != 3 {
		t.Fatalf("fish printed %q", out)
	}
	firstFields := func(s string) []string {
		var words []string
		for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
			word, _, _ := strings.Cut(line, "\t")
			words = append(words, word)
		}
		return words
	}
	wantAll(t, "fish: sluice <TAB>", firstFields(parts[0]), "serve", "healthcheck", "version", "completion")
	wantAll(t, "fish: sluice serve --<TAB>", firstFields(parts[1]), "--listen", "--data-dir", "--memory", "--check-config")
	wantExactly(t, "fish: sluice serve --log-format <TAB>", firstFields(parts[2]), "text", "json")
}

func TestCompletion_RefusesUnknownShell(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		var out, errOut bytes.Buffer
		if code := Run(context.Background(), args, IO{Out: &out, Err: &errOut}); code != exitUsage {
			t.Errorf("sluice %s: exit code %d, want %d", strings.Join(args, " "), code, exitUsage)
		}
		if out.Len() != 0 || !strings.Contains(errOut.String(), "bash, zsh, fish") {
			t.Errorf("sluice %s: stdout %q, stderr %q, want the shells named on stderr", strings.Join(args, " "), out.String(), errOut.String())
		}
	}
}
