package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"reflect"
	"time"

	"github.com/sluicemq/sluice/internal/config"
	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/stream"
)

// What applying the configuration did to one resource.
const (
	resourceCreated   = "created"
	resourceUpdated   = "updated"
	resourceUnchanged = "unchanged"
)

// applyResources brings the configured queues and streams into being
// through the queue and stream services, as a client's calls would:
//
//   - a resource that does not exist is created with the declared
//     attributes and tags (dead-letter queues before the queues naming them);
//   - an existing one gets the declared attributes, tags, retention, mode
//     and shard count where they differ; what the configuration does not
//     mention is left as it is, and nothing is ever deleted;
//   - a resource already as declared is not written at all, so applying
//     the same configuration twice changes nothing.
//
// It goes on past a failing resource (skipping the queues whose dead-letter
// queue failed) and returns every failure, each prefixed with where the
// resource was declared.
func (s *Server) applyResources(ctx context.Context) error {
	var errs []error
	failed := make(map[queue.QueueRef]bool)
	for _, q := range config.OrderQueues(s.cfg.Queues) {
		ref := queue.QueueRef{Account: config.AccountOf(q.Account), Name: q.Name}
		if r := q.Redrive; r != nil && failed[queue.QueueRef{Account: ref.Account, Name: r.DeadLetterQueue}] {
			failed[ref] = true
			continue
		}
		outcome, err := s.applyQueue(ctx, ref, q)
		if err != nil {
			failed[ref] = true
			errs = append(errs, fmt.Errorf("%s: queue %s: %w", q.Origin, q.Name, err))
			continue
		}
		s.logResource(outcome, "queue", ref.Account, ref.Name)
	}
	for _, st := range s.cfg.Streams {
		ref := stream.StreamRef{Account: config.AccountOf(st.Account), Name: st.Name}
		outcome, err := s.applyStream(ctx, ref, st)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: stream %s: %w", st.Origin, st.Name, err))
			continue
		}
		s.logResource(outcome, "stream", ref.Account, ref.Name)
	}
	return errors.Join(errs...)
}

func (s *Server) logResource(outcome, kind, account, name string) {
	level := slog.LevelInfo
	if outcome == resourceUnchanged {
		level = slog.LevelDebug
	}
	s.logger.Log(context.Background(), level, "configured "+kind+" "+outcome, kind, name, "account", account)
}

// applyQueue creates the queue or sets the attributes and tags that differ.
func (s *Server) applyQueue(ctx context.Context, ref queue.QueueRef, q config.Queue) (string, error) {
	attrs := maps.Clone(q.Attributes)
	if attrs == nil {
		attrs = make(map[string]string)
	}
	if q.Redrive != nil {
		policy, err := s.redrivePolicy(ref.Account, q.Redrive)
		if err != nil {
			return "", err
		}
		attrs[attrRedrivePolicy] = policy
	}
	err := s.queues.GetQueueUrl(ctx, ref)
	if errors.Is(err, queue.ErrQueueDoesNotExist) {
		err = s.queues.CreateQueue(ctx, &queue.CreateQueueParams{Queue: ref, Attributes: attrs, Tags: q.Tags})
		return resourceCreated, err
	}
	if err != nil {
		return "", err
	}
	current, err := s.queues.GetQueueAttributes(ctx, ref, []string{"All"})
	if err != nil {
		return "", err
	}
	outcome := resourceUnchanged
	delete(attrs, attrFifoQueue) // the name decides it; it cannot change
	if diff := changedAttributes(current, attrs); len(diff) > 0 {
		if err := s.queues.SetQueueAttributes(ctx, ref, diff); err != nil {
			return "", err
		}
		outcome = resourceUpdated
	}
	tags, err := s.queues.ListQueueTags(ctx, ref)
	if err != nil {
		return "", err
	}
	if diff := changedTags(tags, q.Tags); len(diff) > 0 {
		if err := s.queues.TagQueue(ctx, ref, diff); err != nil {
			return "", err
		}
		outcome = resourceUpdated
	}
	return outcome, nil
}

// Queue attributes the configuration treats specially.
const (
	attrFifoQueue     = "FifoQueue"
	attrRedrivePolicy = "RedrivePolicy"
)

// redrivePolicy renders a RedrivePolicy as SQS takes it, naming the
// dead-letter queue by ARN.
func (s *Server) redrivePolicy(account string, r *config.Redrive) (string, error) {
	arn := r.DeadLetterQueue
	if !config.IsARN(arn) {
		arn = s.queues.QueueArn(queue.QueueRef{Account: account, Name: r.DeadLetterQueue})
	}
	out, err := json.Marshal(struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		MaxReceiveCount     int    `json:"maxReceiveCount"`
	}{arn, r.MaxReceiveCount})
	return string(out), err
}

// changedAttributes returns the declared attributes whose current value
// differs. JSON documents (policies) are compared by meaning, not bytes.
func changedAttributes(current, declared map[string]string) map[string]string {
	diff := make(map[string]string)
	for name, want := range declared {
		have := current[name]
		if have == want || sameJSON(have, want) {
			continue
		}
		diff[name] = want
	}
	return diff
}

func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// changedTags returns the declared tags missing or with another value.
func changedTags(current, declared map[string]string) map[string]string {
	diff := make(map[string]string)
	for k, v := range declared {
		if have, ok := current[k]; !ok || have != v {
			diff[k] = v
		}
	}
	return diff
}

// applyStream creates the stream or changes its retention, tags, mode and
// shard count where they differ from the declaration.
func (s *Server) applyStream(ctx context.Context, ref stream.StreamRef, st config.Stream) (string, error) {
	d, err := s.streams.DescribeStreamSummary(ctx, ref)
	if errors.Is(err, stream.ErrResourceNotFound) {
		p := &stream.CreateStreamParams{Stream: ref, Mode: stream.ModeOnDemand, Tags: st.Tags}
		if !st.IsOnDemand() {
			p.Mode, p.ShardCount = stream.ModeProvisioned, &st.Shards
		}
		if err := s.streams.CreateStream(ctx, p); err != nil {
			return "", err
		}
		if err := s.awaitActive(ctx, ref); err != nil {
			return "", err
		}
		if st.RetentionHours > stream.DefaultRetentionHours {
			return resourceCreated, s.streams.IncreaseStreamRetentionPeriod(ctx, ref, st.RetentionHours)
		}
		return resourceCreated, nil
	}
	if err != nil {
		return "", err
	}
	if err := s.awaitActive(ctx, ref); err != nil {
		return "", err
	}
	outcome := resourceUnchanged
	changed := func(err error) error {
		if err == nil {
			outcome = resourceUpdated
		}
		return err
	}
	switch {
	case st.RetentionHours > d.RetentionHours:
		err = changed(s.streams.IncreaseStreamRetentionPeriod(ctx, ref, st.RetentionHours))
	case st.RetentionHours < d.RetentionHours:
		err = changed(s.streams.DecreaseStreamRetentionPeriod(ctx, ref, st.RetentionHours))
	}
	if err != nil {
		return "", err
	}
	tags, _, err := s.streams.ListTagsForStream(ctx, ref, "", 0)
	if err != nil {
		return "", err
	}
	current := make(map[string]string, len(tags))
	for _, t := range tags {
		current[t.Key] = t.Value
	}
	if diff := changedTags(current, st.Tags); len(diff) > 0 {
		if err := changed(s.streams.AddTagsToStream(ctx, ref, diff)); err != nil {
			return "", err
		}
	}
	if err := s.applyCapacity(ctx, ref, st, d, changed); err != nil {
		return "", err
	}
	return outcome, nil
}

// applyCapacity switches the stream's mode and reshards it to the
// declared shard count.
func (s *Server) applyCapacity(ctx context.Context, ref stream.StreamRef, st config.Stream, d *stream.StreamDescription,
	changed func(error) error) error {
	if err := s.awaitActive(ctx, ref); err != nil {
		return err
	}
	mode := stream.ModeProvisioned
	if st.IsOnDemand() {
		mode = stream.ModeOnDemand
	}
	if d.Mode != mode {
		if err := changed(s.streams.UpdateStreamMode(ctx, ref, mode, nil)); err != nil {
			return err
		}
		if err := s.awaitActive(ctx, ref); err != nil {
			return err
		}
	}
	if mode == stream.ModeProvisioned && d.OpenShardCount != st.Shards {
		_, err := s.streams.UpdateShardCount(ctx, ref, st.Shards, stream.ScalingTypeUniform)
		return changed(err)
	}
	return nil
}

// awaitActive waits until a stream is ACTIVE. With a state delay, each
// change leaves a stream CREATING or UPDATING for that long, and the
// service refuses the next change until it is over.
func (s *Server) awaitActive(ctx context.Context, ref stream.StreamRef) error {
	for {
		d, err := s.streams.DescribeStreamSummary(ctx, ref)
		if err != nil || d.Status == stream.StatusActive {
			return err
		}
		tick, stop := s.cfg.Clock.After(max(s.cfg.StreamStateDelay, time.Millisecond))
		select {
		case <-tick:
		case <-ctx.Done():
			stop()
			return ctx.Err()
		}
	}
}

// CheckResources applies the configured queues and streams to a throwaway
// server in memory, so that every value the services would refuse is
// reported before a real start. It returns the same errors a start would.
func CheckResources(ctx context.Context, cfg Config) error {
	cfg.Memory, cfg.TLSCertFile, cfg.TLSKeyFile = true, "", ""
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(cfg)
	if err != nil {
		return err
	}
	return errors.Join(s.applyResources(ctx), s.Shutdown(ctx))
}
