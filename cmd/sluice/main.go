// Command sluice serves the Amazon SQS and Kinesis Data Streams APIs on one
// port, durable by default.
//
// Run "sluice help" for the subcommands.
package main

import (
	"context"
	"os"
	"runtime/debug"

	"github.com/sluicemq/sluice/internal/cli"
)

// gcPercent is the garbage collector's target when GOGC is not set. The
// server's live heap is small: message bodies live in Pebble's memtables and
// block cache, which cgo builds allocate outside the Go heap. Collecting less
// often costs little memory and saved about a fifth of the server's CPU per
// SendMessage in a wrk run (docs/PERFORMANCE.md).
const gcPercent = 400

func main() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(cli.Run(context.Background(), os.Args[1:], cli.IO{
		Out:       os.Stdout,
		Err:       os.Stderr,
		LookupEnv: os.LookupEnv,
	}))
}
