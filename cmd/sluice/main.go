// Command sluice serves the Amazon SQS and Kinesis Data Streams APIs on one
// port, durable by default.
//
// Run "sluice help" for the subcommands.
package main

import (
	"context"
	"os"

	"github.com/sluicemq/sluice/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], cli.IO{
		Out:       os.Stdout,
		Err:       os.Stderr,
		LookupEnv: os.LookupEnv,
	}))
}
