package stream

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/sluicemq/sluice/internal/store"
)

// Per-shard limits of a provisioned Kinesis shard, enforced when
// Options.EnforceThroughput is set. Reads run on debt: a large read is
// allowed while the byte bucket is not negative and then keeps the shard
// refusing reads until the bucket refills, as AWS does after a 10 MiB
// GetRecords.
const (
	inBytesPerSecond   = 1 << 20
	inRecordsPerSecond = 1000
	outBytesPerSecond  = 2 << 20
	outCallsPerSecond  = 5
	outBytesBurst      = maxGetRecordsBytes
)

// shardKey names one shard of one stream.
type shardKey struct {
	stream StreamRef
	shard  int
}

// shardLimits are the token buckets of one shard.
type shardLimits struct {
	inBytes   *rate.Limiter
	inRecords *rate.Limiter
	outBytes  *rate.Limiter
	outCalls  *rate.Limiter
}

// limiters holds the buckets of every shard that has seen traffic.
type limiters struct {
	mu     sync.Mutex
	shards map[shardKey]*shardLimits
}

func newLimiters() *limiters { return &limiters{shards: make(map[shardKey]*shardLimits)} }

// get returns a shard's buckets, made on first use. The inbound byte burst
// is the stream's maximum record size, so one large record always fits.
func (l *limiters) get(k shardKey, maxRecord int, now time.Time) *shardLimits {
	sl, ok := l.shards[k]
	if !ok {
		sl = &shardLimits{
			inBytes:   rate.NewLimiter(inBytesPerSecond, max(inBytesPerSecond, maxRecord)),
			inRecords: rate.NewLimiter(inRecordsPerSecond, inRecordsPerSecond),
			outBytes:  rate.NewLimiter(outBytesPerSecond, outBytesBurst),
			outCalls:  rate.NewLimiter(outCallsPerSecond, outCallsPerSecond),
		}
		l.shards[k] = sl
	}
	if burst := max(inBytesPerSecond, maxRecord); sl.inBytes.Burst() != burst {
		sl.inBytes.SetBurstAt(now, burst)
	}
	return sl
}

// forget drops the buckets of a deleted stream.
func (l *limiters) forget(ref StreamRef) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k := range l.shards {
		if k.stream == ref {
			delete(l.shards, k)
		}
	}
}

// admitPut takes the tokens for one record of size bytes, or reports that
// the shard is over its write limit. Nothing is taken when it refuses.
func (s *Service) admitPut(v *view, sh *store.Shard, size int, now time.Time) bool {
	if s.limits == nil {
		return true
	}
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	sl := s.limits.get(shardKey{stream: v.st.Ref, shard: sh.Index}, v.m.MaxRecordSizeKiB*1024, now)
	if sl.inRecords.TokensAt(now) < 1 || sl.inBytes.TokensAt(now) < float64(size) {
		return false
	}
	sl.inRecords.AllowN(now, 1)
	sl.inBytes.AllowN(now, size)
	return true
}

// admitGet takes a GetRecords call token, or reports that the shard is over
// its read limit (calls per second, or bytes still owed).
func (s *Service) admitGet(v *view, sh *store.Shard, now time.Time) bool {
	if s.limits == nil {
		return true
	}
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	sl := s.limits.get(shardKey{stream: v.st.Ref, shard: sh.Index}, v.m.MaxRecordSizeKiB*1024, now)
	if sl.outBytes.TokensAt(now) < 0 {
		return false
	}
	return sl.outCalls.AllowN(now, 1)
}

// chargeGet takes the bytes a read returned, possibly into debt.
func (s *Service) chargeGet(v *view, sh *store.Shard, n int, now time.Time) {
	if s.limits == nil || n == 0 {
		return
	}
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	sl := s.limits.get(shardKey{stream: v.st.Ref, shard: sh.Index}, v.m.MaxRecordSizeKiB*1024, now)
	sl.outBytes.ReserveN(now, min(n, outBytesBurst))
}
