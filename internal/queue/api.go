package queue

import "context"

// CreateQueueParams are the inputs of CreateQueue.
type CreateQueueParams struct {
	Queue QueueRef
	// Attributes are AWS queue attribute names and values (FifoQueue,
	// VisibilityTimeout, RedrivePolicy, ...).
	Attributes map[string]string
	Tags       map[string]string
}

// CreateQueue creates a queue, or does nothing when a queue of that name
// exists with the same values for the attributes given. It validates the
// name and attributes and fills defaults.
func (s *Service) CreateQueue(ctx context.Context, p *CreateQueueParams) error {
	return errNotImplemented
}

// GetQueueUrl returns nil when the queue exists, else ErrQueueDoesNotExist.
// The caller resolves the account (QueueOwnerAWSAccountId or its own) and
// builds the URL.
func (s *Service) GetQueueUrl(ctx context.Context, ref QueueRef) error {
	return errNotImplemented
}

// GetQueueAttributes returns the named attributes of a queue; "All" selects
// every attribute. Unknown names give ErrInvalidAttributeName; no names give
// an empty map. Counts are exact at the time of the call.
func (s *Service) GetQueueAttributes(ctx context.Context, ref QueueRef, names []string) (map[string]string, error) {
	return nil, errNotImplemented
}

// SetQueueAttributes validates and changes settable attributes.
func (s *Service) SetQueueAttributes(ctx context.Context, ref QueueRef, attrs map[string]string) error {
	return errNotImplemented
}

// ListQueuesParams are the inputs of ListQueues.
type ListQueuesParams struct {
	Account string
	Prefix  string
	// MaxResults is 1..1000, or nil when not given. A NextToken is returned
	// only when MaxResults is given and more queues remain.
	MaxResults *int
	// NextToken is a token from a previous answer, or empty.
	NextToken string
}

// ListQueuesResult is the output of ListQueues and ListDeadLetterSourceQueues.
type ListQueuesResult struct {
	Queues    []QueueRef
	NextToken string // empty when there is nothing more
}

// ListQueues lists an account's queues whose names start with Prefix, in
// name order; at most 1000 when MaxResults is not given.
func (s *Service) ListQueues(ctx context.Context, p *ListQueuesParams) (*ListQueuesResult, error) {
	return nil, errNotImplemented
}

// DeleteQueue deletes a queue and its messages. The name cannot be reused
// for 60 seconds (ErrQueueDeletedRecently).
func (s *Service) DeleteQueue(ctx context.Context, ref QueueRef) error {
	return errNotImplemented
}

// PurgeQueue deletes every message of a queue, at most once every 60
// seconds (ErrPurgeQueueInProgress).
func (s *Service) PurgeQueue(ctx context.Context, ref QueueRef) error {
	return errNotImplemented
}

// TagQueue adds or replaces tags.
func (s *Service) TagQueue(ctx context.Context, ref QueueRef, tags map[string]string) error {
	return errNotImplemented
}

// UntagQueue removes tags by key; absent keys are ignored.
func (s *Service) UntagQueue(ctx context.Context, ref QueueRef, keys []string) error {
	return errNotImplemented
}

// ListQueueTags returns a queue's tags.
func (s *Service) ListQueueTags(ctx context.Context, ref QueueRef) (map[string]string, error) {
	return nil, errNotImplemented
}

// AddPermissionParams are the inputs of AddPermission.
type AddPermissionParams struct {
	Queue      QueueRef
	Label      string
	AccountIDs []string // AWSAccountIds
	Actions    []string // ActionNames: SendMessage, ReceiveMessage, ... or *
}

// AddPermission adds a statement to the queue's Policy attribute.
func (s *Service) AddPermission(ctx context.Context, p *AddPermissionParams) error {
	return errNotImplemented
}

// RemovePermission removes the statement with the given label from the
// queue's Policy attribute.
func (s *Service) RemovePermission(ctx context.Context, ref QueueRef, label string) error {
	return errNotImplemented
}

// ListDeadLetterSourceQueuesParams are the inputs of ListDeadLetterSourceQueues.
type ListDeadLetterSourceQueuesParams struct {
	Queue      QueueRef // the dead-letter queue
	MaxResults *int     // 1..1000, or nil
	NextToken  string
}

// ListDeadLetterSourceQueues lists the queues of the dead-letter queue's
// account whose RedrivePolicy targets it.
func (s *Service) ListDeadLetterSourceQueues(ctx context.Context, p *ListDeadLetterSourceQueuesParams) (*ListQueuesResult, error) {
	return nil, errNotImplemented
}
