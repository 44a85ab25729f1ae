package stream

import (
	"context"
	"errors"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Stream defaults and bounds.
const (
	DefaultRetentionHours   = 24
	MaxRetentionHours       = 8760
	DefaultMaxRecordSizeKiB = 1024
	MaxMaxRecordSizeKiB     = 10240
	onDemandShards          = 4
	maxTags                 = 50
)

// CreateStreamParams are the inputs of CreateStream.
type CreateStreamParams struct {
	Stream StreamRef
	// ShardCount is the number of shards of a provisioned stream; nil
	// with no Mode creates an on-demand stream.
	ShardCount *int
	// Mode is ModeProvisioned, ModeOnDemand or empty.
	Mode                string
	Tags                map[string]string
	WarmThroughputMiBps *int
	MaxRecordSizeKiB    *int
}

// CreateStream creates a stream whose shards split the hash key space
// evenly. It is CREATING for Options.CreateDelay, then ACTIVE.
func (s *Service) CreateStream(ctx context.Context, p *CreateStreamParams) error {
	mode := p.Mode
	if mode == "" {
		mode = ModeProvisioned
		if p.ShardCount == nil {
			mode = ModeOnDemand
		}
	}
	shards := onDemandShards
	if mode == ModeProvisioned {
		if p.ShardCount == nil {
			return errorf(ErrInvalidArgument, "ShardCount must be provided for a stream in PROVISIONED mode.")
		}
		shards = *p.ShardCount
	}
	if len(p.Tags) > maxTags {
		return errTooManyTags(p.Stream)
	}
	if err := validateTags(p.Tags); err != nil {
		return err
	}
	if err := s.checkCreateLimits(ctx, p.Stream, mode, shards); err != nil {
		return err
	}
	now := s.clock.Now()
	m := meta{Mode: mode, RetentionHours: DefaultRetentionHours, Tags: p.Tags,
		EncryptionType: EncryptionNone, MaxRecordSizeKiB: DefaultMaxRecordSizeKiB}
	if p.MaxRecordSizeKiB != nil {
		m.MaxRecordSizeKiB = *p.MaxRecordSizeKiB
	}
	if p.WarmThroughputMiBps != nil {
		m.WarmThroughput = *p.WarmThroughputMiBps
	}
	m.setStatus(StatusCreating, now, s.opts.CreateDelay)
	st := &store.Stream{Ref: p.Stream, CreatedAt: now, Meta: encodeMeta(&m)}
	for i, r := range splitEvenly(shards) {
		st.Shards = append(st.Shards, store.Shard{Index: i, Parent: -1, AdjacentParent: -1,
			HashStart: r[0], HashEnd: r[1], CreatedAt: now})
	}
	_, err := s.store.StreamCreate(ctx, st)
	if errors.Is(err, store.ErrStreamExists) {
		// The name may still hold a stream whose deletion is due: load
		// removes it, and the name is free again.
		if _, lerr := s.load(ctx, p.Stream); errors.Is(lerr, ErrResourceNotFound) {
			_, err = s.store.StreamCreate(ctx, st)
		}
	}
	return fromStore(err, p.Stream)
}

// checkCreateLimits enforces the account's shard limit and on-demand
// stream limit.
func (s *Service) checkCreateLimits(ctx context.Context, ref StreamRef, mode string, shards int) error {
	usage, err := s.accountUsage(ctx, ref.Account)
	if err != nil {
		return err
	}
	if mode == ModeOnDemand && usage.onDemandStreams+1 > s.opts.OnDemandStreamLimit {
		return errorf(ErrLimitExceeded,
			"This request would exceed the on-demand stream count limit for the account %s in %s. "+
				"Current on-demand stream count: %d. Limit: %d.",
			ref.Account, s.region, usage.onDemandStreams, s.opts.OnDemandStreamLimit)
	}
	return s.checkShardLimit(ref.Account, usage.openShards, shards)
}

func (s *Service) checkShardLimit(account string, current, more int) error {
	if current+more <= s.opts.ShardLimit {
		return nil
	}
	return errorf(ErrLimitExceeded,
		"This request would exceed the shard limit for the account %s in %s. Current shard count for the account: %d. "+
			"Limit: %d. Number of additional shards that would have resulted from this request: %d. "+
			"Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) "+
			"for current limits and how to request higher limits.",
		account, s.region, current, s.opts.ShardLimit, more)
}

// usage is what an account holds, for limits.
type usage struct {
	openShards      int
	onDemandStreams int
}

func (s *Service) accountUsage(ctx context.Context, account string) (usage, error) {
	var u usage
	err := s.eachStream(ctx, account, func(v *view) error {
		u.openShards += len(v.openShards())
		if v.m.Mode == ModeOnDemand {
			u.onDemandStreams++
		}
		return nil
	})
	return u, err
}

// eachStream calls fn for every live stream of an account, in name order.
func (s *Service) eachStream(ctx context.Context, account string, fn func(v *view) error) error {
	return s.eachStreamAfter(ctx, account, "", fn)
}

// DeleteStream deletes a stream and its records. A stream with consumers
// is deleted only when enforceConsumerDeletion is set. With a DeleteDelay
// the stream is DELETING first.
func (s *Service) DeleteStream(ctx context.Context, ref StreamRef, enforceConsumerDeletion bool) error {
	v, err := s.load(ctx, ref)
	if err != nil {
		return err
	}
	if len(v.m.Consumers) > 0 && !enforceConsumerDeletion {
		return errorf(ErrResourceInUse, "DeleteStream can't delete %s:%s because there are consumers associated "+
			"with this data stream. To delete %s anyway, set the EnforceConsumerDeletion parameter to true to force the "+
			"deletion of all the consumers that are associated with it.", ref.Account, ref.Name, ref.Name)
	}
	if s.opts.DeleteDelay > 0 {
		_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
			v.m.setStatus(StatusDeleting, now, s.opts.DeleteDelay)
			return nil
		})
		if err == nil {
			s.opts.Observer.StreamDeleted(ref)
		}
		return err
	}
	if err := s.store.StreamDelete(ctx, ref); err != nil {
		return fromStore(err, ref)
	}
	s.forget(ref)
	s.opts.Observer.StreamDeleted(ref)
	return nil
}

// StreamDescription describes a stream (DescribeStream,
// DescribeStreamSummary).
type StreamDescription struct {
	Stream            StreamRef
	ARN               string
	Status            string
	Mode              string
	Created           time.Time
	RetentionHours    int
	ShardLevelMetrics []string
	EncryptionType    string
	KeyID             string
	OpenShardCount    int
	ConsumerCount     int
	WarmThroughput    int
	MaxRecordSizeKiB  int
	// Shards and HasMoreShards are set by DescribeStream only.
	Shards        []ShardInfo
	HasMoreShards bool
}

// ShardInfo describes a shard as the API shows it; numbers are decimal.
type ShardInfo struct {
	ShardID                string
	ParentShardID          string
	AdjacentParentShardID  string
	StartingHashKey        string
	EndingHashKey          string
	StartingSequenceNumber string
	EndingSequenceNumber   string // empty while the shard is open
}

// DescribeStreamParams are the inputs of DescribeStream.
type DescribeStreamParams struct {
	Stream StreamRef
	// Limit is 1..10000; 0 means 100.
	Limit                 int
	ExclusiveStartShardID string
}

// DescribeStream describes a stream and a page of its shards (those whose
// records have not all expired), in shard order. As on AWS, a stream
// being created or deleted shows no shards, and one being resharded the
// shards it had before (pending.go).
func (s *Service) DescribeStream(ctx context.Context, p *DescribeStreamParams) (*StreamDescription, error) {
	v, err := s.load(ctx, p.Stream)
	if err != nil {
		return nil, err
	}
	d := s.describe(v)
	if v.m.Status == StatusCreating || v.m.Status == StatusDeleting {
		return d, nil
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 100
	}
	after := -1
	if p.ExclusiveStartShardID != "" {
		if i, ok := parseShardID(p.ExclusiveStartShardID); ok {
			after = i
		}
	}
	for _, sh := range s.liveShards(v) {
		if sh.Index <= after {
			continue
		}
		if len(d.Shards) == limit {
			d.HasMoreShards = true
			break
		}
		d.Shards = append(d.Shards, shardInfo(v, sh))
	}
	return d, nil
}

// DescribeStreamSummary describes a stream without its shards.
func (s *Service) DescribeStreamSummary(ctx context.Context, ref StreamRef) (*StreamDescription, error) {
	v, err := s.load(ctx, ref)
	if err != nil {
		return nil, err
	}
	return s.describe(v), nil
}

func (s *Service) describe(v *view) *StreamDescription {
	return &StreamDescription{
		Stream: v.st.Ref, ARN: s.StreamARN(v.st.Ref), Status: v.m.Status, Mode: v.m.Mode,
		Created: v.st.CreatedAt, RetentionHours: v.m.RetentionHours,
		ShardLevelMetrics: v.m.ShardLevelMetrics, EncryptionType: v.m.EncryptionType, KeyID: v.m.KeyID,
		OpenShardCount: len(v.openShards()), ConsumerCount: len(v.m.Consumers),
		WarmThroughput: v.m.WarmThroughput, MaxRecordSizeKiB: v.m.MaxRecordSizeKiB,
	}
}

// liveShards returns the shards that are open or still hold unexpired
// records, in index order.
func (s *Service) liveShards(v *view) []*store.Shard {
	horizon := s.clock.Now().Add(-time.Duration(v.m.RetentionHours) * time.Hour)
	var live []*store.Shard
	for k := range v.st.Shards {
		sh := &v.st.Shards[k]
		if !sh.ClosedAt.IsZero() && sh.ClosedAt.Before(horizon) {
			continue
		}
		live = append(live, sh)
	}
	return live
}

func shardInfo(v *view, sh *store.Shard) ShardInfo {
	info := ShardInfo{
		ShardID:                ShardID(sh.Index),
		StartingHashKey:        hashKeyString(sh.HashStart),
		EndingHashKey:          hashKeyString(sh.HashEnd),
		StartingSequenceNumber: startingSeqNum(sh),
	}
	if sh.Parent >= 0 {
		info.ParentShardID = ShardID(sh.Parent)
	}
	if sh.AdjacentParent >= 0 {
		info.AdjacentParentShardID = ShardID(sh.AdjacentParent)
	}
	if !sh.ClosedAt.IsZero() {
		info.EndingSequenceNumber = endingSeqNum(sh)
	}
	return info
}

// ListStreamsParams are the inputs of ListStreams.
type ListStreamsParams struct {
	Account string
	// Limit is 1..10000; 0 means 100.
	Limit                    int
	ExclusiveStartStreamName string
	NextToken                string
}

// StreamSummary is one entry of ListStreams.
type StreamSummary struct {
	Name    string
	ARN     string
	Status  string
	Mode    string
	Created time.Time
}

// ListStreamsResult is the output of ListStreams.
type ListStreamsResult struct {
	Streams   []StreamSummary
	HasMore   bool
	NextToken string
}

// ListStreams lists an account's streams in name order.
func (s *Service) ListStreams(ctx context.Context, p *ListStreamsParams) (*ListStreamsResult, error) {
	after := p.ExclusiveStartStreamName
	limit := p.Limit
	if p.NextToken != "" {
		if p.ExclusiveStartStreamName != "" {
			return nil, errorf(ErrInvalidArgument, "NextToken and ExclusiveStartStreamName cannot be provided together.")
		}
		t, err := s.openNextToken(p.NextToken, p.Account)
		if err != nil {
			return nil, err
		}
		after = t.After
	}
	if limit <= 0 {
		limit = 100
	}
	res := &ListStreamsResult{}
	errStop := errors.New("page full")
	err := s.eachStreamAfter(ctx, p.Account, after, func(v *view) error {
		if len(res.Streams) == limit {
			res.HasMore = true
			return errStop
		}
		res.Streams = append(res.Streams, StreamSummary{Name: v.st.Ref.Name, ARN: s.StreamARN(v.st.Ref),
			Status: v.m.Status, Mode: v.m.Mode, Created: v.st.CreatedAt})
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	if res.HasMore {
		res.NextToken = s.tokens.encodeNextToken(nextToken{Account: p.Account,
			After: res.Streams[len(res.Streams)-1].Name, Issued: s.clock.Now()})
	}
	return res, nil
}

// eachStreamAfter is eachStream starting after a name.
func (s *Service) eachStreamAfter(ctx context.Context, account, after string, fn func(v *view) error) error {
	for {
		page, err := s.store.StreamList(ctx, &store.StreamListParams{Account: account, After: after, Limit: 1000})
		if err != nil {
			return err
		}
		now := s.clock.Now()
		for _, st := range page {
			m, err := decodeMeta(st.Meta)
			if err != nil {
				return err
			}
			v := &view{st: st, m: m}
			v.settle(now)
			if v.m.gone(now) {
				continue
			}
			if err := fn(v); err != nil {
				return err
			}
		}
		if len(page) < 1000 {
			return nil
		}
		after = page[len(page)-1].Ref.Name
	}
}

// openNextToken checks a NextToken of the caller's account and its age.
func (s *Service) openNextToken(token, account string) (nextToken, error) {
	t, ok := s.tokens.decodeNextToken(token)
	if !ok || t.Account != account {
		return nextToken{}, errorf(ErrInvalidArgument, "Invalid NextToken.")
	}
	if s.clock.Now().Sub(t.Issued) > nextTokenTTL {
		return nextToken{}, errorf(ErrExpiredNextToken, "The NextToken has expired.")
	}
	return t, nil
}
