package queue

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/sluicemq/sluice/internal/store"
)

// maxPermissionActions is how many actions one AddPermission may grant.
const maxPermissionActions = 7

// permissionActions are the action names AddPermission accepts. Granting
// SendMessage, DeleteMessage or ChangeMessageVisibility also grants the
// batch variant, as in AWS.
var permissionActions = []string{
	"*", "ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl",
	"ListDeadLetterSourceQueues", "ListMessageMoveTasks", "ListQueueTags", "PurgeQueue",
	"ReceiveMessage", "SendMessage", "StartMessageMoveTask", "CancelMessageMoveTask",
}

// policyDocument is the Policy attribute as AddPermission writes it.
type policyDocument struct {
	Version   string            `json:"Version"`
	ID        string            `json:"Id,omitempty"`
	Statement []json.RawMessage `json:"Statement"`
}

// permissionStatement is one statement AddPermission adds. As AWS writes
// it, a single principal or action is a string and several are a list.
type permissionStatement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal"`
	Action    any            `json:"Action"`
	Resource  string         `json:"Resource"`
}

// policyVersion is the Version of a policy AddPermission starts, as AWS
// writes it.
const policyVersion = "2008-10-17"

// oneOrMany is s itself when it holds one string, else s.
func oneOrMany(s []string) any {
	if len(s) == 1 {
		return s[0]
	}
	return s
}

// AddPermissionParams are the inputs of AddPermission.
type AddPermissionParams struct {
	Queue      QueueRef
	Label      string
	AccountIDs []string // AWSAccountIds
	Actions    []string // ActionNames: SendMessage, ReceiveMessage, ... or *
}

// AddPermission adds a statement with Sid Label to the queue's Policy
// attribute, creating the policy document when the queue has none. A
// label already used gives ErrInvalidParameterValue; more than 7 actions
// give ErrOverLimit.
func (s *Service) AddPermission(ctx context.Context, p *AddPermissionParams) error {
	if err := validatePermission(p); err != nil {
		return err
	}
	q, err := s.store.QueueGet(ctx, p.Queue)
	if err != nil {
		return fromStore(err, storeErrorContext{queue: p.Queue})
	}
	doc, err := s.readPolicy(q)
	if err != nil {
		return err
	}
	if _, found := findStatement(doc, p.Label); found {
		return errorf(ErrInvalidParameterValue, "Value %s for parameter Label is invalid. Reason: Already exists.", p.Label)
	}
	principals := make([]string, len(p.AccountIDs))
	for i, id := range p.AccountIDs {
		principals[i] = "arn:aws:iam::" + id + ":root"
	}
	actions := make([]string, len(p.Actions))
	for i, a := range p.Actions {
		actions[i] = "SQS:" + a
	}
	st := permissionStatement{Sid: p.Label, Effect: "Allow", Resource: s.QueueArn(p.Queue),
		Principal: map[string]any{"AWS": oneOrMany(principals)}, Action: oneOrMany(actions)}
	raw, err := json.Marshal(st)
	if err != nil {
		return err
	}
	doc.Statement = append(doc.Statement, raw)
	return s.writePolicy(ctx, p.Queue, doc)
}

func validatePermission(p *AddPermissionParams) error {
	switch {
	case p.Label == "":
		return errMissingParameter("Label")
	case len(p.AccountIDs) == 0:
		return errMissingParameter("AWSAccountIds")
	case len(p.Actions) == 0:
		return errMissingParameter("Actions")
	case !isWordName(p.Label) || len(p.Label) > maxLabelLength:
		return errorf(ErrInvalidParameterValue, "Value %s for parameter Label is invalid. Reason: Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.", p.Label)
	case len(p.Actions) > maxPermissionActions:
		return errorf(ErrOverLimit, "%d Actions were found, maximum allowed is %d.", len(p.Actions), maxPermissionActions)
	}
	for _, a := range p.Actions {
		if !slices.Contains(permissionActions, a) {
			return errorf(ErrInvalidParameterValue, "Value SQS:%s for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.", a)
		}
	}
	return nil
}

// RemovePermission removes the statement with the given label from the
// queue's Policy attribute, and the attribute when no statement is left.
// An unknown label gives ErrInvalidParameterValue.
func (s *Service) RemovePermission(ctx context.Context, ref QueueRef, label string) error {
	if label == "" {
		return errMissingParameter("Label")
	}
	q, err := s.store.QueueGet(ctx, ref)
	if err != nil {
		return fromStore(err, storeErrorContext{queue: ref})
	}
	doc, err := s.readPolicy(q)
	if err != nil {
		return err
	}
	i, found := findStatement(doc, label)
	if !found {
		return errorf(ErrInvalidParameterValue, "Value %s for parameter Label is invalid. Reason: can't find label.", label)
	}
	doc.Statement = slices.Delete(doc.Statement, i, i+1)
	return s.writePolicy(ctx, ref, doc)
}

// readPolicy parses the queue's Policy, or starts an empty one.
func (s *Service) readPolicy(q *store.Queue) (*policyDocument, error) {
	doc := &policyDocument{Version: policyVersion, ID: s.QueueArn(q.Ref) + "/SQSDefaultPolicy"}
	value := q.Attributes[attrPolicy]
	if value == "" {
		return doc, nil
	}
	if err := json.Unmarshal([]byte(value), doc); err != nil {
		return nil, errorf(ErrInvalidAttributeValue, "Invalid value for the parameter Policy.")
	}
	return doc, nil
}

// findStatement returns the index of the statement with Sid label.
func findStatement(doc *policyDocument, label string) (int, bool) {
	for i, raw := range doc.Statement {
		var st struct{ Sid string }
		if json.Unmarshal(raw, &st) == nil && st.Sid == label {
			return i, true
		}
	}
	return 0, false
}

// writePolicy stores doc as the Policy attribute, or removes the attribute
// when doc has no statements.
func (s *Service) writePolicy(ctx context.Context, ref QueueRef, doc *policyDocument) error {
	value := ""
	if len(doc.Statement) > 0 {
		raw, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		value = string(raw)
	}
	q, err := s.store.QueueUpdate(ctx, &store.QueueUpdateParams{
		Ref: ref, SetAttributes: map[string]string{attrPolicy: value}, Now: s.clock.Now(),
	})
	if err != nil {
		s.forget(ref)
		return fromStore(err, storeErrorContext{queue: ref})
	}
	s.remember(q)
	return nil
}
