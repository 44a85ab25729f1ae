// Command kinesisbench measures a Kinesis endpoint with aws-sdk-go-v2
// clients.
//
// Modes:
//
//	putrecords  PutRecords requests of -batch records from -c concurrent
//	            clients for -dur
//	putrecord   PutRecord requests from -c concurrent clients for -dur
//	getrecords  prefill -prefill records with PutRecords, then drain every
//	            shard from TRIM_HORIZON with GetRecords (Limit -limit) from
//	            -readers readers, one shard at a time each
//
// The stream (-stream, -shards) is created unless it exists. Every figure
// is printed with the command line that produced it, followed by the CPU
// time the client itself used, so a caller can tell the server's and other
// processes' CPU apart from the load generator's.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"
)

type options struct {
	endpoint string
	mode     string
	stream   string
	shards   int
	clients  int
	duration time.Duration
	size     int
	batch    int
	prefill  int
	limit    int
	readers  int
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "kinesisbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("kinesisbench", flag.ContinueOnError)
	fs.StringVar(&o.endpoint, "endpoint", "http://127.0.0.1:4566", "Kinesis endpoint")
	fs.StringVar(&o.mode, "mode", "putrecords", "putrecords | putrecord | getrecords")
	fs.StringVar(&o.stream, "stream", "bench", "stream name (created if missing)")
	fs.IntVar(&o.shards, "shards", 4, "shards of the stream when it is created")
	fs.IntVar(&o.clients, "c", 16, "concurrent clients (writers)")
	fs.DurationVar(&o.duration, "dur", 10*time.Second, "duration of the put modes")
	fs.IntVar(&o.size, "size", 100, "record data size in bytes")
	fs.IntVar(&o.batch, "batch", 500, "records per PutRecords (also for the prefill)")
	fs.IntVar(&o.prefill, "prefill", 200000, "records to write before getrecords drains them")
	fs.IntVar(&o.limit, "limit", 10000, "GetRecords Limit")
	fs.IntVar(&o.readers, "readers", 1, "concurrent readers in getrecords mode")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.clients < 1 || o.batch < 1 || o.batch > 500 || o.shards < 1 || o.readers < 1 || o.size < 1 {
		return fmt.Errorf("want -c, -shards, -readers, -size >= 1 and 1 <= -batch <= 500")
	}
	fmt.Fprintf(out, "# kinesisbench %s\n", strings.Join(args, " "))
	var err error
	switch o.mode {
	case "putrecords", "putrecord":
		err = runPut(ctx, o, out)
	case "getrecords":
		err = runGet(ctx, o, out)
	default:
		return fmt.Errorf("unknown mode %q", o.mode)
	}
	reportCPU(out)
	return err
}

// reportCPU prints the user and system CPU time this process used.
func reportCPU(out io.Writer) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return
	}
	secs := func(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }
	fmt.Fprintf(out, "client cpu: %.2f s user, %.2f s sys\n", secs(ru.Utime), secs(ru.Stime))
}
