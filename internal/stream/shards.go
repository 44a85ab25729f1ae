package stream

import (
	"context"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Shard filter types of ListShards.
const (
	FilterAfterShardID    = "AFTER_SHARD_ID"
	FilterAtTrimHorizon   = "AT_TRIM_HORIZON"
	FilterFromTrimHorizon = "FROM_TRIM_HORIZON"
	FilterAtLatest        = "AT_LATEST"
	FilterAtTimestamp     = "AT_TIMESTAMP"
	FilterFromTimestamp   = "FROM_TIMESTAMP"
)

// maxListShards is both the default and the largest page of ListShards.
const maxListShards = 1000

// ShardFilter narrows ListShards.
type ShardFilter struct {
	Type      string
	ShardID   string
	Timestamp *time.Time
}

// ListShardsParams are the inputs of ListShards: a stream, or the NextToken
// of an earlier page (which carries the stream and the filter).
type ListShardsParams struct {
	Account               string
	Stream                StreamRef // zero when NextToken is given
	NextToken             string
	ExclusiveStartShardID string
	// MaxResults is 1..10000; 0 means 1000. At most 1000 are returned.
	MaxResults int
	// StreamCreationTimestamp, when given, must match the stream's.
	StreamCreationTimestamp *time.Time
	Filter                  *ShardFilter
}

// ListShardsResult is the output of ListShards.
type ListShardsResult struct {
	Shards    []ShardInfo
	NextToken string
}

// ListShards lists a stream's shards in index order, leaving out shards
// whose records have all expired.
func (s *Service) ListShards(ctx context.Context, p *ListShardsParams) (*ListShardsResult, error) {
	q, err := s.listShardsQuery(p)
	if err != nil {
		return nil, err
	}
	v, err := s.load(ctx, q.stream)
	if err != nil {
		return nil, err
	}
	if q.created != 0 && q.created != v.st.CreatedAt.UnixMilli() {
		return nil, errStreamNotFound(q.stream)
	}
	keep, err := s.shardFilter(v, q)
	if err != nil {
		return nil, err
	}
	res := &ListShardsResult{}
	for _, sh := range s.liveShards(v) {
		if sh.Index <= q.after || !keep(sh) {
			continue
		}
		if len(res.Shards) == q.max {
			last, _ := parseShardID(res.Shards[len(res.Shards)-1].ShardID)
			res.NextToken = s.tokens.encodeNextToken(nextToken{Account: q.stream.Account, Stream: q.stream.Name,
				Created: v.st.CreatedAt.UnixMilli(), After: ShardID(last), Filter: q.filter.Type,
				At: q.filterAt, Max: q.max, Issued: s.clock.Now()})
			break
		}
		res.Shards = append(res.Shards, shardInfo(v, sh))
	}
	return res, nil
}

// shardsQuery is a ListShards request with its NextToken unpacked.
type shardsQuery struct {
	stream   StreamRef
	created  int64 // unix millis, 0 = any
	after    int   // list shards with a larger index
	max      int
	filter   ShardFilter
	filterAt int64 // unix millis of the filter's timestamp, 0 = none
}

func (s *Service) listShardsQuery(p *ListShardsParams) (*shardsQuery, error) {
	q := &shardsQuery{stream: p.Stream, after: -1, max: p.MaxResults}
	if p.NextToken != "" {
		if p.Stream.Name != "" {
			return nil, errorf(ErrInvalidArgument, "NextToken and StreamName cannot be provided together.")
		}
		t, err := s.openNextToken(p.NextToken, p.Account)
		if err != nil {
			return nil, err
		}
		q.stream = StreamRef{Account: t.Account, Name: t.Stream}
		q.created = t.Created
		q.after, _ = parseShardID(t.After)
		q.filter = ShardFilter{Type: t.Filter}
		q.filterAt = t.At
		if q.max == 0 {
			q.max = t.Max
		}
	} else {
		if p.Stream.Name == "" {
			return nil, errorf(ErrInvalidArgument, "Either NextToken or StreamName should be provided.")
		}
		if p.StreamCreationTimestamp != nil {
			q.created = p.StreamCreationTimestamp.UnixMilli()
		}
		if err := q.setFilter(p.Filter); err != nil {
			return nil, err
		}
	}
	if p.ExclusiveStartShardID != "" {
		if i, ok := parseShardID(p.ExclusiveStartShardID); ok {
			q.after = max(q.after, i)
		}
	}
	if q.max <= 0 || q.max > maxListShards {
		q.max = maxListShards
	}
	return q, nil
}

// setFilter checks a ShardFilter's arguments and folds AFTER_SHARD_ID into
// the start position.
func (q *shardsQuery) setFilter(f *ShardFilter) error {
	if f == nil {
		return nil
	}
	q.filter = ShardFilter{Type: f.Type}
	switch f.Type {
	case FilterAfterShardID:
		i, ok := parseShardID(f.ShardID)
		if f.ShardID == "" || !ok {
			return errorf(ErrInvalidArgument, "ShardId must be provided for the AFTER_SHARD_ID ShardFilter type.")
		}
		q.after = i
	case FilterAtTimestamp, FilterFromTimestamp:
		if f.Timestamp == nil {
			return errorf(ErrInvalidArgument, "Timestamp must be provided for the %s ShardFilter type.", f.Type)
		}
		q.filterAt = f.Timestamp.UnixMilli()
	case FilterAtTrimHorizon, FilterFromTrimHorizon, FilterAtLatest:
	default:
		return errorf(ErrInvalidArgument, "Invalid ShardFilter type %s.", f.Type)
	}
	return nil
}

// shardFilter returns the predicate of a query's filter.
func (s *Service) shardFilter(v *view, q *shardsQuery) (func(*store.Shard) bool, error) {
	horizon := s.clock.Now().Add(-time.Duration(v.m.RetentionHours) * time.Hour)
	if horizon.Before(v.st.CreatedAt) {
		horizon = v.st.CreatedAt
	}
	openAt := func(t time.Time) func(*store.Shard) bool {
		return func(sh *store.Shard) bool {
			return !sh.CreatedAt.After(t) && (sh.ClosedAt.IsZero() || sh.ClosedAt.After(t))
		}
	}
	openSince := func(t time.Time) func(*store.Shard) bool {
		return func(sh *store.Shard) bool { return sh.ClosedAt.IsZero() || sh.ClosedAt.After(t) }
	}
	at := time.UnixMilli(q.filterAt)
	if at.Before(horizon) {
		at = horizon
	}
	switch q.filter.Type {
	case FilterAtTrimHorizon:
		return openAt(horizon), nil
	case FilterAtLatest:
		return func(sh *store.Shard) bool { return sh.ClosedAt.IsZero() }, nil
	case FilterAtTimestamp:
		return openAt(at), nil
	case FilterFromTimestamp:
		return openSince(at), nil
	default: // none, AFTER_SHARD_ID, FROM_TRIM_HORIZON
		return func(*store.Shard) bool { return true }, nil
	}
}
