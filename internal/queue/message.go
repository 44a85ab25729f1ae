package queue

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sluicemq/sluice/internal/store"
)

// Message limits.
const (
	maxMessageAttributes       = 10
	maxAttributeNameLength     = 256 // names must be shorter
	maxAttributeTypeLength     = 256 // data types must be shorter
	maxBatchEntries            = 10
	maxBatchBytes              = 1048576
	dedupWindow                = 5 * time.Minute
	receiveAttemptWindow       = 5 * time.Minute
	traceHeaderAttribute       = "AWSTraceHeader"
	msgInvalidBodyCharacter    = "Invalid binary character '#x%X' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]."
	msgInvalidNotForQueueType  = "Value %s for parameter %s is invalid. Reason: The request includes a parameter that is not valid for this queue type."
	msgInvalidFIFOID           = "Value %s for parameter %s is invalid. Reason: %s can only include alphanumeric and punctuation characters. 1 to 128 in length."
	msgDedupIDRequired         = "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"
	msgMessageTooLong          = "One or more parameters are invalid. Reason: Message must be shorter than %d bytes."
	msgAttributeValueMissing   = "Message (user) attribute '%s' must contain a non-empty value of type '%s'."
	msgAttributeTypeMissing    = "Missing required parameter DataType"
	msgAttributeTypeInvalid    = `Type for parameter MessageAttributes.Attribute_name.DataType must be prefixed with "String", "Binary", or "Number", but was: %s`
	msgAttributeTypeLength     = "Message (user) attribute types must be shorter than 256 Bytes"
	msgAttributeNumberInvalid  = "Can't cast the value of message (user) attribute '%s' to a number."
	msgAttributeNumberRange    = "Value %s for message (user) attribute '%s' should be in range (-10**128..10**126)."
	msgAttributeNameLength     = "Message (user) attribute names must be shorter than 256 Bytes"
	msgAttributeNameCharacters = "Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. "
	msgAttributeNameReserved   = "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'."
	msgAttributeNamePeriods    = "Message (user) attribute name can not have successive '.' characters."
	msgTooManyAttributes       = "Number of message attributes [%d] exceeds the allowed maximum [%d]."
	msgAttributeValueCharacter = "Invalid binary character '#x%X' was found in the value of message attribute '%s', the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]."
)

// preparedMessage is a validated message ready for the store, with the
// size that counts toward the message and batch limits.
type preparedMessage struct {
	entry store.MessageSendEntry
	size  int
}

// prepareMessage validates one message for a queue and builds what the
// store keeps: id, digests, sender, FIFO group and deduplication id, delay.
func prepareMessage(cfg queueConfig, senderID string, e *SendMessageEntry) (*preparedMessage, error) {
	if e.Body == "" {
		return nil, errMissingParameter("MessageBody")
	}
	if err := checkCharacters(e.Body, func(c rune) error {
		return errorf(ErrInvalidMessageContents, msgInvalidBodyCharacter, c)
	}); err != nil {
		return nil, err
	}
	attrSize, err := checkMessageAttributes(e.Attributes)
	if err != nil {
		return nil, err
	}
	size := len(e.Body) + attrSize
	if size > cfg.maxSize {
		return nil, errorf(ErrInvalidParameterValue, msgMessageTooLong, cfg.maxSize)
	}
	trace, err := checkSystemAttributes(e.SystemAttributes)
	if err != nil {
		return nil, err
	}
	delay, err := messageDelay(cfg, e.DelaySeconds)
	if err != nil {
		return nil, err
	}
	m := &store.Message{
		ID:                    newMessageID(),
		Body:                  e.Body,
		Attributes:            e.Attributes,
		TraceHeader:           trace,
		MD5OfBody:             md5Hex([]byte(e.Body)),
		MD5OfAttributes:       md5OfAttributes(e.Attributes),
		MD5OfSystemAttributes: md5OfAttributes(e.SystemAttributes),
		SenderID:              senderID,
	}
	if err := setGroupAndDedup(cfg, e, m); err != nil {
		return nil, err
	}
	return &preparedMessage{entry: store.MessageSendEntry{Message: m, Delay: delay}, size: size}, nil
}

// checkCharacters reports the first character of s outside the set SQS
// allows (#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF)
// through bad. Bytes that are not UTF-8 are reported by their value.
func checkCharacters(s string, bad func(rune) error) error {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, the common case: one comparison per byte.
			if c < 0x20 && c != 0x9 && c != 0xA && c != 0xD {
				return bad(rune(c))
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return bad(rune(s[i]))
		}
		if !allowedCharacter(r) {
			return bad(r)
		}
		i += n
	}
	return nil
}

func allowedCharacter(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// checkMessageAttributes validates user message attributes and returns the
// bytes they count toward the message size (names, types and values).
func checkMessageAttributes(attrs map[string]MessageAttribute) (int, error) {
	if len(attrs) > maxMessageAttributes {
		return 0, errorf(ErrInvalidParameterValue, msgTooManyAttributes, len(attrs), maxMessageAttributes)
	}
	for name, a := range attrs {
		if err := checkAttributeName(name); err != nil {
			return 0, err
		}
		if err := checkAttributeValue(name, a); err != nil {
			return 0, err
		}
	}
	return attributesSize(attrs), nil
}

// attributesSize is what message attributes count toward the message size:
// the bytes of their names, data types and values.
func attributesSize(attrs map[string]MessageAttribute) int {
	size := 0
	for name, a := range attrs {
		size += len(name) + len(a.DataType) + len(a.StringValue) + len(a.BinaryValue)
	}
	return size
}

// checkAttributeName applies the message attribute name rules: shorter
// than 256 bytes, only [A-Za-z0-9_.-], not starting with AWS. or Amazon.
// in any case, no period first, last or twice in a row.
func checkAttributeName(name string) error {
	if len(name) >= maxAttributeNameLength {
		return errorf(ErrInvalidParameterValue, msgAttributeNameLength)
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isAlnum(c) && c != '_' && c != '-' && c != '.' {
			return errorf(ErrInvalidParameterValue, msgAttributeNameCharacters)
		}
	}
	lower := strings.ToLower(name)
	if name == "" || strings.HasPrefix(lower, "aws.") || strings.HasPrefix(lower, "amazon.") ||
		strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") {
		return errorf(ErrInvalidParameterValue, msgAttributeNameReserved)
	}
	if strings.Contains(name, "..") {
		return errorf(ErrInvalidParameterValue, msgAttributeNamePeriods)
	}
	return nil
}

// checkAttributeValue validates an attribute's data type and value.
func checkAttributeValue(name string, a MessageAttribute) error {
	if a.DataType == "" {
		return errorf(ErrInvalidParameterValue, msgAttributeTypeMissing)
	}
	if len(a.DataType) >= maxAttributeTypeLength {
		return errorf(ErrInvalidParameterValue, msgAttributeTypeLength)
	}
	base, label, hasLabel := strings.Cut(a.DataType, ".")
	if base != "String" && base != "Number" && base != "Binary" || hasLabel && label == "" {
		return errorf(ErrInvalidParameterValue, msgAttributeTypeInvalid, a.DataType)
	}
	if base == "Binary" {
		if len(a.BinaryValue) == 0 {
			return errorf(ErrInvalidParameterValue, msgAttributeValueMissing, name, a.DataType)
		}
		return nil
	}
	if a.StringValue == "" {
		return errorf(ErrInvalidParameterValue, msgAttributeValueMissing, name, a.DataType)
	}
	if base == "Number" {
		if err := checkNumber(name, a.StringValue); err != nil {
			return err
		}
	}
	return checkCharacters(a.StringValue, func(c rune) error {
		return errorf(ErrInvalidParameterValue, msgAttributeValueCharacter, c, name)
	})
}

// checkNumber checks a Number attribute value: a decimal of at most 38
// significant digits between -10^128 and 10^126.
func checkNumber(name, value string) error {
	f, ok := new(big.Float).SetString(value)
	if !ok || f.IsInf() || strings.ContainsAny(value, "xXpP_") {
		return errorf(ErrInvalidParameterValue, msgAttributeNumberInvalid, name)
	}
	mantissa, _, _ := strings.Cut(strings.ToLower(value), "e")
	digits := strings.Trim(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, mantissa), "0")
	if f.Cmp(minNumber) < 0 || f.Cmp(maxNumber) > 0 || len(digits) > 38 {
		return errorf(ErrInvalidParameterValue, msgAttributeNumberRange, value, name)
	}
	return nil
}

// The range of Number attribute values.
var (
	minNumber, _ = new(big.Float).SetString("-1e128")
	maxNumber, _ = new(big.Float).SetString("1e126")
)

// checkSystemAttributes validates MessageSystemAttributes, of which only
// AWSTraceHeader (type String) exists, and returns the trace header.
func checkSystemAttributes(attrs map[string]MessageAttribute) (string, error) {
	for name, a := range attrs {
		if name != traceHeaderAttribute {
			return "", errorf(ErrInvalidParameterValue, "Message system attribute name '%s' is invalid.", name)
		}
		if a.DataType != "String" {
			return "", errorf(ErrInvalidParameterValue, "The message system attribute '%s' must be of type 'String'.", name)
		}
		if err := checkAttributeValue(name, a); err != nil {
			return "", err
		}
	}
	return attrs[traceHeaderAttribute].StringValue, nil
}

// messageDelay returns the delay of a message: its own (0..900, standard
// queues only) or the queue's DelaySeconds.
func messageDelay(cfg queueConfig, seconds *int) (time.Duration, error) {
	switch {
	case seconds == nil:
		return cfg.delay, nil
	case cfg.fifo && *seconds != 0:
		return 0, errorf(ErrInvalidParameterValue,
			"Value %d for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.", *seconds)
	case cfg.fifo:
		return cfg.delay, nil
	case *seconds < 0 || *seconds > maxDelaySeconds:
		return 0, errorf(ErrInvalidParameterValue,
			"Value %d for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.", *seconds)
	}
	return time.Duration(*seconds) * time.Second, nil
}

// setGroupAndDedup applies the FIFO rules (group required; deduplication id
// given or derived from the body) and the fair-queue rule of standard
// queues (a group id is accepted, a deduplication id is not).
func setGroupAndDedup(cfg queueConfig, e *SendMessageEntry, m *store.Message) error {
	if e.GroupID != "" && !isFIFOID(e.GroupID) {
		return errorf(ErrInvalidParameterValue, msgInvalidFIFOID, e.GroupID, "MessageGroupId", "MessageGroupId")
	}
	m.GroupID = e.GroupID
	if !cfg.fifo {
		if e.DedupID != "" {
			return errorf(ErrInvalidParameterValue, msgInvalidNotForQueueType, e.DedupID, "MessageDeduplicationId")
		}
		return nil
	}
	if e.GroupID == "" {
		return errMissingParameter("MessageGroupId")
	}
	switch {
	case e.DedupID != "" && !isFIFOID(e.DedupID):
		return errorf(ErrInvalidParameterValue, msgInvalidFIFOID, e.DedupID, "MessageDeduplicationId", "MessageDeduplicationId")
	case e.DedupID != "":
		m.DedupID = e.DedupID
	case cfg.contentDedup:
		sum := sha256.Sum256([]byte(e.Body))
		m.DedupID = hex.EncodeToString(sum[:])
	default:
		return errorf(ErrInvalidParameterValue, msgDedupIDRequired)
	}
	return nil
}

// newMessageID returns a random (version 4) UUID.
func newMessageID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
