package stream

import (
	"context"
	"errors"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Record is a record as GetRecords and SubscribeToShard return it.
type Record struct {
	SequenceNumber string
	ArrivedAt      time.Time
	Data           []byte
	PartitionKey   string
	EncryptionType string
}

// ChildShard is a shard created from the shard that was read, listed once
// a reader reaches the end of a closed shard.
type ChildShard struct {
	ShardID         string
	ParentShards    []string
	StartingHashKey string
	EndingHashKey   string
}

// GetRecordsParams are the inputs of GetRecords.
type GetRecordsParams struct {
	// Account is the caller's account; iterators of other accounts are
	// refused.
	Account       string
	ShardIterator string
	// Limit is 1..10000; 0 means 10000.
	Limit int
	// StreamARN, when given, must name the iterator's stream.
	StreamARN string
}

// GetRecordsResult is the output of GetRecords.
type GetRecordsResult struct {
	Records []Record
	// NextShardIterator is empty once a closed shard has been read to its
	// end; ChildShards is set then.
	NextShardIterator  string
	MillisBehindLatest int64
	ChildShards        []ChildShard
}

// GetRecords reads records from the position an iterator holds and
// returns an iterator for what follows. Records older than the stream's
// retention are never returned.
func (s *Service) GetRecords(ctx context.Context, p *GetRecordsParams) (*GetRecordsResult, error) {
	it, err := s.openIterator(p)
	if err != nil {
		return nil, err
	}
	ref := it.Stream
	v, err := s.load(ctx, ref)
	if errors.Is(err, ErrResourceNotFound) {
		return nil, errShardDoesNotExist(ref, ShardID(it.Shard))
	}
	if err != nil {
		return nil, err
	}
	if v.st.CreatedAt.UnixMilli() != it.StreamCreated.UnixMilli() {
		return nil, errShardDoesNotExist(ref, ShardID(it.Shard))
	}
	sh := v.shard(it.Shard)
	if sh == nil || !v.readable() {
		return nil, errShardDoesNotExist(ref, ShardID(it.Shard))
	}
	now := s.clock.Now()
	if !s.admitGet(v, sh, now) {
		s.opts.Observer.ReadThrottled(ref)
		return nil, errStreamRate(ref)
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 10000
	}
	r, err := s.readShard(ctx, v, sh, store.RecordPosition{Shard: sh.Index, Counter: it.From, ArrivedAt: it.FromHint},
		limit, maxGetRecordsBytes)
	if err != nil {
		return nil, err
	}
	s.chargeGet(v, sh, r.bytes, now)
	s.opts.Observer.Got(ref, len(r.records), r.bytes, iteratorAge(r.records, now))
	out := &GetRecordsResult{Records: r.records, MillisBehindLatest: r.millisBehind}
	if r.exhausted {
		out.ChildShards = childShards(v, sh.Index)
		return out, nil
	}
	out.NextShardIterator = s.tokens.encodeIterator(iterator{Stream: ref, StreamCreated: v.st.CreatedAt,
		Shard: sh.Index, From: r.next.Counter, FromHint: r.next.ArrivedAt, Issued: now})
	return out, nil
}

// iteratorAge is CloudWatch's GetRecords.IteratorAgeMilliseconds of one
// read: how long ago its last record arrived, zero when it read none.
func iteratorAge(records []Record, now time.Time) time.Duration {
	if len(records) == 0 {
		return 0
	}
	return max(0, now.Sub(records[len(records)-1].ArrivedAt))
}

// openIterator checks an iterator's seal, owner and age.
func (s *Service) openIterator(p *GetRecordsParams) (iterator, error) {
	it, ok := s.tokens.decodeIterator(p.ShardIterator)
	if !ok || it.Stream.Account != p.Account {
		return iterator{}, errInvalidIterator()
	}
	if p.StreamARN != "" && p.StreamARN != s.StreamARN(it.Stream) {
		return iterator{}, errInvalidIterator()
	}
	now := s.clock.Now()
	if now.Sub(it.Issued) > IteratorTTL {
		return iterator{}, errorf(ErrExpiredIterator, "Iterator expired. The iterator was created at time %s while "+
			"right now it is %s which is further in the future than the tolerated delay of %d milliseconds.",
			javaDate(it.Issued), javaDate(now), IteratorTTL.Milliseconds())
	}
	return it, nil
}

// javaDate formats t as Java's Date.toString does in UTC, which is how
// Kinesis words times in its messages: Wed Jan 15 05:31:22 UTC 2020.
func javaDate(t time.Time) string { return t.UTC().Format("Mon Jan 02 15:04:05 UTC 2006") }

// shardRead is one read of a shard.
type shardRead struct {
	records []Record
	// next is the store position to continue from.
	next         store.RecordPosition
	bytes        int
	millisBehind int64
	// exhausted is set when the shard is closed and nothing is left.
	exhausted bool
}

// readShard reads records of a shard from a position, skipping records
// older than the retention period.
func (s *Service) readShard(ctx context.Context, v *view, sh *store.Shard, from store.RecordPosition, limit, maxBytes int) (*shardRead, error) {
	ref := v.st.Ref
	res, err := s.store.ShardRecordsGet(ctx, &store.ShardRecordsGetParams{Stream: ref, Shard: sh.Index,
		From: from, Limit: limit, MaxBytes: maxBytes})
	if err != nil {
		return nil, fromStore(err, ref)
	}
	now := s.clock.Now()
	horizon := now.Add(-time.Duration(v.m.RetentionHours) * time.Hour)
	r := &shardRead{next: from}
	for _, rec := range res.Records {
		if rec.Position.Counter >= r.next.Counter {
			r.next = store.RecordPosition{Shard: sh.Index, Counter: rec.Position.Counter + 1, ArrivedAt: rec.Position.ArrivedAt}
		}
		if rec.Position.ArrivedAt.Before(horizon) {
			continue
		}
		r.records = append(r.records, Record{SequenceNumber: recordSeqNum(sh, rec.Position),
			ArrivedAt: rec.Position.ArrivedAt, Data: rec.Data, PartitionKey: rec.PartitionKey,
			EncryptionType: v.m.EncryptionType})
		r.bytes += len(rec.Data)
	}
	caughtUp := res.Empty || r.next.Counter > res.Last.Counter
	r.exhausted = caughtUp && !sh.ClosedAt.IsZero()
	if n := len(res.Records); !caughtUp && n > 0 {
		r.millisBehind = max(0, now.Sub(res.Records[n-1].Position.ArrivedAt).Milliseconds())
	}
	return r, nil
}

// childShards lists the shards made from shard parent.
func childShards(v *view, parent int) []ChildShard {
	var children []ChildShard
	for i := range v.st.Shards {
		sh := &v.st.Shards[i]
		if sh.Parent != parent && sh.AdjacentParent != parent {
			continue
		}
		c := ChildShard{ShardID: ShardID(sh.Index), StartingHashKey: hashKeyString(sh.HashStart),
			EndingHashKey: hashKeyString(sh.HashEnd)}
		c.ParentShards = append(c.ParentShards, ShardID(sh.Parent))
		if sh.AdjacentParent >= 0 {
			c.ParentShards = append(c.ParentShards, ShardID(sh.AdjacentParent))
		}
		children = append(children, c)
	}
	return children
}
