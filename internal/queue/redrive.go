package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/sluicemq/sluice/internal/store"
)

// Redrive limits.
const (
	maxReceiveCountLimit = 1000
	maxSourceQueueArns   = 10
)

// Redrive permissions of a RedriveAllowPolicy.
const (
	permissionAllowAll = "allowAll"
	permissionDenyAll  = "denyAll"
	permissionByQueue  = "byQueue"
)

// storedRedrivePolicy is the normalised RedrivePolicy, in the member order
// AWS returns.
type storedRedrivePolicy struct {
	DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	MaxReceiveCount     int    `json:"maxReceiveCount"`
}

// storedAllowPolicy is the normalised RedriveAllowPolicy.
type storedAllowPolicy struct {
	RedrivePermission string   `json:"redrivePermission"`
	SourceQueueArns   []string `json:"sourceQueueArns,omitempty"`
}

func errRedrivePolicy(value, reason string) error {
	return errorf(ErrInvalidParameterValue, "Value %s for parameter RedrivePolicy is invalid. Reason: %s", value, reason)
}

// checkRedrivePolicy validates a RedrivePolicy for the source queue and
// returns its normalised form ("" removes the policy). The dead-letter
// queue must exist in the same account, be of the same type, and allow the
// source by its RedriveAllowPolicy.
func (s *Service) checkRedrivePolicy(ctx context.Context, source QueueRef, fifo bool, value string) (string, error) {
	if value == "" {
		return "", nil
	}
	target, maxCount, err := parseRedrivePolicyInput(value)
	if err != nil {
		return "", err
	}
	dlqRef, ok := parseQueueArn(target)
	if !ok {
		return "", errRedrivePolicy(value, "Only SQS queues are valid resources for deadLetterTargetArn.")
	}
	dlq, err := s.queue(ctx, dlqRef)
	if errors.Is(err, ErrQueueDoesNotExist) {
		return "", errRedrivePolicy(value, "Dead letter target does not exist.")
	} else if err != nil {
		return "", err
	}
	switch {
	case dlqRef.Account != source.Account:
		return "", errRedrivePolicy(value, "Dead-letter target owner should be same as the source.")
	case dlq.q.FIFO != fifo:
		return "", errRedrivePolicy(value, "Dead-letter queue must be same type of queue as the source..")
	case !allowsSource(dlq.q, source):
		return "", errRedrivePolicy(value, "Dead-letter target does not allow this queue as its source by its RedriveAllowPolicy.")
	}
	out, err := json.Marshal(storedRedrivePolicy{DeadLetterTargetArn: s.QueueArn(dlqRef), MaxReceiveCount: maxCount})
	return string(out), err
}

// parseRedrivePolicyInput checks the shape of a client's RedrivePolicy and
// returns its target ARN and receive count.
func parseRedrivePolicyInput(value string) (string, int, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal([]byte(value), &members); err != nil || members == nil {
		return "", 0, errorf(ErrInvalidParameterValue, "Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.")
	}
	rawCount, ok := members["maxReceiveCount"]
	if !ok {
		return "", 0, errRedrivePolicy(value, "Redrive policy does not contain mandatory attribute: maxReceiveCount.")
	}
	rawTarget, ok := members["deadLetterTargetArn"]
	if !ok {
		return "", 0, errRedrivePolicy(value, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.")
	}
	if len(members) > 2 {
		return "", 0, errRedrivePolicy(value, "Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].")
	}
	count, ok := jsonInt(rawCount)
	if !ok || count < 1 || count > maxReceiveCountLimit {
		return "", 0, errRedrivePolicy(value, fmt.Sprintf(
			"Invalid value for maxReceiveCount: %s, valid values are from 1 to 1000 both inclusive.", jsonText(rawCount)))
	}
	var target string
	if json.Unmarshal(rawTarget, &target) != nil || !isArn(target) {
		return "", 0, errRedrivePolicy(value, "Dead-letter target ARN should be fully qualified ARN.")
	}
	return target, count, nil
}

// jsonInt reads an integer given as a JSON number or a decimal string.
func jsonInt(raw json.RawMessage) (int, bool) {
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return n, true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// jsonText is a JSON value as a client would read it: strings unquoted.
func jsonText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// parseStoredRedrivePolicy reads a normalised RedrivePolicy; "" gives nil.
func parseStoredRedrivePolicy(value string) (*store.Redrive, error) {
	if value == "" {
		return nil, nil
	}
	var p storedRedrivePolicy
	if err := json.Unmarshal([]byte(value), &p); err != nil {
		return nil, err
	}
	ref, ok := parseQueueArn(p.DeadLetterTargetArn)
	if !ok {
		return nil, fmt.Errorf("queue: stored redrive policy has a bad target %q", p.DeadLetterTargetArn)
	}
	return &store.Redrive{DeadLetterQueue: ref, MaxReceiveCount: p.MaxReceiveCount}, nil
}

func errAllowPolicy(value, reason string) error {
	return errorf(ErrInvalidParameterValue, "Value %s for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. %s", value, reason)
}

// checkRedriveAllowPolicy validates a RedriveAllowPolicy and returns its
// normalised form ("" removes the policy, which allows every source).
func checkRedriveAllowPolicy(value string) (string, error) {
	if value == "" {
		return "", nil
	}
	var p struct {
		RedrivePermission string           `json:"redrivePermission"`
		SourceQueueArns   *json.RawMessage `json:"sourceQueueArns"`
	}
	var members map[string]json.RawMessage
	unsupported := errorf(ErrInvalidParameterValue, "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it’s in an unsupported format.")
	if json.Unmarshal([]byte(value), &members) != nil || members == nil || json.Unmarshal([]byte(value), &p) != nil {
		return "", unsupported
	}
	for name := range members {
		if name != "redrivePermission" && name != "sourceQueueArns" {
			return "", unsupported
		}
	}
	var arns []string
	if p.SourceQueueArns != nil && json.Unmarshal(*p.SourceQueueArns, &arns) != nil {
		return "", unsupported
	}
	switch {
	case p.RedrivePermission != permissionAllowAll && p.RedrivePermission != permissionDenyAll && p.RedrivePermission != permissionByQueue:
		return "", unsupported
	case p.RedrivePermission != permissionByQueue && len(arns) > 0:
		return "", errAllowPolicy(value, "To specify one or more source queue ARNs, you must set redrivePermission to byQueue.")
	case p.RedrivePermission == permissionByQueue && len(arns) == 0:
		return "", errAllowPolicy(value, "When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.")
	case len(arns) > maxSourceQueueArns:
		return "", errAllowPolicy(value, "The maximum number of source queue ARNs you can specify is 10.")
	}
	out, err := json.Marshal(storedAllowPolicy{RedrivePermission: p.RedrivePermission, SourceQueueArns: arns})
	return string(out), err
}

// allowsSource reports whether dlq's RedriveAllowPolicy lets the queue
// source use it as its dead-letter queue.
func allowsSource(dlq *store.Queue, source QueueRef) bool {
	value := dlq.Attributes[attrRedriveAllowPolicy]
	if value == "" {
		return true
	}
	var p storedAllowPolicy
	if json.Unmarshal([]byte(value), &p) != nil {
		return true
	}
	switch p.RedrivePermission {
	case permissionDenyAll:
		return false
	case permissionByQueue:
		return slices.ContainsFunc(p.SourceQueueArns, func(arn string) bool {
			ref, ok := parseQueueArn(arn)
			return ok && ref == source
		})
	}
	return true
}
