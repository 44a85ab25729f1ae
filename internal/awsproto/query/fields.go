package query

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// member is one struct field as the query protocol sees it.
type member struct {
	index int
	name  string
	// mapKey and mapValue are the entry member names of a map field.
	mapKey, mapValue string
}

// plans caches the members of each struct type: reflect.Type -> []member.
var plans sync.Map

// membersOf returns the query members of struct type t in field order.
func membersOf(t reflect.Type) ([]member, error) {
	if cached, ok := plans.Load(t); ok {
		return cached.([]member), nil
	}
	var members []member
	for i := range t.NumField() {
		m, ok, err := memberOf(t.Field(i))
		if err != nil {
			return nil, fmt.Errorf("query: %s.%s: %w", t, t.Field(i).Name, err)
		}
		if ok {
			m.index = i
			members = append(members, m)
		}
	}
	plans.Store(t, members)
	return members, nil
}

// memberOf reads the query tag of f; ok is false for fields the protocol
// does not carry.
func memberOf(f reflect.StructField) (m member, ok bool, err error) {
	tag := f.Tag.Get("query")
	if tag == "-" {
		return member{}, false, nil
	}
	if f.Anonymous {
		return member{}, false, fmt.Errorf("embedded fields are not supported")
	}
	if !f.IsExported() {
		return member{}, false, nil
	}
	name, opts, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	m = member{name: name}
	isMap := derefType(f.Type).Kind() == reflect.Map
	if opts == "" {
		if isMap {
			return member{}, false, fmt.Errorf("a map needs the option map=Key/Value")
		}
		return m, true, nil
	}
	names, found := strings.CutPrefix(opts, "map=")
	if !found || !isMap {
		return member{}, false, fmt.Errorf("unknown tag option %q", opts)
	}
	m.mapKey, m.mapValue, found = strings.Cut(names, "/")
	if !found || m.mapKey == "" || m.mapValue == "" || strings.Contains(m.mapValue, "/") {
		return member{}, false, fmt.Errorf("malformed option %q, want map=Key/Value", opts)
	}
	return m, true, nil
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// isBytes reports whether t is []byte, which travels as base64 text.
func isBytes(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8
}

func unsupported(t reflect.Type) error {
	return fmt.Errorf("query: unsupported type %s", t)
}
