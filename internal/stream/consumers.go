package stream

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"
)

// Consumer describes a registered enhanced fan-out consumer.
type Consumer struct {
	Name      string
	ARN       string
	Status    string
	Created   time.Time
	StreamARN string
}

func (s *Service) consumerOf(ref StreamRef, c consumer) Consumer {
	return Consumer{Name: c.Name, ARN: s.consumerARN(ref, c.Name, c.Created), Status: c.Status,
		Created: c.Created, StreamARN: s.StreamARN(ref)}
}

// streamFromARN resolves a stream ARN of the caller's account.
func (s *Service) streamFromARN(account, arn string) (StreamRef, error) {
	return s.ResolveStream(account, "", arn)
}

// RegisterStreamConsumer registers a consumer of a stream. It is CREATING
// for Options.CreateDelay, then ACTIVE.
func (s *Service) RegisterStreamConsumer(ctx context.Context, account, streamARN, name string, tags map[string]string) (*Consumer, error) {
	ref, err := s.streamFromARN(account, streamARN)
	if err != nil {
		return nil, err
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	var out Consumer
	_, err = s.update(ctx, ref, func(v *view, now time.Time) error {
		if !v.readable() {
			return errStreamNotActive(ref, v.m.Status)
		}
		if v.m.findConsumer(name) >= 0 {
			return errorf(ErrResourceInUse, "Consumer %s under stream %s already exists for account %s.",
				name, ref.Name, ref.Account)
		}
		if len(v.m.Consumers) >= s.opts.ConsumerLimit {
			return errorf(ErrLimitExceeded, "Consumer limit of %d exceeded for stream %s under account %s.",
				s.opts.ConsumerLimit, ref.Name, ref.Account)
		}
		c := consumer{Name: name, Created: now, Status: StatusActive, Tags: tags}
		if s.opts.CreateDelay > 0 {
			c.Status, c.StatusUntil = StatusCreating, now.Add(s.opts.CreateDelay)
		}
		v.m.Consumers = append(v.m.Consumers, c)
		out = s.consumerOf(ref, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ConsumerSelector names a consumer by ARN, or by stream ARN and name.
type ConsumerSelector struct {
	Account      string
	ConsumerARN  string
	StreamARN    string
	ConsumerName string
}

// resolve finds the stream and consumer name a selector means.
func (s *Service) resolveConsumer(sel ConsumerSelector) (StreamRef, string, int64, error) {
	if sel.ConsumerARN != "" {
		p, ok := parseARN(sel.ConsumerARN)
		if !ok || p.Consumer == "" {
			return StreamRef{}, "", 0, errorf(ErrInvalidArgument, "ConsumerARN %s is invalid.", sel.ConsumerARN)
		}
		if p.Account != sel.Account {
			return StreamRef{}, "", 0, errConsumerNotFound(sel.ConsumerARN)
		}
		return StreamRef{Account: p.Account, Name: p.Stream}, p.Consumer, p.ConsumerCreated, nil
	}
	if sel.StreamARN == "" || sel.ConsumerName == "" {
		return StreamRef{}, "", 0, errorf(ErrInvalidArgument,
			"Either ConsumerARN or both StreamARN and ConsumerName must be provided.")
	}
	ref, err := s.streamFromARN(sel.Account, sel.StreamARN)
	return ref, sel.ConsumerName, -1, err
}

// findSelected returns the consumer a selector names in v, or an error.
func (s *Service) findSelected(v *view, name string, created int64, sel ConsumerSelector) (int, error) {
	i := v.m.findConsumer(name)
	if i < 0 || (created >= 0 && v.m.Consumers[i].Created.Unix() != created) {
		arn := sel.ConsumerARN
		if arn == "" {
			return -1, errorf(ErrResourceNotFound, "Consumer %s under stream %s not found for account %s.",
				name, v.st.Ref.Name, v.st.Ref.Account)
		}
		return -1, errConsumerNotFound(arn)
	}
	return i, nil
}

// DescribeStreamConsumer describes a consumer.
func (s *Service) DescribeStreamConsumer(ctx context.Context, sel ConsumerSelector) (*Consumer, error) {
	ref, name, created, err := s.resolveConsumer(sel)
	if err != nil {
		return nil, err
	}
	v, err := s.load(ctx, ref)
	if err != nil {
		return nil, err
	}
	i, err := s.findSelected(v, name, created, sel)
	if err != nil {
		return nil, err
	}
	c := s.consumerOf(ref, v.m.Consumers[i])
	return &c, nil
}

// DeregisterStreamConsumer removes a consumer; it is DELETING for
// Options.DeleteDelay first.
func (s *Service) DeregisterStreamConsumer(ctx context.Context, sel ConsumerSelector) error {
	ref, name, created, err := s.resolveConsumer(sel)
	if err != nil {
		return err
	}
	_, err = s.update(ctx, ref, func(v *view, now time.Time) error {
		i, err := s.findSelected(v, name, created, sel)
		if err != nil {
			return err
		}
		if s.opts.DeleteDelay <= 0 {
			v.m.Consumers = slices.Delete(v.m.Consumers, i, i+1)
			return nil
		}
		v.m.Consumers[i].Status, v.m.Consumers[i].StatusUntil = StatusDeleting, now.Add(s.opts.DeleteDelay)
		return nil
	})
	return err
}

// ListStreamConsumersParams are the inputs of ListStreamConsumers.
type ListStreamConsumersParams struct {
	Account   string
	StreamARN string
	NextToken string
	// MaxResults is 1..10000; 0 means 100.
	MaxResults int
}

// ListStreamConsumers lists a stream's consumers in name order.
func (s *Service) ListStreamConsumers(ctx context.Context, p *ListStreamConsumersParams) ([]Consumer, string, error) {
	ref, err := s.streamFromARN(p.Account, p.StreamARN)
	if err != nil {
		return nil, "", err
	}
	after := ""
	if p.NextToken != "" {
		t, err := s.openNextToken(p.NextToken, p.Account)
		if err != nil {
			return nil, "", err
		}
		if t.Stream != ref.Name {
			return nil, "", errorf(ErrInvalidArgument, "Invalid NextToken.")
		}
		after = t.After
	}
	v, err := s.load(ctx, ref)
	if err != nil {
		return nil, "", err
	}
	limit := p.MaxResults
	if limit <= 0 {
		limit = 100
	}
	sorted := slices.SortedFunc(slices.Values(v.m.Consumers), func(a, b consumer) int {
		return strings.Compare(a.Name, b.Name)
	})
	var out []Consumer
	for _, c := range sorted {
		if after != "" && c.Name <= after {
			continue
		}
		if len(out) == limit {
			return out, s.tokens.encodeNextToken(nextToken{Account: p.Account, Stream: ref.Name,
				After: out[len(out)-1].Name, Issued: s.clock.Now()}), nil
		}
		out = append(out, s.consumerOf(ref, c))
	}
	return out, "", nil
}

// resource is what a ResourceARN names: a stream, or one of its consumers.
type resource struct {
	ref      StreamRef
	arn      string
	consumer string // empty for the stream
	created  int64
}

func (s *Service) resolveResource(account, arn string) (resource, error) {
	p, ok := parseARN(arn)
	if !ok {
		return resource{}, errorf(ErrInvalidArgument, "ResourceARN %s is invalid.", arn)
	}
	if p.Account != account {
		return resource{}, errorf(ErrResourceNotFound, "Resource %s not found.", arn)
	}
	return resource{ref: StreamRef{Account: account, Name: p.Stream}, arn: arn, consumer: p.Consumer,
		created: p.ConsumerCreated}, nil
}

// resourceTags returns the tags map of a resource within v, creating it.
func (s *Service) resourceTags(v *view, r resource) (*map[string]string, error) {
	if r.consumer == "" {
		return &v.m.Tags, nil
	}
	i, err := s.findSelected(v, r.consumer, r.created, ConsumerSelector{ConsumerARN: r.arn})
	if err != nil {
		return nil, err
	}
	return &v.m.Consumers[i].Tags, nil
}

// TagResource adds or replaces tags of a stream or consumer.
func (s *Service) TagResource(ctx context.Context, account, arn string, tags map[string]string) error {
	r, err := s.resolveResource(account, arn)
	if err != nil {
		return err
	}
	if err := validateTags(tags); err != nil {
		return err
	}
	_, err = s.update(ctx, r.ref, func(v *view, now time.Time) error {
		current, err := s.resourceTags(v, r)
		if err != nil {
			return err
		}
		merged := maps.Clone(*current)
		if merged == nil {
			merged = make(map[string]string)
		}
		maps.Copy(merged, tags)
		if len(merged) > maxTags {
			return errorf(ErrInvalidArgument, "Failed to tag resource %s because a resource cannot have more than %d "+
				"tags associated with it.", arn, maxTags)
		}
		*current = merged
		return nil
	})
	return err
}

// UntagResource removes tags of a stream or consumer by key.
func (s *Service) UntagResource(ctx context.Context, account, arn string, keys []string) error {
	r, err := s.resolveResource(account, arn)
	if err != nil {
		return err
	}
	_, err = s.update(ctx, r.ref, func(v *view, now time.Time) error {
		current, err := s.resourceTags(v, r)
		if err != nil {
			return err
		}
		for _, k := range keys {
			delete(*current, k)
		}
		return nil
	})
	return err
}

// ListTagsForResource lists the tags of a stream or consumer in key order.
func (s *Service) ListTagsForResource(ctx context.Context, account, arn string) ([]Tag, error) {
	r, err := s.resolveResource(account, arn)
	if err != nil {
		return nil, err
	}
	v, err := s.load(ctx, r.ref)
	if err != nil {
		return nil, err
	}
	current, err := s.resourceTags(v, r)
	if err != nil {
		return nil, err
	}
	tags := []Tag{}
	for _, k := range slices.Sorted(maps.Keys(*current)) {
		tags = append(tags, Tag{Key: k, Value: (*current)[k]})
	}
	return tags, nil
}

// PutResourcePolicy attaches a policy document (JSON) to a stream or
// consumer. It is stored and returned; access is not checked against it.
func (s *Service) PutResourcePolicy(ctx context.Context, account, arn, policy string) error {
	if !json.Valid([]byte(policy)) {
		return errorf(ErrInvalidArgument, "Policy is not a valid JSON document.")
	}
	return s.setPolicy(ctx, account, arn, policy)
}

// DeleteResourcePolicy removes the policy of a stream or consumer.
func (s *Service) DeleteResourcePolicy(ctx context.Context, account, arn string) error {
	return s.setPolicy(ctx, account, arn, "")
}

func (s *Service) setPolicy(ctx context.Context, account, arn, policy string) error {
	r, err := s.resolveResource(account, arn)
	if err != nil {
		return err
	}
	_, err = s.update(ctx, r.ref, func(v *view, now time.Time) error {
		if _, err := s.resourceTags(v, r); err != nil {
			return err // the consumer must exist
		}
		if policy == "" {
			delete(v.m.Policies, arn)
			return nil
		}
		if v.m.Policies == nil {
			v.m.Policies = make(map[string]string)
		}
		v.m.Policies[arn] = policy
		return nil
	})
	return err
}

// GetResourcePolicy returns the policy of a stream or consumer, or "{}"
// when it has none.
func (s *Service) GetResourcePolicy(ctx context.Context, account, arn string) (string, error) {
	r, err := s.resolveResource(account, arn)
	if err != nil {
		return "", err
	}
	v, err := s.load(ctx, r.ref)
	if err != nil {
		return "", err
	}
	if _, err := s.resourceTags(v, r); err != nil {
		return "", err
	}
	if p, ok := v.m.Policies[arn]; ok {
		return p, nil
	}
	return "{}", nil
}
