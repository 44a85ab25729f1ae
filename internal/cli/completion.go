package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"text/template"
)

// shells are the shells "sluice completion" writes a script for.
var shells = []string{"bash", "zsh", "fish"}

// flagValues are the values offered after a flag that takes one of a few
// words, keyed by flag name.
var flagValues = map[string][]string{
	"log-level":  {"debug", "info", "warn", "error"},
	"log-format": {"text", "json"},
}

// commandArgs are the values offered as a command's arguments.
var commandArgs = map[string][]string{
	"completion": shells,
}

// A completedCommand is what a completion script knows of one subcommand.
type completedCommand struct {
	Name, Summary string
	Flags         []completedFlag
	Args          []string
}

// A completedFlag is one flag of a subcommand, as its help lists it.
type completedFlag struct {
	Name, Usage string
	// Value is what follows the flag: "" for none (a bool flag), "file",
	// "dir", "word" (one of Words) or "any".
	Value string
	Words []string
}

func runCompletion(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("completion", stdio)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: sluice completion bash|zsh|fish\n\n"+
			"Prints a script completing sluice's subcommands, their flags and the values\n"+
			"of some flags in that shell.\n")
	}
	withExamples(fs)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	if fs.NArg() != 1 || scripts[fs.Arg(0)] == nil {
		fmt.Fprintf(fs.Output(), "sluice completion: name one shell: %s\n", strings.Join(shells, ", "))
		fs.Usage()
		return errUsage
	}
	return scripts[fs.Arg(0)].Execute(stdio.Out, completedCommands(ctx))
}

// completedCommands lists every subcommand with the flags its help lists.
func completedCommands(ctx context.Context) []completedCommand {
	var out []completedCommand
	for _, c := range commands() {
		out = append(out, completedCommand{Name: c.name, Summary: c.summary,
			Flags: probeFlags(ctx, c), Args: commandArgs[c.name]})
	}
	return out
}

// helpFlag matches a flag's line in the output of flag.PrintDefaults.
var helpFlag = regexp.MustCompile(`(?m)^  -([a-zA-Z0-9][a-zA-Z0-9-]*)`)

// probeFlags runs c with -h, capturing the flag set it makes and its help
// text, and returns the flags the help lists, so completion offers exactly
// what -h documents. Commands parse -h before doing anything else.
func probeFlags(ctx context.Context, c command) []completedFlag {
	var fs *flag.FlagSet
	var help bytes.Buffer
	probe := IO{Out: io.Discard, Err: &help,
		LookupEnv: func(string) (string, bool) { return "", false },
		onFlagSet: func(f *flag.FlagSet) {
			if fs == nil {
				fs = f
			}
		}}
	_ = c.run(ctx, []string{"-h"}, probe) // flag.ErrHelp
	if fs == nil {
		return nil
	}
	var out []completedFlag
	for _, m := range helpFlag.FindAllStringSubmatch(help.String(), -1) {
		if f := fs.Lookup(m[1]); f != nil {
			out = append(out, describeFlag(f))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// describeFlag says what value f takes, from its kind, its name and the
// name of its value in the usage text (`file`, `directory`).
func describeFlag(f *flag.Flag) completedFlag {
	name, usage := flag.UnquoteUsage(f)
	usage, _, _ = strings.Cut(usage, " (env ")
	d := completedFlag{Name: f.Name, Usage: usage, Value: "any"}
	switch b, ok := f.Value.(interface{ IsBoolFlag() bool }); {
	case ok && b.IsBoolFlag():
		d.Value = ""
	case flagValues[f.Name] != nil:
		d.Value, d.Words = "word", flagValues[f.Name]
	case name == "file":
		d.Value = "file"
	case name == "directory":
		d.Value = "dir"
	}
	return d
}

// scripts are the completion scripts by shell.
var scripts = map[string]*template.Template{
	"bash": newScript("bash", bashScript),
	"zsh":  newScript("zsh", zshScript),
	"fish": newScript("fish", fishScript),
}

func newScript(name, text string) *template.Template {
	return template.Must(template.New(name).Funcs(template.FuncMap{
		"join":     strings.Join,
		"zshQuote": zshQuote,
		"fishQuote": func(s string) string {
			return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
		},
	}).Parse(text))
}

// zshQuote makes s safe inside a single-quoted _arguments or _describe
// spec: brackets and colons are escaped, quotes closed and reopened.
func zshQuote(s string) string {
	return strings.NewReplacer(`'`, `'\''`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace(s)
}
