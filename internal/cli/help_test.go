package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

// commandFlagSet returns the flag set the named command parses its
// arguments with, captured by running it with -h.
func commandFlagSet(t *testing.T, name string) *flag.FlagSet {
	t.Helper()
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		var fs *flag.FlagSet
		probe := IO{Out: io.Discard, Err: io.Discard, onFlagSet: func(f *flag.FlagSet) { fs = f }}
		_ = c.run(context.Background(), []string{"-h"}, probe)
		if fs != nil {
			fs.SetOutput(io.Discard)
		}
		return fs
	}
	t.Fatalf("no command %q", name)
	return nil
}

func TestHelp_EveryCommandShowsExamples(t *testing.T) {
	t.Parallel()
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if len(examples[c.name]) == 0 {
				t.Fatalf("command %s has no examples: add them to examples in help.go", c.name)
			}
			var out, errOut bytes.Buffer
			if code := Run(context.Background(), []string{c.name, "-h"}, IO{Out: &out, Err: &errOut}); code != exitOK {
				t.Fatalf("sluice %s -h: exit code %d, stderr %q", c.name, code, errOut.String())
			}
			help := out.String() + errOut.String()
			if !strings.Contains(help, "\nExamples:\n") {
				t.Errorf("sluice %s -h has no Examples section:\n%s", c.name, help)
			}
			for _, e := range examples[c.name] {
				if !strings.Contains(help, "  # "+e.note+"\n  "+e.line()+"\n") {
					t.Errorf("sluice %s -h does not show example %q:\n%s", c.name, e.line(), help)
				}
			}
		})
	}
}

func TestHelp_TopLevelShowsExamples(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := Run(context.Background(), []string{"--help"}, IO{Out: &out, Err: &errOut}); code != exitOK {
		t.Fatalf("exit code %d", code)
	}
	if !strings.Contains(out.String(), "\nExamples:\n  # ") || !strings.Contains(out.String(), "\n  sluice serve -h\n") {
		t.Errorf("sluice --help shows no examples:\n%s", out.String())
	}
}

// TestHelp_ExamplesParse parses every example with the flags of the
// command it runs, so that no example names a flag that does not exist
// or an argument the command refuses.
func TestHelp_ExamplesParse(t *testing.T) {
	t.Parallel()
	for key, list := range examples {
		for _, e := range list {
			t.Run(key+"/"+strings.Join(e.args, "_"), func(t *testing.T) {
				t.Parallel()
				if _, ok := commandVerbs()[e.args[0]]; ok {
					checkVerbExample(t, e)
					return
				}
				fs := commandFlagSet(t, e.args[0])
				if fs == nil {
					if len(e.args) > 1 {
						t.Fatalf("%q: %s takes no flags or arguments", e.line(), e.args[0])
					}
					return
				}
				if err := fs.Parse(e.args[1:]); err != nil && !errors.Is(err, flag.ErrHelp) {
					t.Fatalf("%q: %v", e.line(), err)
				}
				for _, arg := range fs.Args() {
					if !slices.Contains(commandArgs[e.args[0]], arg) {
						t.Errorf("%q: %s takes no argument %q", e.line(), e.args[0], arg)
					}
				}
			})
		}
	}
}

func TestHelp_VersionUsage(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := Run(context.Background(), []string{"version", "-h"}, IO{Out: &out, Err: &errOut}); code != exitOK {
		t.Fatalf("exit code %d", code)
	}
	if !strings.HasPrefix(errOut.String(), "Usage: sluice version") {
		t.Errorf("sluice version -h = %q, want it to start with its usage line", errOut.String())
	}
}
