// Package cli implements the sluice command line: it parses subcommands,
// flags and SLUICE_* environment variables and runs the chosen command.
//
// Commands write to the io.Writers they are given and read the environment
// through a lookup function, so tests run them in-process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// IO is what a command may touch of the outside world.
type IO struct {
	Out io.Writer
	Err io.Writer
	// LookupEnv reads an environment variable (os.LookupEnv in production).
	LookupEnv func(key string) (string, bool)
	// onFlagSet, when set, is given each flag set a command makes, so
	// completion can list the flags of every command.
	onFlagSet func(*flag.FlagSet)
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdio IO) error
}

// commands lists the subcommands in the order help shows them.
func commands() []command {
	return []command{
		{name: "serve", summary: "serve the SQS and Kinesis APIs", run: runServe},
		{name: "healthcheck", summary: "exit 0 when the server is ready (container health checks)", run: runHealthcheck},
		{name: "queue", summary: "list, peek, send to, purge and redrive queues (admin API)", run: runQueue},
		{name: "stream", summary: "list streams and tail their records (admin API)", run: runStream},
		{name: "version", summary: "print the version", run: runVersion},
		{name: "completion", summary: "print a shell completion script (bash, zsh, fish)", run: runCompletion},
		{name: "help", summary: "show this help", run: runHelp},
	}
}

// errUsage marks an error already reported with usage text; Run exits 2.
var errUsage = errors.New("usage")

// Run runs the command named by args[0] and returns the process exit code.
func Run(ctx context.Context, args []string, stdio IO) int {
	if len(args) == 0 {
		printUsage(stdio.Err)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-v", "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args[1:], stdio)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errUsage):
			return exitUsage
		default:
			fmt.Fprintf(stdio.Err, "sluice %s: %v\n", c.name, err)
			return exitError
		}
	}
	fmt.Fprintf(stdio.Err, "sluice: unknown command %q\n\n", args[0])
	printUsage(stdio.Err)
	return exitUsage
}

func runHelp(_ context.Context, _ []string, stdio IO) error {
	printUsage(stdio.Out)
	return nil
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: sluice <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"sluice <command> -h\" for a command's flags, \"sluice --version\" for the build.\n")
	printExamples(w, "help")
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stdio IO) *flag.FlagSet {
	fs := flag.NewFlagSet("sluice "+name, flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	if stdio.onFlagSet != nil {
		stdio.onFlagSet(fs)
	}
	return fs
}

// parseFlags parses args, turning a flag error into errUsage (the flag
// package has already printed it).
func parseFlags(fs *flag.FlagSet, args []string) error {
	withExamples(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}
