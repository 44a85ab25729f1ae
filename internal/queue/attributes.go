package queue

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Queue attribute names, as AWS spells them.
const (
	attrAll                           = "All"
	attrPolicy                        = "Policy"
	attrVisibilityTimeout             = "VisibilityTimeout"
	attrMaximumMessageSize            = "MaximumMessageSize"
	attrMessageRetentionPeriod        = "MessageRetentionPeriod"
	attrApproximateNumberOfMessages   = "ApproximateNumberOfMessages"
	attrApproximateNotVisible         = "ApproximateNumberOfMessagesNotVisible"
	attrApproximateDelayed            = "ApproximateNumberOfMessagesDelayed"
	attrCreatedTimestamp              = "CreatedTimestamp"
	attrLastModifiedTimestamp         = "LastModifiedTimestamp"
	attrQueueArn                      = "QueueArn"
	attrDelaySeconds                  = "DelaySeconds"
	attrReceiveMessageWaitTimeSeconds = "ReceiveMessageWaitTimeSeconds"
	attrRedrivePolicy                 = "RedrivePolicy"
	attrRedriveAllowPolicy            = "RedriveAllowPolicy"
	attrFifoQueue                     = "FifoQueue"
	attrContentBasedDeduplication     = "ContentBasedDeduplication"
	attrKmsMasterKeyID                = "KmsMasterKeyId"
	attrKmsDataKeyReusePeriodSeconds  = "KmsDataKeyReusePeriodSeconds"
	attrDeduplicationScope            = "DeduplicationScope"
	attrFifoThroughputLimit           = "FifoThroughputLimit"
	attrSqsManagedSseEnabled          = "SqsManagedSseEnabled"
)

// Attribute limits and defaults.
const (
	defaultVisibilityTimeout  = 30
	maxVisibilityTimeout      = 43200
	maxDelaySeconds           = 900
	maxWaitTimeSeconds        = 20
	defaultMaximumMessageSize = 1048576
	defaultRetentionPeriod    = 345600
)

// readOnlyAttributes are computed by GetQueueAttributes and cannot be set.
var readOnlyAttributes = []string{
	attrApproximateNumberOfMessages, attrApproximateNotVisible, attrApproximateDelayed,
	attrCreatedTimestamp, attrLastModifiedTimestamp, attrQueueArn,
}

// attrKind says how an attribute value is checked and normalised.
type attrKind int

const (
	kindInt attrKind = iota
	kindBool
	kindEnum
	kindText    // any string (KmsMasterKeyId)
	kindJSON    // Policy: a JSON object or empty
	kindRedrive // RedrivePolicy, RedriveAllowPolicy: checked by redrive.go
	kindRate    // SluiceDeliveryRate: a decimal, checked by normalizeRate
	kindURL     // SluicePushEndpoint: an absolute http or https URL
)

// attrRule describes one settable attribute.
type attrRule struct {
	kind     attrKind
	min, max int      // kindInt; kindText: max is the longest value, 0 for any
	values   []string // kindEnum
	fifoOnly bool
	// optional attributes take an empty value, which removes them.
	optional bool
	// def is the value a new queue gets when the attribute is not given;
	// empty means none.
	def string
}

// settableAttributes are the attributes CreateQueue and SetQueueAttributes
// accept (FifoQueue only on create, handled apart).
var settableAttributes = map[string]attrRule{
	attrDelaySeconds:                  {kind: kindInt, max: maxDelaySeconds, def: "0"},
	attrMaximumMessageSize:            {kind: kindInt, min: 1024, max: defaultMaximumMessageSize, def: strconv.Itoa(defaultMaximumMessageSize)},
	attrMessageRetentionPeriod:        {kind: kindInt, min: 60, max: 1209600, def: strconv.Itoa(defaultRetentionPeriod)},
	attrReceiveMessageWaitTimeSeconds: {kind: kindInt, max: maxWaitTimeSeconds, def: "0"},
	attrVisibilityTimeout:             {kind: kindInt, max: maxVisibilityTimeout, def: strconv.Itoa(defaultVisibilityTimeout)},
	attrKmsDataKeyReusePeriodSeconds:  {kind: kindInt, min: 60, max: 86400},
	attrSqsManagedSseEnabled:          {kind: kindBool, def: "true"},
	attrKmsMasterKeyID:                {kind: kindText},
	attrPolicy:                        {kind: kindJSON},
	attrRedrivePolicy:                 {kind: kindRedrive},
	attrRedriveAllowPolicy:            {kind: kindRedrive},
	attrContentBasedDeduplication:     {kind: kindBool, fifoOnly: true, def: "false"},
	attrDeduplicationScope:            {kind: kindEnum, values: []string{"messageGroup", "queue"}, fifoOnly: true, def: "queue"},
	attrFifoThroughputLimit:           {kind: kindEnum, values: []string{"perQueue", "perMessageGroupId"}, fifoOnly: true, def: "perQueue"},
	attrDeliveryRate:                  {kind: kindRate, optional: true},
	attrDeliveryBurst:                 {kind: kindInt, min: 1, max: maxDeliveryBurst, optional: true},
	attrMaxInFlight:                   {kind: kindInt, min: 1, max: inflightLimit, optional: true},
	AttrPushEndpoint:                  {kind: kindURL, optional: true},
	AttrPushSecret:                    {kind: kindText, max: maxPushSecret, optional: true},
	AttrPushConcurrency:               {kind: kindInt, min: 1, max: maxPushConcurrency, optional: true},
	AttrPushTimeout:                   {kind: kindInt, min: 1, max: maxPushTimeout, optional: true},
}

func errUnknownAttribute(name string) error {
	return errorf(ErrInvalidAttributeName, "Unknown Attribute %s.", name)
}

func errAttributeValue(name string) error {
	return errorf(ErrInvalidAttributeValue, "Invalid value for the parameter %s.", name)
}

// normalizeAttribute checks one settable attribute value for a queue of the
// given type and returns it in the form stored. Redrive attributes are
// returned as given; redrive.go checks them.
func normalizeAttribute(name, value string, fifo bool) (string, error) {
	rule, ok := settableAttributes[name]
	if !ok {
		return "", errUnknownAttribute(name)
	}
	if rule.fifoOnly && !fifo {
		return "", errorf(ErrInvalidAttributeName, "You can specify the %s only when FifoQueue is set to true.", name)
	}
	if rule.optional && value == "" {
		return "", nil
	}
	switch rule.kind {
	case kindInt:
		n, err := strconv.Atoi(value)
		if err != nil || n < rule.min || n > rule.max {
			return "", errAttributeValue(name)
		}
		return strconv.Itoa(n), nil
	case kindBool:
		b, ok := parseBool(value)
		if !ok {
			return "", errAttributeValue(name)
		}
		return strconv.FormatBool(b), nil
	case kindEnum:
		for _, v := range rule.values {
			if v == value {
				return value, nil
			}
		}
		return "", errAttributeValue(name)
	case kindRate:
		normalized, ok := normalizeRate(value)
		if !ok {
			return "", errAttributeValue(name)
		}
		return normalized, nil
	case kindURL:
		if !validPushEndpoint(value) {
			return "", errAttributeValue(name)
		}
	case kindText:
		if rule.max > 0 && len(value) > rule.max {
			return "", errAttributeValue(name)
		}
	case kindJSON:
		if value != "" && !json.Valid([]byte(value)) || value != "" && !strings.HasPrefix(strings.TrimSpace(value), "{") {
			return "", errAttributeValue(name)
		}
	}
	return value, nil
}

// parseBool accepts true and false in any case, as AWS does.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// validateAttributeSet checks the rules that span attributes, on the
// attributes a queue would have after a change (merged).
func validateAttributeSet(merged map[string]string) error {
	if merged[attrFifoThroughputLimit] == "perMessageGroupId" && merged[attrDeduplicationScope] != "messageGroup" {
		return errorf(ErrInvalidAttributeValue, "Invalid value for the parameter FifoThroughputLimit. Reason: The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.")
	}
	if merged[attrSqsManagedSseEnabled] == "true" && merged[attrKmsMasterKeyID] != "" {
		return errorf(ErrInvalidAttributeName, "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.")
	}
	return nil
}

// defaultAttributes returns the attributes a new queue of the given type
// starts with.
func defaultAttributes(fifo bool) map[string]string {
	attrs := make(map[string]string)
	for name, rule := range settableAttributes {
		if rule.def != "" && (fifo || !rule.fifoOnly) {
			attrs[name] = rule.def
		}
	}
	if fifo {
		attrs[attrFifoQueue] = "true"
	}
	return attrs
}

// queueConfig is a queue's attributes parsed into the values the message
// operations use.
type queueConfig struct {
	fifo          bool
	visibility    time.Duration
	delay         time.Duration
	retention     time.Duration
	wait          time.Duration
	maxSize       int
	contentDedup  bool
	dedupPerGroup bool
	redrive       *store.Redrive
	delivery      deliveryLimits
}

// parseConfig reads a stored queue's attributes. Stored values were
// normalised on the way in; a missing value takes its default.
func parseConfig(q *store.Queue) queueConfig {
	seconds := func(name string) time.Duration {
		return time.Duration(intAttribute(q.Attributes, name)) * time.Second
	}
	cfg := queueConfig{
		fifo:          q.FIFO,
		visibility:    seconds(attrVisibilityTimeout),
		delay:         seconds(attrDelaySeconds),
		retention:     seconds(attrMessageRetentionPeriod),
		wait:          seconds(attrReceiveMessageWaitTimeSeconds),
		maxSize:       intAttribute(q.Attributes, attrMaximumMessageSize),
		contentDedup:  q.Attributes[attrContentBasedDeduplication] == "true",
		dedupPerGroup: q.Attributes[attrDeduplicationScope] == "messageGroup",
		delivery:      parseDeliveryLimits(q.Attributes),
	}
	if rp, err := parseStoredRedrivePolicy(q.Attributes[attrRedrivePolicy]); err == nil && rp != nil {
		cfg.redrive = rp
	}
	return cfg
}

// intAttribute returns an integer attribute or its default.
func intAttribute(attrs map[string]string, name string) int {
	v, ok := attrs[name]
	if !ok {
		v = settableAttributes[name].def
	}
	n, _ := strconv.Atoi(v)
	return n
}

// effectiveValue is the value an attribute has on a queue, counting
// defaults for attributes not stored.
func effectiveValue(q *store.Queue, name string) string {
	if v, ok := q.Attributes[name]; ok {
		return v
	}
	if name == attrFifoQueue {
		return strconv.FormatBool(q.FIFO)
	}
	rule := settableAttributes[name]
	if rule.fifoOnly && !q.FIFO {
		return ""
	}
	return rule.def
}
