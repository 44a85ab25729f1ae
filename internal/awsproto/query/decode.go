package query

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// Limits on what Decode accepts.
const (
	// MaxParams is the most parameters (key=value pairs) a form may carry.
	MaxParams = 1000
	// maxDepth is the most dot-separated segments a key may have; deeper
	// keys cannot name any member and are ignored.
	maxDepth = 16
	// maxIndexDigits bounds list indexes well above MaxParams.
	maxIndexDigits = 9
)

// ErrorKind says what was wrong with a form.
type ErrorKind int

// Error kinds.
const (
	// InvalidValue is a value that does not parse as its member's type, or
	// a map key given twice.
	InvalidValue ErrorKind = iota + 1
	// Malformed is a form whose shape is wrong: too many parameters, or a
	// list index that is not 1, 2, 3 ... without gaps.
	Malformed
	// MissingKey is a map entry without its key.
	MissingKey
)

// DecodeError says which parameter of a form was wrong and why.
type DecodeError struct {
	Kind ErrorKind
	// Param is the full parameter name, such as
	// SendMessageBatchRequestEntry.2.DelaySeconds.
	Param string
	// Message is the text for the client.
	Message string
}

// Error returns the message, prefixed with the package name.
func (e *DecodeError) Error() string { return "query: " + e.Message }

func invalidValue(param, value, reason string) *DecodeError {
	const maxQuoted = 128
	if len(value) > maxQuoted {
		value = strings.ToValidUTF8(value[:maxQuoted], "") + "..."
	}
	return &DecodeError{Kind: InvalidValue, Param: param,
		Message: fmt.Sprintf("Value %s for parameter %s is invalid. Reason: %s", value, param, reason)}
}

func malformed(param, message string) *DecodeError {
	return &DecodeError{Kind: Malformed, Param: param, Message: message}
}

// node is one segment of the parameter names: "A.1.B=v" makes root -> A -> 1
// -> B with value v.
type node struct {
	value    string
	hasValue bool
	children map[string]*node
}

func (n *node) child(seg string) *node {
	c := n.children[seg]
	if c == nil {
		if n.children == nil {
			n.children = make(map[string]*node)
		}
		c = &node{}
		n.children[seg] = c
	}
	return c
}

// parseTree arranges the form's keys by their dot-separated segments.
func parseTree(form url.Values) (*node, error) {
	count := 0
	for _, values := range form {
		count += len(values)
	}
	if count > MaxParams {
		return nil, malformed("", fmt.Sprintf("The request has %d parameters; at most %d are allowed.", count, MaxParams))
	}
	root := &node{}
	for key, values := range form {
		segs := strings.SplitN(key, ".", maxDepth+1)
		if len(values) == 0 || len(segs) > maxDepth {
			continue
		}
		n := root
		for _, seg := range segs {
			n = n.child(seg)
		}
		n.value, n.hasValue = values[0], true
	}
	return root, nil
}

// Decode fills the struct v points to from form, by v's query tags. A
// client's mistake is reported as a *DecodeError; any other error means v's
// type is not a wire struct this package supports.
func Decode(form url.Values, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("query: Decode needs a non-nil pointer to a struct, not %T", v)
	}
	root, err := parseTree(form)
	if err != nil {
		return err
	}
	_, err = decodeStruct(root, rv.Elem(), "")
	return err
}

// decodeValue decodes n into v; set reports whether n carried a value.
func decodeValue(n *node, v reflect.Value, path string, m member) (set bool, err error) {
	t := v.Type()
	switch {
	case t.Kind() == reflect.Pointer:
		elem := reflect.New(t.Elem())
		set, err := decodeValue(n, elem.Elem(), path, m)
		if set {
			v.Set(elem)
		}
		return set, err
	case t.Kind() == reflect.Struct:
		return decodeStruct(n, v, path)
	case isBytes(t):
		return decodeBytes(n, v, path)
	case t.Kind() == reflect.Slice:
		return decodeList(n, v, path)
	case t.Kind() == reflect.Map:
		return decodeMap(n, v, path, m)
	}
	return decodeScalar(n, v, path)
}

func decodeStruct(n *node, v reflect.Value, path string) (bool, error) {
	members, err := membersOf(v.Type())
	if err != nil {
		return false, err
	}
	anySet := false
	for _, m := range members {
		c := n.children[m.name]
		if c == nil {
			continue
		}
		set, err := decodeValue(c, v.Field(m.index), join(path, m.name), m)
		if err != nil {
			return false, err
		}
		anySet = anySet || set
	}
	return anySet, nil
}

func decodeScalar(n *node, v reflect.Value, path string) (bool, error) {
	if !n.hasValue {
		return false, nil
	}
	s := n.value
	if v.Kind() == reflect.String {
		v.SetString(s)
		return true, nil
	}
	if s == "" {
		return false, nil
	}
	switch v.Kind() {
	case reflect.Bool:
		switch {
		case strings.EqualFold(s, "true"):
			v.SetBool(true)
		case strings.EqualFold(s, "false"):
			v.SetBool(false)
		default:
			return false, invalidValue(path, s, "Must be true or false.")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(s, 10, v.Type().Bits())
		if err != nil {
			return false, invalidValue(path, s, "Must be an integer"+rangeNote(err)+".")
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u, err := strconv.ParseUint(s, 10, v.Type().Bits())
		if err != nil {
			return false, invalidValue(path, s, "Must be a non-negative integer"+rangeNote(err)+".")
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(s, v.Type().Bits())
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return false, invalidValue(path, s, "Must be a number.")
		}
		v.SetFloat(f)
	default:
		return false, unsupported(v.Type())
	}
	return true, nil
}

func rangeNote(err error) string {
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return " in range"
	}
	return ""
}

func decodeBytes(n *node, v reflect.Value, path string) (bool, error) {
	if !n.hasValue {
		return false, nil
	}
	b, err := base64.StdEncoding.DecodeString(n.value)
	if err != nil {
		return false, invalidValue(path, n.value, "Must be base64-encoded.")
	}
	v.SetBytes(b)
	return true, nil
}

// items returns the children of a list or map node in index order. The
// indexes must be exactly 1..len(children), so the result is never longer
// than the form is.
func items(n *node, path string) ([]*node, error) {
	if len(n.children) == 0 {
		return nil, nil
	}
	list := make([]*node, len(n.children))
	for seg, c := range n.children {
		i, ok := parseIndex(seg)
		if !ok {
			return nil, malformed(join(path, seg), fmt.Sprintf(
				"The parameter %s is malformed: %q is not a list index (1, 2, 3, ...).", join(path, seg), seg))
		}
		if i > len(list) {
			return nil, malformed(join(path, seg), fmt.Sprintf(
				"The parameter %s is malformed: the indexes of %s must run from 1 without gaps.", join(path, seg), path))
		}
		list[i-1] = c
	}
	return list, nil
}

// parseIndex parses a positive decimal index without leading zeros.
func parseIndex(seg string) (int, bool) {
	if seg == "" || len(seg) > maxIndexDigits || seg[0] == '0' {
		return 0, false
	}
	i := 0
	for _, c := range []byte(seg) {
		if c < '0' || c > '9' {
			return 0, false
		}
		i = i*10 + int(c-'0')
	}
	return i, true
}

func decodeList(n *node, v reflect.Value, path string) (bool, error) {
	list, err := items(n, path)
	if err != nil || len(list) == 0 {
		return false, err
	}
	slice := reflect.MakeSlice(v.Type(), len(list), len(list))
	for i, item := range list {
		if _, err := decodeValue(item, slice.Index(i), join(path, strconv.Itoa(i+1)), member{}); err != nil {
			return false, err
		}
	}
	v.Set(slice)
	return true, nil
}

func decodeMap(n *node, v reflect.Value, path string, m member) (bool, error) {
	t := v.Type()
	if m.mapKey == "" || t.Key().Kind() != reflect.String {
		return false, unsupported(t)
	}
	list, err := items(n, path)
	if err != nil || len(list) == 0 {
		return false, err
	}
	out := reflect.MakeMapWithSize(t, len(list))
	for i, entry := range list {
		entryPath := join(path, strconv.Itoa(i+1))
		keyNode := entry.children[m.mapKey]
		if keyNode == nil || !keyNode.hasValue {
			keyPath := join(entryPath, m.mapKey)
			return false, &DecodeError{Kind: MissingKey, Param: keyPath,
				Message: "The request must contain the parameter " + keyPath + "."}
		}
		key := reflect.New(t.Key()).Elem()
		key.SetString(keyNode.value)
		if out.MapIndex(key).IsValid() {
			return false, invalidValue(join(entryPath, m.mapKey), keyNode.value, "Duplicate key.")
		}
		value := reflect.New(t.Elem()).Elem()
		if valueNode := entry.children[m.mapValue]; valueNode != nil {
			if _, err := decodeValue(valueNode, value, join(entryPath, m.mapValue), member{}); err != nil {
				return false, err
			}
		}
		out.SetMapIndex(key, value)
	}
	v.Set(out)
	return true, nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
