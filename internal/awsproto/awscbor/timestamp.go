package awscbor

import (
	"encoding/binary"
	"math"
	"reflect"
	"sync"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// Timestamp is what a wire type has (on its pointer) to travel as an AWS
// CBOR timestamp. kinesisapi.Timestamp has it.
type Timestamp interface {
	EpochMillis() int64
	SetEpochMillis(ms int64)
}

var timestampType = reflect.TypeFor[Timestamp]()

// isTimestamp reports whether values of t are timestamps.
func isTimestamp(t reflect.Type) bool {
	return t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(timestampType)
}

// epochMillis stands in for a Timestamp type while the library encodes or
// decodes: the wire types' own methods speak JSON, not CBOR.
type epochMillis int64

var epochMillisType = reflect.TypeFor[epochMillis]()

// MarshalCBOR writes tag 1 enclosing the integer milliseconds.
func (m epochMillis) MarshalCBOR() ([]byte, error) {
	return appendInt(append(make([]byte, 0, 10), 0xc1), int64(m)), nil
}

// appendInt appends n as a CBOR integer in its shortest form.
func appendInt(b []byte, n int64) []byte {
	major, u := byte(0x00), uint64(n) // major type 0: unsigned
	if n < 0 {
		major, u = 0x20, uint64(-(n + 1)) // major type 1: -1 - u
	}
	switch {
	case u < 24:
		return append(b, major|byte(u))
	case u <= math.MaxUint8:
		return append(b, major|24, byte(u))
	case u <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, major|25), uint16(u))
	case u <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(b, major|26), uint32(u))
	}
	return binary.BigEndian.AppendUint64(append(b, major|27), u)
}

// UnmarshalCBOR reads the forms the package documentation lists. Null
// leaves the value as it is.
func (m *epochMillis) UnmarshalCBOR(data []byte) error {
	var tag cbor.RawTag
	tagged := len(data) > 0 && data[0]>>5 == 6 // major type 6: a tag
	if tagged {
		if err := decMode.Unmarshal(data, &tag); err != nil {
			return err
		}
		data = tag.Content
	}
	var v any
	if err := decMode.Unmarshal(data, &v); err != nil {
		return err
	}
	if v == nil && !tagged {
		return nil
	}
	ms, ok := millisOf(v, tagged, tag.Number)
	if !ok {
		return errBadTimestamp
	}
	*m = epochMillis(ms)
	return nil
}

var errBadTimestamp = &DecodeError{Message: "Invalid timestamp: expected epoch milliseconds (an integer), " +
	"epoch seconds (a floating-point number) or an RFC 3339 text string."}

// Timestamps are kept within the years 0001 to 9999 (and their epoch
// milliseconds within what a float64 holds exactly).
const (
	minMillis = -62135596800000
	maxMillis = 253402300799999
)

// millisOf reads a decoded timestamp: v is what the library decoded,
// tagNum the enclosing tag's number if tagged.
func millisOf(v any, tagged bool, tagNum uint64) (int64, bool) {
	if tagged && tagNum > 1 {
		return 0, false
	}
	_, isText := v.(string)
	if tagged && (tagNum == 0) != isText {
		return 0, false
	}
	var ms int64
	switch v := v.(type) {
	case uint64:
		if v > maxMillis {
			return 0, false
		}
		ms = int64(v)
	case int64:
		ms = v
	case float64:
		if math.IsNaN(v) || v*1000 < minMillis || v*1000 > maxMillis {
			return 0, false
		}
		ms = int64(math.Round(v * 1000))
	case string:
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return 0, false
		}
		ms = t.UnixMilli()
	default:
		return 0, false
	}
	return ms, ms >= minMillis && ms <= maxMillis
}

// mirrors caches mirrorOf.
var mirrors sync.Map // reflect.Type -> reflect.Type

// mirrorOf returns t with every timestamp type in it replaced by
// epochMillis, or t itself when it holds no timestamps. Struct fields keep
// their names and tags; unexported fields, which no codec sees, are left
// out. A recursive type is returned as it is.
func mirrorOf(t reflect.Type) reflect.Type {
	if m, ok := mirrors.Load(t); ok {
		return m.(reflect.Type)
	}
	m := buildMirror(t, map[reflect.Type]bool{})
	mirrors.Store(t, m)
	return m
}

func buildMirror(t reflect.Type, visiting map[reflect.Type]bool) reflect.Type {
	if isTimestamp(t) {
		return epochMillisType
	}
	if visiting[t] {
		return t
	}
	visiting[t] = true
	defer delete(visiting, t)
	switch t.Kind() {
	case reflect.Pointer:
		if e := buildMirror(t.Elem(), visiting); e != t.Elem() {
			return reflect.PointerTo(e)
		}
	case reflect.Slice:
		if e := buildMirror(t.Elem(), visiting); e != t.Elem() {
			return reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := buildMirror(t.Elem(), visiting); e != t.Elem() {
			return reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Map:
		if e := buildMirror(t.Elem(), visiting); e != t.Elem() {
			return reflect.MapOf(t.Key(), e)
		}
	case reflect.Struct:
		return mirrorStruct(t, visiting)
	}
	return t
}

func mirrorStruct(t reflect.Type, visiting map[reflect.Type]bool) reflect.Type {
	changed := false
	var fields []reflect.StructField
	for _, i := range exportedFields(t) {
		f := t.Field(i)
		if ft := buildMirror(f.Type, visiting); ft != f.Type {
			f.Type, changed = ft, true
		}
		fields = append(fields, reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag, Anonymous: f.Anonymous})
	}
	if !changed {
		return t
	}
	return reflect.StructOf(fields)
}

// exportedCache caches exportedFields.
var exportedCache sync.Map // reflect.Type -> []int

// exportedFields returns the indexes of struct type t's exported fields:
// the fields a mirror keeps, in the same order.
func exportedFields(t reflect.Type) []int {
	if idx, ok := exportedCache.Load(t); ok {
		return idx.([]int)
	}
	var idx []int
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			idx = append(idx, i)
		}
	}
	exportedCache.Store(t, idx)
	return idx
}

// convert copies src into dst, where one's type is the other's mirror (or
// both are the same type).
func convert(dst, src reflect.Value) {
	switch {
	case dst.Type() == src.Type():
		dst.Set(src)
	case dst.Type() == epochMillisType:
		dst.SetInt(addressable(src).Addr().Interface().(Timestamp).EpochMillis())
	case src.Type() == epochMillisType:
		dst.Addr().Interface().(Timestamp).SetEpochMillis(src.Int())
	default:
		convertComposite(dst, src)
	}
}

func convertComposite(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		dst.Set(reflect.New(dst.Type().Elem()))
		convert(dst.Elem(), src.Elem())
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		dst.Set(reflect.MakeSlice(dst.Type(), src.Len(), src.Len()))
		for i := range src.Len() {
			convert(dst.Index(i), src.Index(i))
		}
	case reflect.Array:
		for i := range src.Len() {
			convert(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		dst.Set(reflect.MakeMapWithSize(dst.Type(), src.Len()))
		for it := src.MapRange(); it.Next(); {
			v := reflect.New(dst.Type().Elem()).Elem()
			convert(v, it.Value())
			dst.SetMapIndex(it.Key(), v)
		}
	case reflect.Struct:
		convertStruct(dst, src)
	}
}

// convertStruct copies the exported fields, which a struct and its mirror
// have in the same order.
func convertStruct(dst, src reflect.Value) {
	dstFields := exportedFields(dst.Type())
	for k, i := range exportedFields(src.Type()) {
		convert(dst.Field(dstFields[k]), src.Field(i))
	}
}

// addressable returns v, or an addressable copy of it.
func addressable(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return v
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	return c
}
