package sqsapi

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"io"
	"slices"
	"strings"

	"github.com/sluicemq/sluice/internal/queue"
)

// attributeFilter selects message attributes by the MessageAttributeNames
// of a ReceiveMessage: "All", "*" or ".*" select every attribute,
// "prefix.*" those whose names start with "prefix" (as AWS answers, "Hel.*"
// selects both "Hello" and "Help.Me"), any other entry one name.
type attributeFilter struct {
	all      bool
	names    map[string]bool
	prefixes []string
}

func newAttributeFilter(names []string) attributeFilter {
	f := attributeFilter{names: map[string]bool{}}
	for _, name := range names {
		switch {
		case name == "All" || name == "*" || name == ".*":
			f.all = true
		case strings.HasSuffix(name, ".*"):
			f.prefixes = append(f.prefixes, strings.TrimSuffix(name, ".*"))
		default:
			f.names[name] = true
		}
	}
	return f
}

func (f attributeFilter) selects(name string) bool {
	if f.all || f.names[name] {
		return true
	}
	for _, p := range f.prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// apply returns the selected attributes (nil when none) and whether they
// are all of attrs.
func (f attributeFilter) apply(attrs map[string]queue.MessageAttribute) (map[string]queue.MessageAttribute, bool) {
	if f.all {
		return attrs, true
	}
	var out map[string]queue.MessageAttribute
	for name, v := range attrs {
		if !f.selects(name) {
			continue
		}
		if out == nil {
			out = map[string]queue.MessageAttribute{}
		}
		out[name] = v
	}
	return out, len(out) == len(attrs)
}

// md5OfAttributes is the MD5 digest clients verify against
// MD5OfMessageAttributes: over the attributes sorted by name, each encoded
// as length-prefixed name and data type, then a transport byte (1 for a
// string value, 2 for a binary one) and the length-prefixed value.
func md5OfAttributes(attrs map[string]queue.MessageAttribute) string {
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	slices.Sort(names)
	h := md5.New()
	for _, name := range names {
		v := attrs[name]
		writeLengthPrefixed(h, []byte(name))
		writeLengthPrefixed(h, []byte(v.DataType))
		switch {
		case v.StringValue != "":
			h.Write([]byte{1})
			writeLengthPrefixed(h, []byte(v.StringValue))
		case len(v.BinaryValue) > 0:
			h.Write([]byte{2})
			writeLengthPrefixed(h, v.BinaryValue)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeLengthPrefixed(w io.Writer, b []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	w.Write(n[:])
	w.Write(b)
}
