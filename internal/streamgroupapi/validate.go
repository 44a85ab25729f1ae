package streamgroupapi

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Patterns of the group API, with the text its errors quote.
const (
	namePatternText      = "[a-zA-Z0-9_.-]+"
	memberPatternText    = "[a-zA-Z0-9_.:@-]+"
	streamARNPatternText = `arn:aws.*:kinesis:.*:\d{12}:stream/\S+`
	seqNumPatternText    = `0|([1-9]\d{0,128})`
)

var (
	namePattern      = regexp.MustCompile(`^[a-zA-Z0-9_.-]+$`)
	memberPattern    = regexp.MustCompile(`^[a-zA-Z0-9_.:@-]+$`)
	streamARNPattern = regexp.MustCompile(`^arn:aws.*:kinesis:.*:\d{12}:stream/\S+$`)
	seqNumPattern    = regexp.MustCompile(`^(0|([1-9]\d{0,128}))$`)
)

// Start position types on the wire.
var startTypes = []string{"TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"}

// maxValidationErrors is how many problems one ValidationException lists.
const maxValidationErrors = 10

// validator collects the constraint failures of a request, worded as
// Kinesis words them.
type validator struct{ errs []string }

func (v *validator) fail(value, member, constraint string) {
	if len(v.errs) < maxValidationErrors {
		v.errs = append(v.errs, fmt.Sprintf("Value %s at '%s' failed to satisfy constraint: %s", value, member, constraint))
	}
}

// err returns the ValidationException, or nil when nothing failed.
func (v *validator) err() error {
	if len(v.errs) == 0 {
		return nil
	}
	plural := ""
	if len(v.errs) > 1 {
		plural = "s"
	}
	return errValidation.New("%d validation error%s detected: %s", len(v.errs), plural, strings.Join(v.errs, "; "))
}

func quote(s string) string { return "'" + s + "'" }

func (v *validator) required(member string, present bool) {
	if !present {
		v.fail("null", member, "Member must not be null")
	}
}

// str checks an optional string member when it is present, even empty.
func (v *validator) str(member string, value *string, re *regexp.Regexp, patternText string, minLen, maxLen int) {
	if value == nil {
		return
	}
	s := *value
	if re != nil && !re.MatchString(s) {
		v.fail(quote(s), member, "Member must satisfy regular expression pattern: "+patternText)
	}
	n := utf8.RuneCountInString(s)
	if n < minLen {
		v.fail(quote(s), member, "Member must have length greater than or equal to "+strconv.Itoa(minLen))
	}
	if n > maxLen {
		v.fail(quote(s), member, "Member must have length less than or equal to "+strconv.Itoa(maxLen))
	}
}

// stream checks the StreamName and StreamARN of a request; one of them is
// needed (the stream service words its absence).
func (v *validator) stream(name, arn *string) {
	v.str("streamName", name, namePattern, namePatternText, 1, 128)
	v.str("streamARN", arn, streamARNPattern, streamARNPatternText, 1, 2048)
}

// group checks a required GroupName.
func (v *validator) group(name *string) {
	v.required("groupName", name != nil)
	v.str("groupName", name, namePattern, namePatternText, 1, 128)
}

// member checks a MemberId, required unless optional is set.
func (v *validator) member(id *string, optional bool) {
	if !optional {
		v.required("memberId", id != nil)
	}
	v.str("memberId", id, memberPattern, memberPatternText, 1, 128)
}

// enum checks an optional member against its allowed values.
func (v *validator) enum(member string, value *string, allowed ...string) {
	if value == nil || slices.Contains(allowed, *value) {
		return
	}
	v.fail(quote(*value), member, "Member must satisfy enum value set: ["+strings.Join(allowed, ", ")+"]")
}
