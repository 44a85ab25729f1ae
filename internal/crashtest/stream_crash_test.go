package crashtest

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/sdkhttp"
)

// Shape of the stream crash test.
const (
	streamProducers        = 4
	recordsPerProducer     = 2000
	keysPerProducer        = 8
	streamShards           = 4
	maxPutRecordsBatch     = 40
	retryPause             = 5 * time.Millisecond // while the server restarts
	streamCrashAckDeadline = 60 * time.Second
)

func (s *server) kinesisClient() *kinesis.Client {
	return kinesis.New(kinesis.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(s.url()),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       &http.Client{Timeout: 10 * time.Second, Transport: &sdkhttp.Transport{}},
	})
}

// putAck is what the server answered for one acknowledged record attempt.
type putAck struct {
	payload  string
	key      string
	shard    string
	seq      *big.Int
	sentAt   int64 // ticks of the logical clock when the request was sent
	ackedAt  int64 // ... and when its answer arrived
	ackOrder int   // position among its producer's acknowledgements
}

// putLedger records every attempt and every acknowledgement of the
// producers. Payloads are unique per attempt, so an acknowledged payload
// names exactly one record.
type putLedger struct {
	ticks atomic.Int64 // logical clock ordering sends and answers

	mu        sync.Mutex
	attempted map[string]bool    // every payload sent, answered or not
	rejected  map[string]bool    // payloads the server answered with a per-record failure
	acked     map[string]*putAck // acknowledged payloads
	kills     []int64            // ticks taken just after each SIGKILL
	acks      chan struct{}      // one token per acknowledged record
}

func newPutLedger() *putLedger {
	return &putLedger{attempted: map[string]bool{}, rejected: map[string]bool{}, acked: map[string]*putAck{},
		acks: make(chan struct{}, streamProducers*recordsPerProducer)}
}

func (l *putLedger) attempt(payloads []string) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range payloads {
		l.attempted[p] = true
	}
	return l.ticks.Add(1)
}

func (l *putLedger) ack(a *putAck) {
	l.mu.Lock()
	l.acked[a.payload] = a
	l.mu.Unlock()
	l.acks <- struct{}{}
}

func (l *putLedger) reject(payload string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rejected[payload] = true
}

// waitAcks blocks until n more records are acknowledged.
func (l *putLedger) waitAcks(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(streamCrashAckDeadline)
	for range n {
		select {
		case <-l.acks:
		case <-timeout:
			t.Fatalf("fewer than %d records acknowledged within %s", n, streamCrashAckDeadline)
		}
	}
}

// TestStreamSurvivesSIGKILL runs four producers writing 2,000 records each
// (PutRecords batches and PutRecord singles, eight partition keys per
// producer) into a four-shard stream while the server is SIGKILLed and
// restarted three times at points set by acknowledgement progress. It then
// reads every shard from TRIM_HORIZON and checks that every acknowledged
// record is there exactly once with the shard and sequence number its
// acknowledgement named, that no attempt is there twice, that each
// partition key's records are in acknowledgement order, and that a record
// acknowledged before another was sent has the lower sequence number in its
// shard, across the restarts.
func TestStreamSurvivesSIGKILL(t *testing.T) {
	srv := newServer(t)
	srv.start()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := srv.kinesisClient()
	name := "crash"
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: &name, ShardCount: aws.Int32(streamShards)}); err != nil {
		t.Fatalf("create stream: %v", err)
	}
	waitActive(t, ctx, c, name)

	l := newPutLedger()
	var wg sync.WaitGroup
	for p := range streamProducers {
		wg.Go(func() { produce(ctx, c, name, p, l) })
	}
	total := streamProducers * recordsPerProducer
	acked := 0
	for _, at := range []int{total / 5, total * 2 / 5, total * 3 / 5} {
		l.waitAcks(t, at-acked)
		acked = at
		srv.kill()
		l.noteKill()
		srv.start()
	}
	l.waitAcks(t, total-acked)
	wg.Wait()

	read := readStream(t, c, name)
	checkStream(t, l, read)
}

func (l *putLedger) noteKill() {
	tick := l.ticks.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.kills = append(l.kills, tick)
}

func waitActive(t *testing.T, ctx context.Context, c *kinesis.Client, name string) {
	t.Helper()
	w := kinesis.NewStreamExistsWaiter(c, func(o *kinesis.StreamExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 10*time.Millisecond, 100*time.Millisecond
	})
	if err := w.Wait(ctx, &kinesis.DescribeStreamInput{StreamName: &name}, 10*time.Second); err != nil {
		t.Fatalf("stream %s not active: %v", name, err)
	}
}

// producer writes one producer's records, one request at a time, retrying
// every record until it is acknowledged. Every attempt carries a new
// payload. Every third request is a PutRecord, the others PutRecords of
// varying size.
type producer struct {
	c       *kinesis.Client
	stream  string
	id      int
	l       *putLedger
	pending []int // record numbers not yet acknowledged, oldest first
	next    int   // next record number to queue
	tries   int   // attempts so far, for unique payloads
	acked   int   // acknowledgements so far, for ackOrder
}

func produce(ctx context.Context, c *kinesis.Client, stream string, id int, l *putLedger) {
	p := &producer{c: c, stream: stream, id: id, l: l}
	for step := 0; ctx.Err() == nil; step++ {
		size := 1 + step%maxPutRecordsBatch
		for len(p.pending) < size && p.next < recordsPerProducer {
			p.pending = append(p.pending, p.next)
			p.next++
		}
		if len(p.pending) == 0 {
			return
		}
		var err error
		if step%3 == 0 {
			err = p.putRecord(ctx)
		} else {
			err = p.putRecords(ctx, p.pending[:min(size, len(p.pending))])
		}
		if err != nil {
			select {
			case <-ctx.Done():
			case <-time.After(retryPause):
			}
		}
	}
}

func (p *producer) key(record int) string {
	return fmt.Sprintf("p%d-k%d", p.id, record%keysPerProducer)
}

func (p *producer) payload(record int) string {
	p.tries++
	return fmt.Sprintf("p%d-r%d-a%d", p.id, record, p.tries)
}

func (p *producer) putRecord(ctx context.Context) error {
	record := p.pending[0]
	payload, key := p.payload(record), p.key(record)
	sent := p.l.attempt([]string{payload})
	out, err := p.c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: &p.stream, PartitionKey: &key, Data: []byte(payload)})
	if err != nil {
		return err
	}
	p.acknowledge(payload, key, aws.ToString(out.ShardId), aws.ToString(out.SequenceNumber), sent)
	p.pending = p.pending[1:]
	return nil
}

func (p *producer) putRecords(ctx context.Context, records []int) error {
	entries := make([]types.PutRecordsRequestEntry, len(records))
	payloads := make([]string, len(records))
	for i, r := range records {
		payloads[i] = p.payload(r)
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(p.key(r)), Data: []byte(payloads[i])}
	}
	sent := p.l.attempt(payloads)
	out, err := p.c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: &p.stream, Records: entries})
	if err != nil {
		return err
	}
	if len(out.Records) != len(records) {
		return fmt.Errorf("PutRecords answered %d entries for %d records", len(out.Records), len(records))
	}
	var left []int
	for i, res := range out.Records {
		if res.ErrorCode != nil {
			p.l.reject(payloads[i])
			left = append(left, records[i])
			continue
		}
		p.acknowledge(payloads[i], aws.ToString(entries[i].PartitionKey), aws.ToString(res.ShardId), aws.ToString(res.SequenceNumber), sent)
	}
	p.pending = append(left, p.pending[len(records):]...)
	if len(left) > 0 {
		return fmt.Errorf("%d records failed", len(left))
	}
	return nil
}

func (p *producer) acknowledge(payload, key, shard, seq string, sent int64) {
	n, ok := new(big.Int).SetString(seq, 10)
	if !ok {
		n = big.NewInt(-1) // reported by checkStream as a mismatch
	}
	p.acked++
	p.l.ack(&putAck{payload: payload, key: key, shard: shard, seq: n, sentAt: sent, ackedAt: p.l.ticks.Add(1), ackOrder: p.acked})
}

// readRecord is a record as GetRecords returned it.
type readRecord struct {
	payload string
	key     string
	shard   string
	seq     *big.Int
}

// readStream reads every shard of the stream from TRIM_HORIZON to its end,
// following the children of closed shards.
func readStream(t *testing.T, c *kinesis.Client, name string) []readRecord {
	t.Helper()
	ctx := context.Background()
	shards, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: &name})
	if err != nil {
		t.Fatalf("list shards: %v", err)
	}
	var queue []string
	for _, s := range shards.Shards {
		queue = append(queue, aws.ToString(s.ShardId))
	}
	seen := map[string]bool{}
	var all []readRecord
	for len(queue) > 0 {
		shard := queue[0]
		queue = queue[1:]
		if seen[shard] {
			continue
		}
		seen[shard] = true
		records, children := readShard(t, c, name, shard)
		all = append(all, records...)
		queue = append(queue, children...)
	}
	return all
}

// readShard reads one shard until it is caught up (or, when closed, to its
// end) and checks that its sequence numbers increase.
func readShard(t *testing.T, c *kinesis.Client, name, shard string) ([]readRecord, []string) {
	t.Helper()
	ctx := context.Background()
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: &name, ShardId: &shard,
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatalf("get shard iterator %s: %v", shard, err)
	}
	iter := it.ShardIterator
	var out []readRecord
	var last *big.Int
	for calls := 0; ; calls++ {
		if calls > 1000 {
			t.Fatalf("shard %s: still reading after %d GetRecords calls", shard, calls)
		}
		res, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(10000)})
		if err != nil {
			t.Fatalf("get records %s: %v", shard, err)
		}
		for _, r := range res.Records {
			seq, ok := new(big.Int).SetString(aws.ToString(r.SequenceNumber), 10)
			if !ok {
				t.Fatalf("shard %s: sequence number %q is not a decimal integer", shard, aws.ToString(r.SequenceNumber))
			}
			if last != nil && seq.Cmp(last) <= 0 {
				t.Errorf("shard %s: sequence number %s follows %s", shard, seq, last)
			}
			last = seq
			out = append(out, readRecord{payload: string(r.Data), key: aws.ToString(r.PartitionKey), shard: shard, seq: seq})
		}
		if res.NextShardIterator == nil {
			var children []string
			for _, ch := range res.ChildShards {
				children = append(children, aws.ToString(ch.ShardId))
			}
			return out, children
		}
		if len(res.Records) == 0 && aws.ToInt64(res.MillisBehindLatest) == 0 {
			return out, nil
		}
		iter = res.NextShardIterator
	}
}

// checkStream compares what the stream holds with what the producers were
// told.
func checkStream(t *testing.T, l *putLedger, read []readRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	found := map[string]readRecord{}
	var dups, unexpected, rejected, mismatched []string
	for _, r := range read {
		if _, ok := found[r.payload]; ok {
			dups = append(dups, r.payload)
		}
		found[r.payload] = r
		if !l.attempted[r.payload] {
			unexpected = append(unexpected, r.payload)
		}
		if l.rejected[r.payload] {
			rejected = append(rejected, r.payload)
		}
	}
	var lost []string
	for p, a := range l.acked {
		r, ok := found[p]
		switch {
		case !ok:
			lost = append(lost, p)
		case r.shard != a.shard || r.seq.Cmp(a.seq) != 0 || r.key != a.key:
			mismatched = append(mismatched, fmt.Sprintf("%s acked %s/%s/%s read %s/%s/%s", p, a.key, a.shard, a.seq, r.key, r.shard, r.seq))
		}
	}
	t.Logf("acknowledged %d records, attempted %d payloads, read %d records; kills at ticks %v of %d",
		len(l.acked), len(l.attempted), len(read), l.kills, l.ticks.Load())
	report := func(what string, list []string) {
		if len(list) > 0 {
			sort.Strings(list)
			t.Errorf("%d %s, e.g. %s", len(list), what, strings.Join(list[:min(5, len(list))], "; "))
		}
	}
	report("acknowledged records lost", lost)
	report("records read more than once", dups)
	report("records never sent", unexpected)
	report("records the server said it failed but stored", rejected)
	report("records whose shard, key or sequence number differ from their acknowledgement", mismatched)
	report("partition keys out of acknowledgement order", keyOrderViolations(l.acked))
	report("sequence numbers lower than a record acknowledged before they were sent", realTimeViolations(l.acked))
	if len(l.acked) != streamProducers*recordsPerProducer {
		t.Errorf("%d records acknowledged, want %d", len(l.acked), streamProducers*recordsPerProducer)
	}
	if len(l.kills) < 2 {
		t.Errorf("only %d kills: the test did not exercise restarts", len(l.kills))
	}
}

// keyOrderViolations lists keys whose records, taken in acknowledgement
// order, are not in one shard in increasing sequence order.
func keyOrderViolations(acked map[string]*putAck) []string {
	byKey := map[string][]*putAck{}
	for _, a := range acked {
		byKey[a.key] = append(byKey[a.key], a)
	}
	var bad []string
	for key, list := range byKey {
		sort.Slice(list, func(i, j int) bool { return list[i].ackOrder < list[j].ackOrder })
		for i := 1; i < len(list); i++ {
			if list[i].shard != list[i-1].shard || list[i].seq.Cmp(list[i-1].seq) <= 0 {
				bad = append(bad, fmt.Sprintf("%s: %s (%s %s) after %s (%s %s)", key,
					list[i].payload, list[i].shard, list[i].seq, list[i-1].payload, list[i-1].shard, list[i-1].seq))
				break
			}
		}
	}
	return bad
}

// realTimeViolations lists records whose sequence number is lower than that
// of a record in the same shard that was acknowledged before they were
// sent; the kills fall between such pairs, so this checks that sequence
// numbers keep increasing across restarts.
func realTimeViolations(acked map[string]*putAck) []string {
	byShard := map[string][]*putAck{}
	for _, a := range acked {
		byShard[a.shard] = append(byShard[a.shard], a)
	}
	var bad []string
	for shard, list := range byShard {
		sort.Slice(list, func(i, j int) bool { return list[i].seq.Cmp(list[j].seq) < 0 })
		var latest *putAck // highest sentAt among lower sequence numbers
		for _, a := range list {
			if latest != nil && a.ackedAt < latest.sentAt {
				bad = append(bad, fmt.Sprintf("%s: %s (seq %s, acked at tick %d) below %s (seq %s, sent at tick %d)",
					shard, a.payload, a.seq, a.ackedAt, latest.payload, latest.seq, latest.sentAt))
				break
			}
			if latest == nil || a.sentAt > latest.sentAt {
				latest = a
			}
		}
	}
	return bad
}

// TestStreamCheckersFlagViolations feeds the order checkers acknowledgements
// that break each rule, so a passing crash test means something.
func TestStreamCheckersFlagViolations(t *testing.T) {
	t.Parallel()
	ack := func(payload, key, shard string, seq int64, sent, acked int64, order int) *putAck {
		return &putAck{payload: payload, key: key, shard: shard, seq: big.NewInt(seq), sentAt: sent, ackedAt: acked, ackOrder: order}
	}
	good := map[string]*putAck{
		"a": ack("a", "k", "s0", 10, 1, 2, 1),
		"b": ack("b", "k", "s0", 20, 3, 4, 2),
		"c": ack("c", "j", "s0", 15, 1, 5, 1), // concurrent with b: either order is fine
	}
	if v := keyOrderViolations(good); len(v) != 0 {
		t.Errorf("key order flagged a valid history: %v", v)
	}
	if v := realTimeViolations(good); len(v) != 0 {
		t.Errorf("real-time order flagged a valid history: %v", v)
	}
	reordered := map[string]*putAck{
		"a": ack("a", "k", "s0", 20, 1, 2, 1),
		"b": ack("b", "k", "s0", 10, 3, 4, 2), // sent after a was acknowledged, lower sequence number
	}
	if v := keyOrderViolations(reordered); len(v) != 1 {
		t.Errorf("key order: got %v, want one violation", v)
	}
	if v := realTimeViolations(reordered); len(v) != 1 {
		t.Errorf("real-time order: got %v, want one violation", v)
	}
}
