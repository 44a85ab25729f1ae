package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// An example is one command line shown under "Examples:" in a command's
// help.
type example struct {
	// note says what the line does.
	note string
	// args follow "sluice"; tests parse them with the command's flags, so
	// an example cannot name a flag that does not exist.
	args []string
	// shell, when set, is a fmt pattern putting the command line (%s) in
	// a shell construct such as a redirection.
	shell string
}

// examples are shown by each command's -h, keyed by command name; "help"
// holds those of "sluice --help". Every command has at least one.
var examples = map[string][]example{
	"serve": {
		{note: "on 127.0.0.1:4566, data in ./sluice-data, any signature accepted", args: []string{"serve"}},
		{note: "in memory, with two queues and a two-shard stream, for a test run",
			args: []string{"serve", "--memory", "--queues", "orders,orders-dlq", "--streams", "clicks:2"}},
		{note: "on every interface, requests signed with one key of account 111122223333",
			args: []string{"serve", "--listen", "0.0.0.0:4566", "--credential", "AKIDAPP:app-secret:111122223333"}},
		{note: "check a configuration file and exit", args: []string{"serve", "--config", "/etc/sluice/sluice.yaml", "--check-config"}},
	},
	"healthcheck": {
		{note: "ask the server this machine's configuration describes (as a container HEALTHCHECK does)",
			args: []string{"healthcheck"}},
		{note: "ask another one, waiting at most 2 s", args: []string{"healthcheck", "--endpoint", "http://sluice:4566", "--timeout", "2s"}},
	},
	"queue": {
		{note: "every queue with its depths, rates and dead-letter queue", args: []string{"queue", "ls"}},
		{note: "the messages in flight, without receiving them", args: []string{"queue", "peek", "orders", "--state", "in_flight"}},
		{note: "a burst of 1000 test messages", args: []string{"queue", "send", "orders", "--body", "hello", "--repeat", "1000"}},
		{note: "delete every message", args: []string{"queue", "purge", "orders"}},
		{note: "move a dead-letter queue's messages back, printing the progress",
			args: []string{"queue", "redrive", "orders-dlq", "--wait"}},
	},
	"stream": {
		{note: "every stream with its shards and incoming rate, as JSON", args: []string{"stream", "ls", "-o", "json"}},
		{note: "print new records as they arrive", args: []string{"stream", "tail", "clicks", "--from", "latest", "--follow"}},
		{note: "the consumer groups of a stream: who holds each shard, and how far behind", args: []string{"stream", "groups", "clicks"}},
	},
	"version": {
		{note: "version, commit, Go version and platform of this binary", args: []string{"version"}},
	},
	"completion": {
		{note: "bash, for this shell", args: []string{"completion", "bash"}, shell: "source <(%s)"},
		{note: "zsh, for every shell (a directory of $fpath)", args: []string{"completion", "zsh"}, shell: `%s > "${fpath[1]}/_sluice"`},
		{note: "fish, for every shell", args: []string{"completion", "fish"}, shell: "%s > ~/.config/fish/completions/sluice.fish"},
	},
	"help": {
		{note: "serve on 127.0.0.1:4566 with data in ./sluice-data", args: []string{"serve"}},
		{note: "the flags of serve, with examples", args: []string{"serve", "-h"}},
	},
}

// line is the example as typed at a shell prompt.
func (e example) line() string {
	cmd := "sluice " + strings.Join(e.args, " ")
	if e.shell == "" {
		return cmd
	}
	return fmt.Sprintf(e.shell, cmd)
}

// printExamples writes the examples of the named command, if any.
func printExamples(w io.Writer, name string) {
	list := examples[name]
	if len(list) == 0 {
		return
	}
	fmt.Fprintf(w, "\nExamples:\n")
	for _, e := range list {
		fmt.Fprintf(w, "  # %s\n  %s\n", e.note, e.line())
	}
}

// withExamples makes fs's usage text end with its command's examples.
func withExamples(fs *flag.FlagSet) {
	usage := fs.Usage
	name := strings.TrimPrefix(fs.Name(), "sluice ")
	fs.Usage = func() {
		usage()
		printExamples(fs.Output(), name)
	}
}
