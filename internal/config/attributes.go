package config

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// SQS attribute names the configuration treats specially.
const (
	attrFifoQueue     = "FifoQueue"
	attrRedrivePolicy = "RedrivePolicy"
)

// attrKind says how an attribute's value is read.
type attrKind int

const (
	kindInt attrKind = iota
	kindBool
	kindEnum
	kindText
	kindJSON    // a JSON document, written in YAML or as a JSON string
	kindRedrive // RedrivePolicy: a mapping, read into Queue.Redrive
	kindRate    // SluiceDeliveryRate: a decimal number of messages per second
	kindURL     // SluicePushEndpoint: an absolute http or https URL
)

// attrRule checks one SQS attribute as SQS does, so that a bad value is
// reported with its line before anything starts.
type attrRule struct {
	kind     attrKind
	min, max int
	values   []string
	// optional attributes may be empty, which leaves them unset.
	optional bool
}

// attributeRules are the queue attributes a configuration may set: those
// CreateQueue accepts, by their AWS names, and sluice's delivery limits.
var attributeRules = map[string]attrRule{
	"DelaySeconds":                  {kind: kindInt, max: 900},
	"MaximumMessageSize":            {kind: kindInt, min: 1024, max: 1048576},
	"MessageRetentionPeriod":        {kind: kindInt, min: 60, max: 1209600},
	"ReceiveMessageWaitTimeSeconds": {kind: kindInt, max: 20},
	"VisibilityTimeout":             {kind: kindInt, max: 43200},
	"KmsDataKeyReusePeriodSeconds":  {kind: kindInt, min: 60, max: 86400},
	"SqsManagedSseEnabled":          {kind: kindBool},
	"ContentBasedDeduplication":     {kind: kindBool},
	attrFifoQueue:                   {kind: kindBool},
	"DeduplicationScope":            {kind: kindEnum, values: []string{"messageGroup", "queue"}},
	"FifoThroughputLimit":           {kind: kindEnum, values: []string{"perQueue", "perMessageGroupId"}},
	"KmsMasterKeyId":                {kind: kindText},
	"Policy":                        {kind: kindJSON},
	"RedriveAllowPolicy":            {kind: kindJSON},
	attrRedrivePolicy:               {kind: kindRedrive},
	"SluiceDeliveryRate":            {kind: kindRate, max: maxDeliveryRate, optional: true},
	"SluiceDeliveryBurst":           {kind: kindInt, min: 1, max: 1_000_000, optional: true},
	"SluiceMaxInFlight":             {kind: kindInt, min: 1, max: 120_000, optional: true},
	"SluicePushEndpoint":            {kind: kindURL, optional: true},
	"SluicePushSecret":              {kind: kindText, max: 256, optional: true},
	"SluicePushConcurrency":         {kind: kindInt, min: 1, max: 100, optional: true},
	"SluicePushTimeout":             {kind: kindInt, min: 1, max: 900, optional: true},
}

// Bounds of SluiceDeliveryRate, as the queue package checks it.
const (
	maxDeliveryRate = 1_000_000
	maxRateDecimals = 6
)

// fifoOnlyAttributes may be set only on FIFO queues.
var fifoOnlyAttributes = []string{"ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"}

func attributeNames() []string { return slices.Sorted(maps.Keys(attributeRules)) }

// normalize checks a value and returns it as SQS stores it (numbers without
// leading zeros, booleans as true or false), so that comparing it with a
// queue's current value is exact.
func (r attrRule) normalize(v string) (string, error) {
	if r.optional && v == "" {
		return "", nil
	}
	switch r.kind {
	case kindRate:
		return r.normalizeRate(v)
	case kindInt:
		n, err := strconv.Atoi(v)
		if err != nil {
			return "", fmt.Errorf("%q is not a whole number", v)
		}
		if n < r.min || n > r.max {
			return "", fmt.Errorf("%d is out of range %d to %d", n, r.min, r.max)
		}
		return strconv.Itoa(n), nil
	case kindBool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", fmt.Errorf("%q: want true or false", v)
		}
		return strconv.FormatBool(b), nil
	case kindEnum:
		if !slices.Contains(r.values, v) {
			return "", fmt.Errorf("%q: want one of %v", v, r.values)
		}
	case kindURL:
		if u, err := url.Parse(v); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.User != nil || len(v) > 2048 {
			return "", fmt.Errorf("%q: want an http:// or https:// URL", v)
		}
	case kindText:
		if r.max > 0 && len(v) > r.max {
			return "", fmt.Errorf("%d characters, at most %d", len(v), r.max)
		}
	}
	return v, nil
}

// normalizeRate checks a decimal number of messages per second, 0 to max,
// with at most six digits after the point and no sign or exponent, and
// returns it without redundant zeros.
func (r attrRule) normalizeRate(v string) (string, error) {
	whole, fraction, hasPoint := strings.Cut(v, ".")
	if !isDigits(whole) || hasPoint && (!isDigits(fraction) || len(fraction) > maxRateDecimals) {
		return "", fmt.Errorf("%q is not a decimal number of messages per second such as 10 or 0.5", v)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f > float64(r.max) {
		return "", fmt.Errorf("%s is out of range 0 to %d", v, r.max)
	}
	return strconv.FormatFloat(f, 'f', -1, 64), nil
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
