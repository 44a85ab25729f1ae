package kinesisapi

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Patterns of the Kinesis model, with the text AWS quotes for them.
const (
	namePatternText      = "[a-zA-Z0-9_.-]+"
	streamARNPatternText = `arn:aws.*:kinesis:.*:\d{12}:stream/\S+`
	consumerARNText      = `^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+`
	resourceARNText      = `arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+`
	hashKeyPatternText   = `0|([1-9]\d{0,38})`
	seqNumPatternText    = `0|([1-9]\d{0,128})`
)

var (
	namePattern        = regexp.MustCompile(`^[a-zA-Z0-9_.-]+$`)
	streamARNPattern   = regexp.MustCompile(`^arn:aws.*:kinesis:.*:\d{12}:stream/\S+$`)
	consumerARNPattern = regexp.MustCompile(`^(arn):aws.*:kinesis:.*:\d{12}:.*stream/[a-zA-Z0-9_.-]+/consumer/[a-zA-Z0-9_.-]+:[0-9]+$`)
	resourceARNPattern = regexp.MustCompile(`^arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+$`)
	hashKeyPattern     = regexp.MustCompile(`^(0|([1-9]\d{0,38}))$`)
	seqNumPattern      = regexp.MustCompile(`^(0|([1-9]\d{0,128}))$`)
)

// maxValidationErrors is how many problems one ValidationException lists.
const maxValidationErrors = 10

// validator collects the constraint failures of a request, worded as
// Kinesis words them:
//
//	1 validation error detected: Value 'x!' at 'streamName' failed to
//	satisfy constraint: Member must satisfy regular expression pattern: ...
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

// required checks that a member is present.
func (v *validator) required(member string, present bool) {
	if !present {
		v.fail("null", member, "Member must not be null")
	}
}

// str checks an optional string member when it is present, even empty:
// pattern (when re is not nil) and length in characters (maxLen 0: no
// bound).
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
	if maxLen > 0 && n > maxLen {
		v.fail(quote(s), member, "Member must have length less than or equal to "+strconv.Itoa(maxLen))
	}
}

// requiredStr checks a required string member: null when absent, its
// constraints otherwise (an empty string is present).
func (v *validator) requiredStr(member string, value *string, re *regexp.Regexp, patternText string, minLen, maxLen int) {
	v.required(member, value != nil)
	v.str(member, value, re, patternText, minLen, maxLen)
}

// name checks an optional stream or consumer name or shard id.
func (v *validator) name(member string, value *string) {
	v.str(member, value, namePattern, namePatternText, 1, 128)
}

// requiredName checks a required stream or consumer name or shard id.
func (v *validator) requiredName(member string, value *string) {
	v.requiredStr(member, value, namePattern, namePatternText, 1, 128)
}

// stream checks the optional StreamName and StreamARN of a request.
func (v *validator) stream(name, arn *string) {
	v.name("streamName", name)
	v.streamARN(arn)
}

// streamARN checks an optional StreamARN.
func (v *validator) streamARN(arn *string) {
	v.str("streamARN", arn, streamARNPattern, streamARNPatternText, 1, 2048)
}

// intRange checks an optional integer member.
func (v *validator) intRange(member string, p *int, minV, maxV int) {
	if p == nil {
		return
	}
	if *p < minV {
		v.fail(quote(strconv.Itoa(*p)), member, "Member must have value greater than or equal to "+strconv.Itoa(minV))
	}
	if maxV > 0 && *p > maxV {
		v.fail(quote(strconv.Itoa(*p)), member, "Member must have value less than or equal to "+strconv.Itoa(maxV))
	}
}

// enum checks an optional member against its allowed values when it is
// present, even empty.
func (v *validator) enum(member string, value *string, allowed ...string) {
	if value == nil || slices.Contains(allowed, *value) {
		return
	}
	v.fail(quote(*value), member, "Member must satisfy enum value set: ["+strings.Join(allowed, ", ")+"]")
}

// requiredEnum checks a required member against its allowed values.
func (v *validator) requiredEnum(member string, value *string, allowed ...string) {
	v.required(member, value != nil)
	v.enum(member, value, allowed...)
}

// blob checks a required blob member's size.
func (v *validator) blob(member string, b []byte, maxLen int) {
	v.required(member, b != nil)
	if len(b) > maxLen {
		v.fail(quote(fmt.Sprintf("java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]", len(b), len(b))), member,
			"Member must have length less than or equal to "+strconv.Itoa(maxLen))
	}
}

// tags checks a tag map: 1..200 entries, keys 1..128 and values 0..256
// characters.
func (v *validator) tags(member string, tags map[string]string, required bool) {
	if tags == nil {
		if required {
			v.required(member, false)
		}
		return
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	shown := func() string {
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + tags[k]
		}
		return quote("{" + strings.Join(parts, ", ") + "}")
	}
	if len(tags) < 1 {
		v.fail(shown(), member, "Member must have length greater than or equal to 1")
	}
	if len(tags) > 200 {
		v.fail(shown(), member, "Member must have length less than or equal to 200")
	}
	for _, k := range keys {
		if n := utf8.RuneCountInString(k); n < 1 || n > 128 {
			v.fail(shown(), member, "Map keys must satisfy constraint: [Member must have length less than or equal to 128, "+
				"Member must have length greater than or equal to 1]")
			break
		}
	}
	for _, k := range keys {
		if utf8.RuneCountInString(tags[k]) > 256 {
			v.fail(shown(), member, "Map value must satisfy constraint: [Member must have length less than or equal to 256, "+
				"Member must have length greater than or equal to 0]")
			break
		}
	}
}

// list checks a list's length: min..max entries.
func (v *validator) list(member string, items []string, required bool, minLen, maxLen int) {
	if items == nil {
		if required {
			v.required(member, false)
		}
		return
	}
	shown := quote("[" + strings.Join(items, ", ") + "]")
	if len(items) < minLen {
		v.fail(shown, member, "Member must have length greater than or equal to "+strconv.Itoa(minLen))
	}
	if len(items) > maxLen {
		v.fail(shown, member, "Member must have length less than or equal to "+strconv.Itoa(maxLen))
	}
}

// val returns the value of an optional string member, "" when absent.
func val(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// tagKeys checks a list of tag keys: 1..50 keys of 1..128 characters.
func (v *validator) tagKeys(member string, keys []string, required bool) {
	v.list(member, keys, required, 1, maxTagKeys)
	for _, k := range keys {
		if n := utf8.RuneCountInString(k); n < 1 || n > 128 {
			v.fail(quote("["+strings.Join(keys, ", ")+"]"), member, "Member must satisfy constraint: "+
				"[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]")
			return
		}
	}
}

// maxTagKeys is how many tag keys one request may name.
const maxTagKeys = 50
