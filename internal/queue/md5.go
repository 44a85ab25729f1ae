package queue

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
)

// Transport type bytes of the attribute digest.
const (
	transportString byte = 1 // String and Number
	transportBinary byte = 2
)

// md5Hex is the lowercase hex MD5 of b.
func md5Hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}

// md5OfAttributes is the digest SQS clients verify for message attributes
// (MD5OfMessageAttributes) and for system attributes
// (MD5OfMessageSystemAttributes): over the attributes sorted by name, each
// encoded as
//
//	len(name) name len(type) type transport len(value) value
//
// with 4-byte big-endian lengths, a transport byte of 1 for String and
// Number (value: the UTF-8 string) or 2 for Binary (value: the raw bytes),
// and the data type including any custom label. It is empty when there are
// no attributes.
func md5OfAttributes(attrs map[string]MessageAttribute) string {
	if len(attrs) == 0 {
		return ""
	}
	var buf []byte
	appendField := func(b []byte) {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(b)))
		buf = append(buf, b...)
	}
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		a := attrs[name]
		appendField([]byte(name))
		appendField([]byte(a.DataType))
		if isBinaryType(a.DataType) {
			buf = append(buf, transportBinary)
			appendField(a.BinaryValue)
		} else {
			buf = append(buf, transportString)
			appendField([]byte(a.StringValue))
		}
	}
	return md5Hex(buf)
}

// isBinaryType reports whether a data type (with or without a custom label)
// is Binary.
func isBinaryType(dataType string) bool {
	return baseType(dataType) == "Binary"
}

// baseType is the data type without its custom label: "Number.int" gives
// "Number".
func baseType(dataType string) string {
	base, _, _ := strings.Cut(dataType, ".")
	return base
}
