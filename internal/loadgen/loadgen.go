// Package loadgen holds what the load generators (cmd/sqsbench and
// cmd/kinesisbench) share: an HTTP client sized for many workers and a
// recorder of request latencies.
package loadgen

import (
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/sluicemq/sluice/sdkhttp"
)

// HTTPClient returns a client that keeps enough idle connections for conns
// concurrent workers, so a benchmark measures requests, not TCP handshakes.
func HTTPClient(conns int) *http.Client {
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{Transport: &sdkhttp.Transport{Base: transport}, Timeout: 60 * time.Second}
}

// Recorder collects request latencies from many goroutines.
type Recorder struct {
	mu        sync.Mutex
	latencies []time.Duration
	errors    int
	firstErr  error
}

// Add records one request: its latency when err is nil, a failure otherwise.
func (r *Recorder) Add(d time.Duration, err error) {
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

// Percentiles returns the number of successful requests and their median
// and 99th-percentile latencies.
func (r *Recorder) Percentiles() (n int, p50, p99 time.Duration) {
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

// Errors returns how many requests failed and the first failure.
func (r *Recorder) Errors() (count int, first error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.errors, r.firstErr
}

// Millis converts d to fractional milliseconds for printing.
func Millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
