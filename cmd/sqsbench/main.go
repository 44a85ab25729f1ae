// Command sqsbench measures an SQS endpoint with aws-sdk-go-v2 clients.
//
// Modes:
//
//	send       SendMessage requests from -c concurrent clients for -dur
//	sendbatch  SendMessageBatch requests of -batch messages
//	recvdel    prefill -prefill messages, then drain them with
//	           ReceiveMessage(10) + DeleteMessageBatch from -c clients
//	backlog    start the sluice binary given by -server on a fresh data dir,
//	           fill it with -messages messages, report its RSS, restart it and
//	           report the time to the first message received
//
// Every figure is printed with the command line that produced it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

type options struct {
	endpoint string
	mode     string
	queue    string
	clients  int
	duration time.Duration
	size     int
	batch    int
	prefill  int
	server   string
	messages int
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sqsbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("sqsbench", flag.ContinueOnError)
	fs.StringVar(&o.endpoint, "endpoint", "http://127.0.0.1:4566", "SQS endpoint")
	fs.StringVar(&o.mode, "mode", "send", "send | sendbatch | recvdel | backlog")
	fs.StringVar(&o.queue, "queue", "bench", "queue name (created if missing)")
	fs.IntVar(&o.clients, "c", 16, "concurrent clients")
	fs.DurationVar(&o.duration, "dur", 10*time.Second, "duration of send modes")
	fs.IntVar(&o.size, "size", 1024, "message body size in bytes")
	fs.IntVar(&o.batch, "batch", 10, "messages per SendMessageBatch")
	fs.IntVar(&o.prefill, "prefill", 100000, "messages to prefill for recvdel")
	fs.StringVar(&o.server, "server", "", "path of the sluice binary (backlog mode)")
	fs.IntVar(&o.messages, "messages", 1000000, "messages to queue (backlog mode)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintf(out, "# sqsbench %s\n", strings.Join(args, " "))
	switch o.mode {
	case "send", "sendbatch":
		return runSend(ctx, o, out)
	case "recvdel":
		return runReceiveDelete(ctx, o, out)
	case "backlog":
		return runBacklog(ctx, o, out)
	}
	return fmt.Errorf("unknown mode %q", o.mode)
}
