package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// newClient returns a Kinesis client for endpoint with dummy credentials, no
// retries and a connection pool large enough for every worker.
func newClient(endpoint string, conns int) *kinesis.Client {
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		IdleConnTimeout:     90 * time.Second,
	}
	return kinesis.New(kinesis.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDBENCHMARK", "secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       &http.Client{Transport: transport, Timeout: 60 * time.Second},
	})
}

// ensureStream creates the stream unless it exists and waits until it is
// ACTIVE.
func ensureStream(ctx context.Context, c *kinesis.Client, name string, shards int) error {
	_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: &name, ShardCount: aws.Int32(int32(shards))})
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return fmt.Errorf("create stream %s: %w", name, err)
	}
	w := kinesis.NewStreamExistsWaiter(c, func(o *kinesis.StreamExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 20*time.Millisecond, 200*time.Millisecond
	})
	if err := w.Wait(ctx, &kinesis.DescribeStreamInput{StreamName: &name}, 30*time.Second); err != nil {
		return fmt.Errorf("stream %s not active: %w", name, err)
	}
	return nil
}

// recorder collects call latencies from many goroutines.
type recorder struct {
	mu        sync.Mutex
	latencies []time.Duration
	errors    int
	firstErr  error
}

func (r *recorder) add(d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.errors++
		if r.firstErr == nil {
			r.firstErr = err
		}
		return
	}
	r.latencies = append(r.latencies, d)
}

// percentiles returns the number of successful calls and their p50 and p99.
func (r *recorder) percentiles() (n int, p50, p99 time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sort.Slice(r.latencies, func(i, j int) bool { return r.latencies[i] < r.latencies[j] })
	n = len(r.latencies)
	if n == 0 {
		return 0, 0, 0
	}
	at := func(p float64) time.Duration { return r.latencies[min(n-1, int(float64(n)*p))] }
	return n, at(0.50), at(0.99)
}

func (r *recorder) reportErrors(out io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.firstErr != nil {
		fmt.Fprintf(out, "first error: %v\n", r.firstErr)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
