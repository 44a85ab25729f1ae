package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/loadgen"
)

// newClient returns an SQS client for endpoint with dummy credentials, no
// retries and a connection pool large enough for every worker.
func newClient(endpoint string, conns int) *sqs.Client {
	return sqs.New(sqs.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider("000000000000", "secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       loadgen.HTTPClient(conns),
	})
}

// ensureQueue creates the queue with attrs if needed and returns its URL.
func ensureQueue(ctx context.Context, c *sqs.Client, name string, attrs map[string]string) (string, error) {
	out, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	return aws.ToString(out.QueueUrl), nil
}

func body(size int) string { return strings.Repeat("x", size) }

func batchEntries(n, size int) []types.SendMessageBatchRequestEntry {
	entries := make([]types.SendMessageBatchRequestEntry, n)
	b := body(size)
	for i := range entries {
		entries[i] = types.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), MessageBody: aws.String(b)}
	}
	return entries
}

// report prints requests/s, messages/s, latency percentiles and errors.
func report(out io.Writer, rec *loadgen.Recorder, label string, elapsed time.Duration, msgsPerReq int) {
	n, p50, p99 := rec.Percentiles()
	failed, first := rec.Errors()
	secs := elapsed.Seconds()
	fmt.Fprintf(out, "%s: %d requests in %.1fs = %.0f req/s, %.0f msgs/s, p50 %.2f ms, p99 %.2f ms, errors %d\n",
		label, n, secs, float64(n)/secs, float64(n*msgsPerReq)/secs,
		loadgen.Millis(p50), loadgen.Millis(p99), failed)
	if first != nil {
		fmt.Fprintf(out, "first error: %v\n", first)
	}
}
