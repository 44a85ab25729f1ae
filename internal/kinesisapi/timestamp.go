package kinesisapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Timestamp is an AWS timestamp. In AWS JSON it is epoch seconds with a
// millisecond fraction (1459799926.480), a JSON number: AWS refuses a
// string, as UnmarshalJSON does. A CBOR codec sends epoch milliseconds as
// an integer: it converts with EpochMillis and SetEpochMillis.
type Timestamp time.Time

// NewTimestamp returns t as a *Timestamp.
func NewTimestamp(t time.Time) *Timestamp {
	ts := Timestamp(t)
	return &ts
}

// Time returns the timestamp as a time.Time.
func (t Timestamp) Time() time.Time { return time.Time(t) }

// EpochMillis returns the timestamp in milliseconds since the epoch.
func (t Timestamp) EpochMillis() int64 { return time.Time(t).UnixMilli() }

// SetEpochMillis sets the timestamp from milliseconds since the epoch.
func (t *Timestamp) SetEpochMillis(ms int64) { *t = Timestamp(time.UnixMilli(ms).UTC()) }

// MarshalJSON writes epoch seconds with three decimals.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	ms := t.EpochMillis()
	sign := ""
	if ms < 0 {
		sign, ms = "-", -ms
	}
	return fmt.Appendf(nil, "%s%d.%03d", sign, ms/1000, ms%1000), nil
}

// UnmarshalJSON reads epoch seconds, a JSON number. Another kind of value
// is refused with a *json.UnmarshalTypeError naming its kind, so the
// codec reports a member of the wrong type.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if kind := jsonKindOf(b); kind != "number" {
		return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeFor[Timestamp]()}
	}
	s := string(b)
	ms, ok := parseEpochSeconds(s)
	if !ok {
		return fmt.Errorf("invalid timestamp %s", b)
	}
	t.SetEpochMillis(ms)
	return nil
}

// jsonKindOf names the kind of a JSON value as encoding/json does.
func jsonKindOf(b []byte) string {
	switch {
	case len(b) == 0:
		return "number"
	case b[0] == '"':
		return "string"
	case b[0] == 't' || b[0] == 'f':
		return "bool"
	case b[0] == '[':
		return "array"
	case b[0] == '{':
		return "object"
	}
	return "number"
}

// parseEpochSeconds reads decimal epoch seconds to the millisecond without
// going through a float, so 1459799926.480 stays exact.
func parseEpochSeconds(s string) (int64, bool) {
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f > 1e12 || f < -1e12 { // the bound of the decimal form below
			return 0, false
		}
		return int64(f * 1000), true
	}
	whole, frac, _ := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || sec > 1e12 || sec < -1e12 {
		return 0, false
	}
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	ms, _ := strconv.ParseInt((frac + "000")[:3], 10, 64)
	if strings.HasPrefix(whole, "-") {
		return sec*1000 - ms, true
	}
	return sec*1000 + ms, true
}
