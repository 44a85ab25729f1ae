package stream

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Data-plane bounds.
const (
	maxPutRecordsBytes = 10 << 20
	maxGetRecordsBytes = 10 << 20
	// IteratorTTL is how long a shard iterator stays valid.
	IteratorTTL = 5 * time.Minute
	// putAttempts bounds the retries of a put that raced with resharding.
	putAttempts = 4
)

// Shard iterator types.
const (
	IteratorAtSequenceNumber    = "AT_SEQUENCE_NUMBER"
	IteratorAfterSequenceNumber = "AFTER_SEQUENCE_NUMBER"
	IteratorTrimHorizon         = "TRIM_HORIZON"
	IteratorLatest              = "LATEST"
	IteratorAtTimestamp         = "AT_TIMESTAMP"
)

// PutRecordParams are the inputs of PutRecord.
type PutRecordParams struct {
	Stream       StreamRef
	Data         []byte
	PartitionKey string
	// ExplicitHashKey, when not empty, is the decimal hash key that
	// overrides the partition key's.
	ExplicitHashKey string
	// SequenceNumberForOrdering, when not empty, must be a number Kinesis
	// reads as a sequence number (seqparse.go) that did not arrive in the
	// future; records of a shard are always in order anyway.
	SequenceNumberForOrdering string
}

// PutResult says where a record went.
type PutResult struct {
	ShardID        string
	SequenceNumber string
	EncryptionType string
}

// PutRecord appends one record to the open shard whose hash key range
// holds its hash key.
func (s *Service) PutRecord(ctx context.Context, p *PutRecordParams) (*PutResult, error) {
	if p.SequenceNumberForOrdering != "" {
		if q, ok := parseSeqNum(p.SequenceNumberForOrdering); !ok || q.inFuture(s.clock.Now()) {
			return nil, errorf(ErrInvalidArgument,
				"ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.",
				p.SequenceNumberForOrdering, p.Stream.Name, p.Stream.Account)
		}
	}
	entry := PutRecordsEntry{Data: p.Data, PartitionKey: p.PartitionKey, ExplicitHashKey: p.ExplicitHashKey}
	res, err := s.put(ctx, p.Stream, []PutRecordsEntry{entry}, true)
	if err != nil {
		return nil, err
	}
	r := res.Entries[0]
	return &PutResult{ShardID: r.ShardID, SequenceNumber: r.SequenceNumber, EncryptionType: res.EncryptionType}, nil
}

// PutRecordsEntry is one record of PutRecords.
type PutRecordsEntry struct {
	Data            []byte
	PartitionKey    string
	ExplicitHashKey string
}

// PutRecordsResultEntry is the outcome of one record: a shard and sequence
// number, or an error code and message.
type PutRecordsResultEntry struct {
	ShardID        string
	SequenceNumber string
	ErrorCode      string
	ErrorMessage   string
}

// PutRecordsResult is the output of PutRecords.
type PutRecordsResult struct {
	FailedRecordCount int
	Entries           []PutRecordsResultEntry
	EncryptionType    string
}

// PutRecords appends records, each to the shard its hash key selects. The
// records that pass are written atomically; records refused by a shard's
// throughput limit are reported per entry.
func (s *Service) PutRecords(ctx context.Context, ref StreamRef, entries []PutRecordsEntry) (*PutRecordsResult, error) {
	total := 0
	for _, e := range entries {
		total += len(e.Data) + len(e.PartitionKey)
	}
	if total > maxPutRecordsBytes {
		return nil, errorf(ErrInvalidArgument, "Records size exceeds 10 MB limit")
	}
	return s.put(ctx, ref, entries, false)
}

// routed is a record on its way to a shard.
type routed struct {
	entry int
	shard *store.Shard
	key   hashKey
}

// put routes, admits and appends records. single makes a throughput
// refusal an error of the call instead of a per-entry failure.
func (s *Service) put(ctx context.Context, ref StreamRef, entries []PutRecordsEntry, single bool) (*PutRecordsResult, error) {
	keys := make([]hashKey, len(entries))
	for i, e := range entries {
		k, err := recordHashKey(e)
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	for attempt := 1; ; attempt++ {
		res, err := s.putOnce(ctx, ref, entries, keys, single)
		if (errors.Is(err, store.ErrShardClosed) || errors.Is(err, store.ErrShardNotFound)) && attempt < putAttempts {
			continue // resharded meanwhile: route again
		}
		return res, err
	}
}

func recordHashKey(e PutRecordsEntry) (hashKey, error) {
	if e.ExplicitHashKey == "" {
		return partitionHashKey(e.PartitionKey), nil
	}
	k, ok := parseHashKey(e.ExplicitHashKey)
	if !ok {
		return hashKey{}, errorf(ErrInvalidArgument,
			"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was %s",
			e.ExplicitHashKey)
	}
	return k, nil
}

func (s *Service) putOnce(ctx context.Context, ref StreamRef, entries []PutRecordsEntry, keys []hashKey,
	single bool) (*PutRecordsResult, error) {
	v, err := s.load(ctx, ref)
	if err != nil {
		return nil, err
	}
	if !v.readable() {
		return nil, errStreamNotFound(ref)
	}
	if err := checkRecordSizes(v, entries); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	res := &PutRecordsResult{Entries: make([]PutRecordsResultEntry, len(entries)), EncryptionType: v.m.EncryptionType}
	var admitted []routed
	for i, e := range entries {
		sh := routeShard(v, keys[i])
		if sh == nil {
			return nil, errorf(ErrInternalFailure, "Internal Service Failure")
		}
		if !s.admitPut(v, sh, len(e.Data)+len(e.PartitionKey), now) {
			s.opts.Observer.WriteThrottled(ref, 1)
			if single {
				return nil, errShardRate(ref, ShardID(sh.Index))
			}
			res.FailedRecordCount++
			res.Entries[i] = PutRecordsResultEntry{ErrorCode: "ProvisionedThroughputExceededException",
				ErrorMessage: errShardRate(ref, ShardID(sh.Index)).Error()}
			continue
		}
		admitted = append(admitted, routed{entry: i, shard: sh, key: keys[i]})
	}
	if len(admitted) == 0 {
		return res, nil
	}
	in := make([]store.RecordInput, len(admitted))
	bytes := 0
	for k, r := range admitted {
		e := entries[r.entry]
		in[k] = store.RecordInput{Shard: r.shard.Index, PartitionKey: e.PartitionKey, HashKey: r.key, Data: e.Data}
		bytes += len(e.Data) + len(e.PartitionKey)
	}
	positions, err := s.store.RecordPut(ctx, &store.RecordPutParams{Stream: ref, Now: now, Records: in})
	if err != nil {
		return nil, fromStore(err, ref)
	}
	s.opts.Observer.Put(ref, len(in), bytes)
	s.observeShards(ref, admitted)
	for k, r := range admitted {
		res.Entries[r.entry] = PutRecordsResultEntry{ShardID: ShardID(r.shard.Index),
			SequenceNumber: recordSeqNum(r.shard, positions[k])}
		s.signals.notify(shardKey{stream: ref, shard: r.shard.Index})
	}
	return res, nil
}

// checkRecordSizes enforces the stream's maximum record size, which counts
// the data and the partition key.
func checkRecordSizes(v *view, entries []PutRecordsEntry) error {
	limit := v.m.MaxRecordSizeKiB * 1024
	for _, e := range entries {
		if len(e.Data) > limit {
			return errorf(ErrValidation, "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]' "+
				"at 'data' failed to satisfy constraint: Member must have length less than or equal to %d",
				len(e.Data), len(e.Data), limit)
		}
		if size := len(e.Data) + len(e.PartitionKey); size > limit {
			return errorf(ErrInvalidArgument, "Record size %d bytes (data plus partition key) exceeds the maximum record "+
				"size of %d KiB of stream %s under account %s.", size, v.m.MaxRecordSizeKiB, v.st.Ref.Name, v.st.Ref.Account)
		}
	}
	return nil
}

// routeShard returns the open shard whose range holds k.
func routeShard(v *view, k hashKey) *store.Shard {
	for i := range v.st.Shards {
		sh := &v.st.Shards[i]
		if sh.ClosedAt.IsZero() && inRange(k, sh.HashStart, sh.HashEnd) {
			return sh
		}
	}
	return nil
}

// GetShardIteratorParams are the inputs of GetShardIterator.
type GetShardIteratorParams struct {
	Stream                 StreamRef
	ShardID                string
	Type                   string
	StartingSequenceNumber string
	Timestamp              *time.Time
}

// GetShardIterator returns an iterator positioned in a shard; it expires
// IteratorTTL after issue.
func (s *Service) GetShardIterator(ctx context.Context, p *GetShardIteratorParams) (string, error) {
	idx, ok := parseShardID(p.ShardID)
	if !ok {
		return "", errShardNotFound(p.Stream, p.ShardID)
	}
	v, err := s.load(ctx, p.Stream)
	if errors.Is(err, ErrResourceNotFound) {
		return "", errShardDoesNotExist(p.Stream, ShardID(idx))
	}
	if err != nil {
		return "", err
	}
	sh := v.shard(idx)
	if sh == nil || !v.readable() {
		return "", errShardDoesNotExist(p.Stream, ShardID(idx))
	}
	from, err := s.startPosition(ctx, v, sh, p.Type, p.StartingSequenceNumber, p.Timestamp, "GetShardIterator")
	if err != nil {
		return "", err
	}
	return s.tokens.encodeIterator(iterator{Stream: p.Stream, StreamCreated: v.st.CreatedAt, Shard: idx,
		From: from.Counter, FromHint: from.ArrivedAt, Issued: s.clock.Now()}), nil
}

// startPosition turns an iterator type and its arguments into the store
// position of the first record to read (its counter, and an arrival time
// at or before the record's as a seek hint).
func (s *Service) startPosition(ctx context.Context, v *view, sh *store.Shard, typ, seq string, ts *time.Time,
	op string) (store.RecordPosition, error) {
	at := func(counter uint64, hint time.Time) store.RecordPosition {
		return store.RecordPosition{Shard: sh.Index, Counter: counter, ArrivedAt: hint}
	}
	ref := v.st.Ref
	switch typ {
	case IteratorAtSequenceNumber, IteratorAfterSequenceNumber:
		if seq == "" {
			return store.RecordPosition{}, errorf(ErrInvalidArgument, "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER "+
				"and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "+
				"Request specified %s and no StartingSequenceNumber.", typ)
		}
		q, err := checkStartingSeqNum(ref, sh, seq, op)
		if err != nil {
			return store.RecordPosition{}, err
		}
		if typ == IteratorAfterSequenceNumber {
			return at(q.Counter, q.arrivedAt()), nil
		}
		return at(max(q.Counter, 1)-1, q.arrivedAt()), nil
	case IteratorTrimHorizon, IteratorLatest:
		if seq != "" {
			return store.RecordPosition{}, errorf(ErrInvalidArgument, "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER "+
				"and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "+
				"Request specified %s and also a StartingSequenceNumber.", typ)
		}
		if typ == IteratorTrimHorizon {
			return at(0, time.Time{}), nil
		}
		return s.latestPosition(ctx, ref, sh.Index)
	case IteratorAtTimestamp:
		return s.timestampPosition(ctx, ref, sh.Index, ts)
	default:
		return store.RecordPosition{}, errorf(ErrInvalidArgument, "Invalid ShardIteratorType %s.", typ)
	}
}

// checkStartingSeqNum parses a sequence number given for a shard and checks
// that it belongs to it, in AWS's order and words: a number Kinesis cannot
// read, one of another shard, one of another stream or layout.
func checkStartingSeqNum(ref StreamRef, sh *store.Shard, seq, op string) (parsedSeqNum, error) {
	q, ok := parseSeqNum(seq)
	if !ok {
		return parsedSeqNum{}, errorf(ErrInvalidArgument, "StartingSequenceNumber %s used in %s on shard %s in stream %s "+
			"under account %s is invalid.", seq, op, ShardID(sh.Index), ref.Name, ref.Account)
	}
	if q.Shard != int64(sh.Index) {
		return parsedSeqNum{}, errorf(ErrInvalidArgument, "Invalid StartingSequenceNumber. It encodes %s, while it was used "+
			"in a call to a shard with %s", q.shardName(), ShardID(sh.Index))
	}
	// AWS answers InternalFailure for a version 0 number here; it is the
	// client's mistake, so it gets the words of any other stream's number.
	if q.Version != 2 || q.ShardCreated != sh.CreatedAt.Unix() {
		return parsedSeqNum{}, errorf(ErrInvalidArgument, "StartingSequenceNumber %s used in %s on shard %s in stream %s "+
			"under account %s is invalid because it did not come from this stream.",
			seq, op, ShardID(sh.Index), ref.Name, ref.Account)
	}
	return q, nil
}

// latestPosition is the position just past the newest record of a shard.
// It asks for a record past every counter and time, so the store answers
// with its newest position without reading any record.
func (s *Service) latestPosition(ctx context.Context, ref StreamRef, shard int) (store.RecordPosition, error) {
	res, err := s.store.ShardRecordsGet(ctx, &store.ShardRecordsGetParams{Stream: ref, Shard: shard,
		From: store.RecordPosition{Shard: shard, Counter: math.MaxUint64, ArrivedAt: farFuture}, Limit: 1})
	if err != nil {
		return store.RecordPosition{}, fromStore(err, ref)
	}
	if res.Empty {
		return store.RecordPosition{Shard: shard}, nil
	}
	return store.RecordPosition{Shard: shard, Counter: res.Last.Counter + 1, ArrivedAt: res.Last.ArrivedAt}, nil
}

// farFuture is later than any record's arrival.
var farFuture = time.Unix(1<<40, 0)

func (s *Service) timestampPosition(ctx context.Context, ref StreamRef, shard int, ts *time.Time) (store.RecordPosition, error) {
	if ts == nil {
		return store.RecordPosition{}, errorf(ErrInvalidArgument, "Must specify timestampInMillis parameter for iterator of type "+
			"AT_TIMESTAMP. Current request has no timestamp parameter.")
	}
	now := s.clock.Now()
	if ts.After(now) {
		return store.RecordPosition{}, errorf(ErrInvalidArgument, "The timestampInMillis parameter cannot be greater than the "+
			"currentTimestampInMillis. timestampInMillis: %d, currentTimestampInMillis: %d", ts.UnixMilli(), now.UnixMilli())
	}
	pos, err := s.store.ShardSeek(ctx, &store.ShardSeekParams{Stream: ref, Shard: shard, At: *ts})
	if err != nil {
		return store.RecordPosition{}, fromStore(err, ref)
	}
	return pos, nil
}
