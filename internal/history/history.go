// Package history keeps, in memory, recent per-second counts of what each
// queue and stream did: per queue the messages sent, received and deleted,
// per stream the records put, in total and per shard. Each series holds the
// last hour at one-second resolution and the last day at one minute, in
// fixed rings (about 20 KiB a series, allocated on its first event), so
// the web console can draw a queue's incoming and outgoing rates without
// Prometheus.
//
// A Recorder is fed through the queue and stream services' Observer hooks
// (QueueObserver, StreamObserver) and stamps each event with its injected
// clock. Nothing survives a restart.
package history

import (
	"sync"
	"time"

	"github.com/sluicemq/sluice/internal/clock"
)

// Kinds of resource.
const (
	KindQueue  = "queue"
	KindStream = "stream"
)

// Metrics of a series.
const (
	// Sent counts messages stored by SendMessage and SendMessageBatch.
	Sent = "sent"
	// Received counts messages returned by ReceiveMessage.
	Received = "received"
	// Deleted counts messages deleted.
	Deleted = "deleted"
	// Incoming counts records put to a stream (or to one of its shards).
	Incoming = "incoming"
)

// DefaultMaxSeries bounds the series of a Recorder given no bound.
const DefaultMaxSeries = 4096

// Resource names a queue or a stream.
type Resource struct {
	Kind    string
	Account string
	Name    string
}

// Key names one series: a resource's metric, for one shard of a stream
// when Shard is set.
type Key struct {
	Resource
	Metric string
	// Shard is a stream's shard id, empty for the whole resource.
	Shard string
}

// Options configure a Recorder.
type Options struct {
	// MaxSeries bounds the series kept; events of further series are
	// dropped (and counted by Dropped). Default DefaultMaxSeries.
	MaxSeries int
}

// Recorder keeps the series. It is safe for concurrent use.
type Recorder struct {
	clock clock.Clock
	max   int

	mu      sync.Mutex
	series  map[Key]*ring
	dropped int64
}

// New returns an empty Recorder reading the time from clk.
func New(clk clock.Clock, opts Options) *Recorder {
	if opts.MaxSeries <= 0 {
		opts.MaxSeries = DefaultMaxSeries
	}
	return &Recorder{clock: clk, max: opts.MaxSeries, series: make(map[Key]*ring)}
}

// Add counts n events of series k now. n <= 0 does nothing.
func (r *Recorder) Add(k Key, n int) {
	if n <= 0 {
		return
	}
	s := unixSecond(r.clock.Now())
	r.mu.Lock()
	defer r.mu.Unlock()
	rg, ok := r.series[k]
	if !ok {
		if len(r.series) >= r.max {
			r.dropped += int64(n)
			return
		}
		rg = &ring{}
		r.series[k] = rg
	}
	rg.add(s, uint32(min(n, 1<<31)))
}

// Forget drops every series of a resource (a deleted queue or stream).
func (r *Recorder) Forget(res Resource) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.series {
		if k.Resource == res {
			delete(r.series, k)
		}
	}
}

// Dropped counts the events dropped because MaxSeries series existed.
func (r *Recorder) Dropped() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dropped
}

// Shards lists the shards of a stream metric that have a series.
func (r *Recorder) Shards(res Resource, metric string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for k := range r.series {
		if k.Resource == res && k.Metric == metric && k.Shard != "" {
			out = append(out, k.Shard)
		}
	}
	return out
}

// Series is a run of counts at a fixed step, oldest first.
type Series struct {
	// Start is the start of the first step.
	Start time.Time
	// Step is one second or one minute.
	Step time.Duration
	// Values are the counts of each step.
	Values []uint32
}

// MaxSecondsWindow and MaxMinutesWindow are the longest windows Window
// answers at one-second and at one-minute resolution.
const (
	MaxSecondsWindow = secondSlots * time.Second
	MaxMinutesWindow = minuteSlots * time.Minute
)

// Window returns series k over the last d up to now: at one second per step
// when d is at most an hour, else at one minute per step (at most a day;
// longer windows are cut to a day). The step under way is the last one.
// A series without events is all zeros.
func (r *Recorder) Window(k Key, d time.Duration) Series {
	now := unixSecond(r.clock.Now())
	if d <= MaxSecondsWindow {
		n := max(int(d/time.Second), 1)
		out := Series{Start: time.Unix(now-int64(n-1), 0).UTC(), Step: time.Second}
		r.mu.Lock()
		if rg := r.series[k]; rg != nil {
			out.Values = rg.seconds(now, n)
		}
		r.mu.Unlock()
		if out.Values == nil {
			out.Values = make([]uint32, n)
		}
		return out
	}
	n := min(int(d/time.Minute), minuteSlots)
	last := minuteOf(now)
	out := Series{Start: time.Unix((last-int64(n-1))*60, 0).UTC(), Step: time.Minute}
	r.mu.Lock()
	if rg := r.series[k]; rg != nil {
		out.Values = rg.minutes(last, n)
	}
	r.mu.Unlock()
	if out.Values == nil {
		out.Values = make([]uint32, n)
	}
	return out
}

// Rate is the mean events per second of series k over the last d of whole
// seconds before now (the second under way left out, as it is not over);
// d is cut to an hour.
func (r *Recorder) Rate(k Key, d time.Duration) float64 {
	n := min(max(int(d/time.Second), 1), secondSlots-1)
	now := unixSecond(r.clock.Now())
	r.mu.Lock()
	rg := r.series[k]
	var sum uint64
	if rg != nil {
		for _, v := range rg.seconds(now-1, n) {
			sum += uint64(v)
		}
	}
	r.mu.Unlock()
	return float64(sum) / float64(n)
}
