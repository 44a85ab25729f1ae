package queue

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/time/rate"

	"github.com/sluicemq/sluice/internal/store"
)

// Sluice's own queue attributes, which hold a queue's consumers to a flat
// rate. AWS names no attribute with a "Sluice" prefix, so these cannot
// collide with one it adds; AWS refuses them as unknown.
const (
	// attrDeliveryRate is the messages per second ReceiveMessage hands out
	// across all consumers: a decimal, "0" pausing the queue.
	attrDeliveryRate = "SluiceDeliveryRate"
	// attrDeliveryBurst is the token bucket's size: the most messages
	// handed out at once after a quiet spell.
	attrDeliveryBurst = "SluiceDeliveryBurst"
	// attrMaxInFlight caps the messages of the queue in flight at once.
	attrMaxInFlight = "SluiceMaxInFlight"
)

// Bounds of the delivery attributes.
const (
	maxDeliveryRate  = 1_000_000
	maxDeliveryBurst = 1_000_000
	maxRateDecimals  = 6 // digits after the decimal point
)

// deliveryAttributes are the attributes deliveryLimits are read from.
var deliveryAttributes = []string{attrDeliveryRate, attrDeliveryBurst, attrMaxInFlight}

// deliveryLimits are a queue's delivery attributes, parsed.
type deliveryLimits struct {
	// rated is true when SluiceDeliveryRate is set; a rate of 0 pauses.
	rated bool
	rate  rate.Limit // messages per second
	burst int        // the bucket's size, at least 1
	// maxInFlight caps the messages in flight; 0 means no cap.
	maxInFlight int
}

// limited reports whether any delivery limit applies.
func (l deliveryLimits) limited() bool { return l.rated || l.maxInFlight > 0 }

// parseDeliveryLimits reads the delivery attributes of a stored queue,
// which were normalised on the way in.
func parseDeliveryLimits(attrs map[string]string) deliveryLimits {
	var l deliveryLimits
	if r, err := strconv.ParseFloat(attrs[attrDeliveryRate], 64); err == nil {
		l.rated, l.rate = true, rate.Limit(r)
	}
	l.burst = defaultBurst(float64(l.rate))
	if n, err := strconv.Atoi(attrs[attrDeliveryBurst]); err == nil && n > 0 {
		l.burst = n
	}
	if n, err := strconv.Atoi(attrs[attrMaxInFlight]); err == nil && n > 0 {
		l.maxInFlight = n
	}
	return l
}

// defaultBurst is the bucket size of a rate without SluiceDeliveryBurst:
// one second's worth of messages, at least one.
func defaultBurst(perSecond float64) int {
	return max(1, int(math.Ceil(perSecond)))
}

// normalizeRate checks a SluiceDeliveryRate value: a decimal number of
// messages per second from 0 to maxDeliveryRate with at most six digits
// after the point, no sign or exponent. It returns the value without
// redundant zeros ("0.50" is stored as "0.5").
func normalizeRate(value string) (string, bool) {
	whole, fraction, hasPoint := strings.Cut(value, ".")
	if !isDigits(whole) || hasPoint && (!isDigits(fraction) || len(fraction) > maxRateDecimals) {
		return "", false
	}
	r, err := strconv.ParseFloat(value, 64)
	if err != nil || r > maxDeliveryRate {
		return "", false
	}
	return strconv.FormatFloat(r, 'f', -1, 64), true
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

// isDeliveryAttribute reports whether name is one of the delivery
// attributes.
func isDeliveryAttribute(name string) bool { return slices.Contains(deliveryAttributes, name) }

// touchesDelivery reports whether attribute changes include a delivery
// attribute.
func touchesDelivery(changes map[string]string) bool {
	for name := range changes {
		if isDeliveryAttribute(name) {
			return true
		}
	}
	return false
}

// deliveryValue is what GetQueueAttributes shows for a delivery attribute
// asked for by name: the stored value, the burst a rate implies when no
// burst is set, or "" when the limit is not set.
func deliveryValue(q *store.Queue, name string) string {
	if v, ok := q.Attributes[name]; ok {
		return v
	}
	if l := parseDeliveryLimits(q.Attributes); name == attrDeliveryBurst && l.rated {
		return strconv.Itoa(l.burst)
	}
	return ""
}
