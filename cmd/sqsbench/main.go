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
//	burst      send -messages messages in batches of 10 spread over -dur,
//	           printing the messages sent each second
//	consume    ReceiveMessage(10) with a 2 s long poll + DeleteMessageBatch
//	           from -c clients until -idle passes without a message (or -dur),
//	           printing the messages received each second
//
// -attributes gives the attributes of the queue the modes create, such as
// SluiceDeliveryRate=1000. Per-second lines read "second UNIX sent|delivered
// N", so the series of several processes add up (bench/flatrate.sh).
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
	endpoint   string
	mode       string
	queue      string
	clients    int
	duration   time.Duration
	size       int
	batch      int
	prefill    int
	server     string
	messages   int
	idle       time.Duration
	attributes map[string]string
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
	fs.StringVar(&o.mode, "mode", "send", "send | sendbatch | recvdel | backlog | burst | consume")
	fs.StringVar(&o.queue, "queue", "bench", "queue name (created if missing)")
	fs.IntVar(&o.clients, "c", 16, "concurrent clients")
	fs.DurationVar(&o.duration, "dur", 10*time.Second, "duration of send modes")
	fs.IntVar(&o.size, "size", 1024, "message body size in bytes")
	fs.IntVar(&o.batch, "batch", 10, "messages per SendMessageBatch")
	fs.IntVar(&o.prefill, "prefill", 100000, "messages to prefill for recvdel")
	fs.StringVar(&o.server, "server", "", "path of the sluice binary (backlog mode)")
	fs.IntVar(&o.messages, "messages", 1000000, "messages to queue (backlog, burst modes)")
	fs.DurationVar(&o.idle, "idle", 5*time.Second, "consume mode: stop this long after the last message")
	attrs := fs.String("attributes", "", "attributes of the queue created, Name=Value,...")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if o.attributes, err = parseAttributes(*attrs); err != nil {
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
	case "burst":
		return runBurst(ctx, o, out)
	case "consume":
		return runConsume(ctx, o, out)
	}
	return fmt.Errorf("unknown mode %q", o.mode)
}

// parseAttributes reads "Name=Value,Name=Value" into a map; "" is none.
func parseAttributes(s string) (map[string]string, error) {
	if s == "" {
		return nil, nil
	}
	attrs := make(map[string]string)
	for _, pair := range strings.Split(s, ",") {
		name, value, ok := strings.Cut(pair, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("-attributes: %q is not Name=Value", pair)
		}
		attrs[name] = value
	}
	return attrs, nil
}
