package stream

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

// IncreaseStreamRetentionPeriod raises a stream's retention; records that
// already expired stay gone.
func (s *Service) IncreaseStreamRetentionPeriod(ctx context.Context, ref StreamRef, hours int) error {
	return s.setRetention(ctx, ref, hours, true)
}

// DecreaseStreamRetentionPeriod lowers a stream's retention; records older
// than the new period are no longer returned.
func (s *Service) DecreaseStreamRetentionPeriod(ctx context.Context, ref StreamRef, hours int) error {
	return s.setRetention(ctx, ref, hours, false)
}

func (s *Service) setRetention(ctx context.Context, ref StreamRef, hours int, increase bool) error {
	if hours < DefaultRetentionHours {
		return errorf(ErrInvalidArgument, "Minimum allowed retention period is 24 hours. Requested retention period "+
			"(%d hours) is too short.", hours)
	}
	if hours > MaxRetentionHours {
		return errorf(ErrInvalidArgument, "Maximum allowed retention period is %d hours. Requested retention period "+
			"(%d hours) is too long.", MaxRetentionHours, hours)
	}
	_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := requireActive(v); err != nil {
			return err
		}
		current := v.m.RetentionHours
		if increase && hours < current {
			return errorf(ErrInvalidArgument, "Requested retention period (%d hours) for stream %s can not be shorter "+
				"than existing retention period (%d hours). Use DecreaseRetentionPeriod API.", hours, ref.Name, current)
		}
		if !increase && hours > current {
			return errorf(ErrInvalidArgument, "Requested retention period (%d hours) for stream %s can not be longer "+
				"than existing retention period (%d hours). Use IncreaseRetentionPeriod API.", hours, ref.Name, current)
		}
		v.m.RetentionHours = hours
		return nil
	})
	return err
}

var invalidTagChar = regexp.MustCompile(`[^\x{00C0}-\x{1FFF}\x{2C00}-\x{D7FF}\w./\-=+_ @%]`)

// validateTags checks tag keys and values for the characters Kinesis
// allows.
func validateTags(tags map[string]string) error {
	for k, v := range tags {
		if invalidTagChar.MatchString(k) || invalidTagChar.MatchString(v) {
			return errorf(ErrInvalidArgument, "Some tags contain invalid characters. Valid characters: "+
				"Unicode letters, digits, white space, _ . / = + - %% @.")
		}
	}
	return nil
}

func errTooManyTags(ref StreamRef) error {
	return errorf(ErrInvalidArgument, "Failed to add tags to stream %s under account %s because a given stream "+
		"cannot have more than %d tags associated with it.", ref.Name, ref.Account, maxTags)
}

func hasPercent(tags map[string]string) bool {
	for k, v := range tags {
		if strings.Contains(k, "%") || strings.Contains(v, "%") {
			return true
		}
	}
	return false
}

// AddTagsToStream adds or replaces tags of a stream; a stream has at most
// 50. As on AWS, the stream must exist before the tags are checked.
func (s *Service) AddTagsToStream(ctx context.Context, ref StreamRef, tags map[string]string) error {
	_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := validateTags(tags); err != nil {
			return err
		}
		if hasPercent(tags) {
			return errIllegalTagChars(ref, "add tags to")
		}
		merged := maps.Clone(v.m.Tags)
		if merged == nil {
			merged = make(map[string]string)
		}
		maps.Copy(merged, tags)
		if len(merged) > maxTags {
			return errTooManyTags(ref)
		}
		v.m.Tags = merged
		return nil
	})
	return err
}

// errIllegalTagChars is AWS's refusal of a '%' in a tag of a stream, for
// what ("add tags to", "remove tags from").
func errIllegalTagChars(ref StreamRef, what string) error {
	return errorf(ErrInvalidArgument, "Failed to %s stream %s under account %s because some tags "+
		"contained illegal characters. The allowed characters are Unicode letters, white-spaces, "+
		"'_',',','/','=','+','-','@'.", what, ref.Name, ref.Account)
}

// RemoveTagsFromStream removes tags by key; absent keys are ignored. Keys
// are checked, once the stream is found, as AddTagsToStream checks them.
func (s *Service) RemoveTagsFromStream(ctx context.Context, ref StreamRef, keys []string) error {
	asTags := make(map[string]string, len(keys))
	for _, k := range keys {
		asTags[k] = ""
	}
	_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := validateTags(asTags); err != nil {
			return err
		}
		if hasPercent(asTags) {
			return errIllegalTagChars(ref, "remove tags from")
		}
		for _, k := range keys {
			delete(v.m.Tags, k)
		}
		return nil
	})
	return err
}

// Tag is a tag key and value.
type Tag struct {
	Key   string
	Value string
}

// ListTagsForStream lists a stream's tags in key order, after
// exclusiveStartKey, at most limit (0 = 100); more reports a cut.
func (s *Service) ListTagsForStream(ctx context.Context, ref StreamRef, exclusiveStartKey string, limit int) (tags []Tag, more bool, err error) {
	v, err := s.load(ctx, ref)
	if err != nil {
		return nil, false, err
	}
	if limit <= 0 {
		limit = 100
	}
	for _, k := range slices.Sorted(maps.Keys(v.m.Tags)) {
		if exclusiveStartKey != "" && k <= exclusiveStartKey {
			continue
		}
		if len(tags) == limit {
			return tags, true, nil
		}
		tags = append(tags, Tag{Key: k, Value: v.m.Tags[k]})
	}
	return tags, false, nil
}

// StartStreamEncryption records server-side encryption with a KMS key. The
// data is not encrypted by this service; the setting is kept and shown.
func (s *Service) StartStreamEncryption(ctx context.Context, ref StreamRef, encryptionType, keyID string) error {
	if encryptionType != EncryptionKMS {
		return errorf(ErrInvalidArgument, "Encryption type %s is not supported; use KMS.", encryptionType)
	}
	return s.setEncryption(ctx, ref, EncryptionKMS, keyID)
}

// StopStreamEncryption turns server-side encryption off.
func (s *Service) StopStreamEncryption(ctx context.Context, ref StreamRef, encryptionType, keyID string) error {
	if encryptionType != EncryptionKMS {
		return errorf(ErrInvalidArgument, "Encryption type %s is not supported; use KMS.", encryptionType)
	}
	return s.setEncryption(ctx, ref, EncryptionNone, "")
}

func (s *Service) setEncryption(ctx context.Context, ref StreamRef, typ, keyID string) error {
	_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := requireActive(v); err != nil {
			return err
		}
		v.m.EncryptionType, v.m.KeyID = typ, keyID
		v.m.setStatus(StatusUpdating, now, s.opts.UpdateDelay)
		return nil
	})
	return err
}

// shardLevelMetrics are the metric names EnableEnhancedMonitoring accepts
// besides ALL.
var shardLevelMetrics = []string{"IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
	"WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"}

// MonitoringResult is the output of Enable/DisableEnhancedMonitoring.
type MonitoringResult struct {
	Stream  StreamRef
	ARN     string
	Current []string
	Desired []string
}

// EnableEnhancedMonitoring adds shard-level metrics; ALL adds every one.
func (s *Service) EnableEnhancedMonitoring(ctx context.Context, ref StreamRef, metrics []string) (*MonitoringResult, error) {
	return s.setMonitoring(ctx, ref, metrics, true)
}

// DisableEnhancedMonitoring removes shard-level metrics; ALL removes every
// one.
func (s *Service) DisableEnhancedMonitoring(ctx context.Context, ref StreamRef, metrics []string) (*MonitoringResult, error) {
	return s.setMonitoring(ctx, ref, metrics, false)
}

func (s *Service) setMonitoring(ctx context.Context, ref StreamRef, metrics []string, enable bool) (*MonitoringResult, error) {
	names := metrics
	if slices.Contains(metrics, "ALL") {
		names = shardLevelMetrics
	}
	res := &MonitoringResult{Stream: ref, ARN: s.StreamARN(ref)}
	_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := requireActive(v); err != nil {
			return err
		}
		res.Current = slices.Clone(v.m.ShardLevelMetrics)
		var desired []string
		for _, m := range shardLevelMetrics {
			on := slices.Contains(v.m.ShardLevelMetrics, m)
			if slices.Contains(names, m) {
				on = enable
			}
			if on {
				desired = append(desired, m)
			}
		}
		v.m.ShardLevelMetrics = desired
		res.Desired = desired
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// UpdateMaxRecordSize sets the largest record a stream accepts, 1024 to
// 10240 KiB.
func (s *Service) UpdateMaxRecordSize(ctx context.Context, ref StreamRef, kib int) error {
	if kib < DefaultMaxRecordSizeKiB || kib > MaxMaxRecordSizeKiB {
		return errorf(ErrValidation, "1 validation error detected: Value '%d' at 'maxRecordSizeInKiB' failed to "+
			"satisfy constraint: Member must have value between %d and %d", kib, DefaultMaxRecordSizeKiB, MaxMaxRecordSizeKiB)
	}
	_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := requireActive(v); err != nil {
			return err
		}
		v.m.MaxRecordSizeKiB = kib
		return nil
	})
	return err
}

// UpdateStreamWarmThroughput records the warm throughput of an on-demand
// stream and returns it as both target and current.
func (s *Service) UpdateStreamWarmThroughput(ctx context.Context, ref StreamRef, mibps int) error {
	_, err := s.update(ctx, ref, func(v *view, now time.Time) error {
		if err := requireActive(v); err != nil {
			return err
		}
		if v.m.Mode != ModeOnDemand {
			return errorf(ErrValidation, "UpdateStreamWarmThroughput is only supported for streams in %s capacity mode.",
				ModeOnDemand)
		}
		v.m.WarmThroughput = mibps
		return nil
	})
	return err
}

// Limits is the output of DescribeLimits.
type Limits struct {
	ShardLimit               int
	OpenShardCount           int
	OnDemandStreamCount      int
	OnDemandStreamCountLimit int
}

// DescribeLimits reports an account's shard and on-demand stream limits
// and usage.
func (s *Service) DescribeLimits(ctx context.Context, account string) (*Limits, error) {
	u, err := s.accountUsage(ctx, account)
	if err != nil {
		return nil, err
	}
	return &Limits{ShardLimit: s.opts.ShardLimit, OpenShardCount: u.openShards,
		OnDemandStreamCount: u.onDemandStreams, OnDemandStreamCountLimit: s.opts.OnDemandStreamLimit}, nil
}

// AccountSettings are an account's settings (DescribeAccountSettings).
type AccountSettings struct {
	// CommitmentStatus is the minimum throughput billing commitment:
	// ENABLED or DISABLED.
	CommitmentStatus string
	StartedAt        time.Time
	EndedAt          time.Time
}

// DescribeAccountSettings returns an account's settings. They are kept in
// memory only: a restart turns the commitment off.
func (s *Service) DescribeAccountSettings(account string) AccountSettings {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.settings[account]; ok {
		return a
	}
	return AccountSettings{CommitmentStatus: "DISABLED"}
}

// UpdateAccountSettings turns the minimum throughput billing commitment on
// (ENABLED) or off (DISABLED). There is no billing here; the setting is
// remembered and shown.
func (s *Service) UpdateAccountSettings(account, status string) (AccountSettings, error) {
	if status != "ENABLED" && status != "DISABLED" {
		return AccountSettings{}, errorf(ErrInvalidArgument, "Invalid MinimumThroughputBillingCommitment status %s.", status)
	}
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.settings[account]
	switch {
	case status == "ENABLED" && a.CommitmentStatus != "ENABLED":
		a = AccountSettings{CommitmentStatus: "ENABLED", StartedAt: now}
	case status == "DISABLED" && a.CommitmentStatus == "ENABLED":
		a = AccountSettings{CommitmentStatus: "DISABLED", StartedAt: a.StartedAt, EndedAt: now}
	case a.CommitmentStatus == "":
		a.CommitmentStatus = "DISABLED"
	}
	s.settings[account] = a
	return a, nil
}
