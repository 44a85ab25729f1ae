package store

import (
	"context"
	"errors"
	"time"
)

// StreamStore persists Kinesis streams, their shards and records.
//
// Stream metadata (status, shards and their lineage, retention, tags,
// consumers, settings) is a document the stream package owns and changes as a
// whole with StreamUpdate; the store keeps it atomic and durable. Records are
// the data plane: appended per shard with sequence numbers that strictly
// increase per shard and are never reused, even across restarts, and read
// back in order from a position.
type StreamStore interface {
	// StreamCreate stores a new stream, or returns the existing one and
	// ErrStreamExists.
	StreamCreate(ctx context.Context, s *Stream) (*Stream, error)
	// StreamGet returns a stream or ErrStreamNotFound.
	StreamGet(ctx context.Context, ref StreamRef) (*Stream, error)
	// StreamList returns an account's streams ordered by name, starting
	// after After, at most Limit (0 = no limit).
	StreamList(ctx context.Context, p *StreamListParams) ([]*Stream, error)
	// StreamRefs returns every stream of every account, in no particular
	// order; it is for background maintenance (the retention trimmer),
	// which must reach streams of accounts no request has named yet.
	StreamRefs(ctx context.Context) ([]StreamRef, error)
	// StreamUpdate applies fn to the current stream and stores the result
	// atomically; fn's error aborts the update and is returned as is.
	StreamUpdate(ctx context.Context, ref StreamRef, fn func(*Stream) error) (*Stream, error)
	// StreamDelete removes a stream, all its records and its groups.
	StreamDelete(ctx context.Context, ref StreamRef) error

	// RecordPut appends records to shards atomically: all or none. Each
	// record gets the next sequence position of its shard; the result has
	// one entry per record, in order. A shard must exist and be open
	// (ErrShardNotFound, ErrShardClosed).
	RecordPut(ctx context.Context, p *RecordPutParams) ([]RecordPosition, error)
	// ShardRecordsGet reads up to Limit records of one shard from a position.
	ShardRecordsGet(ctx context.Context, p *ShardRecordsGetParams) (*ShardRecordsGetResult, error)
	// ShardSeek finds the first position of a shard whose arrival time is at
	// or after At (AT_TIMESTAMP).
	ShardSeek(ctx context.Context, p *ShardSeekParams) (RecordPosition, error)
	// StreamTrim deletes every record of the stream that arrived before
	// Before, freeing its space, and returns how many it deleted (or an
	// estimate when the backend deletes by range).
	StreamTrim(ctx context.Context, ref StreamRef, before time.Time) (int64, error)

	// GroupStore keeps the streams' consumer groups.
	GroupStore
}

// Stream sentinel errors.
var (
	ErrStreamNotFound = errors.New("store: stream not found")
	ErrStreamExists   = errors.New("store: stream already exists")
	ErrShardNotFound  = errors.New("store: shard not found")
	ErrShardClosed    = errors.New("store: shard is closed")
)

// StreamRef names a stream: its owning account and its name.
type StreamRef struct {
	Account string
	Name    string
}

// Stream is the stored metadata document of a stream. Fields the store does
// not interpret are carried in Meta, which the stream package encodes.
type Stream struct {
	Ref       StreamRef
	CreatedAt time.Time
	// Shards lists every shard ever created, open or closed, by index.
	Shards []Shard
	// Meta is the rest of the stream's metadata (status, mode, retention,
	// tags, consumers, encryption, monitoring, limits), opaque to the store.
	Meta []byte
}

// Shard is one shard of a stream. Index is its number in shardId-NNNNNNNNNNNN.
type Shard struct {
	Index int
	// Parent and AdjacentParent are parent shard indexes, -1 when absent.
	Parent         int
	AdjacentParent int
	// HashStart and HashEnd bound the shard's hash key range, inclusive,
	// as 128-bit big-endian numbers.
	HashStart [16]byte
	HashEnd   [16]byte
	CreatedAt time.Time
	// ClosedAt is zero while the shard is open.
	ClosedAt time.Time
}

// StreamListParams are the inputs of StreamList.
type StreamListParams struct {
	Account string
	After   string
	Limit   int
}

// RecordPosition is a record's place in its shard: the arrival time the
// store assigned (never earlier than the previous record's in that shard)
// and a per-shard counter that strictly increases and is never reused. The
// stream package derives the public sequence number from both.
type RecordPosition struct {
	Shard     int
	ArrivedAt time.Time
	Counter   uint64
}

// RecordPutParams are the inputs of RecordPut.
type RecordPutParams struct {
	Stream  StreamRef
	Now     time.Time
	Records []RecordInput
}

// RecordInput is one record to append.
type RecordInput struct {
	Shard        int
	PartitionKey string
	// HashKey is the record's 128-bit hash key, big-endian.
	HashKey [16]byte
	Data    []byte
}

// Record is a stored record.
type Record struct {
	Position     RecordPosition
	PartitionKey string
	HashKey      [16]byte
	Data         []byte
}

// ShardRecordsGetParams are the inputs of ShardRecordsGet.
type ShardRecordsGetParams struct {
	Stream StreamRef
	Shard  int
	// From is the first position to return; records at or after it (by
	// Counter) are returned. After excludes From itself.
	From  RecordPosition
	After bool
	Limit int
	// MaxBytes caps the total data returned (0 = no cap); at least one
	// record is returned when one exists.
	MaxBytes int
}

// ShardRecordsGetResult is the output of ShardRecordsGet.
type ShardRecordsGetResult struct {
	Records []Record
	// Next is the position to continue from (read with After=false).
	Next RecordPosition
	// Last is the position of the newest record in the shard, zero when the
	// shard is empty; readers use it for MillisBehindLatest and to know a
	// closed shard is exhausted.
	Last RecordPosition
	// Empty is true when the shard holds no records at all.
	Empty bool
}

// ShardSeekParams are the inputs of ShardSeek.
type ShardSeekParams struct {
	Stream StreamRef
	Shard  int
	At     time.Time
}
