package query

import (
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// EncodeForm returns the form a query-protocol client sends for the struct
// v (or pointer to it), by the rules Decode reads and the XML encoder
// writes: flattened lists and maps numbered from 1, map entries in key
// order, absent and empty members left out.
func EncodeForm(v any) (url.Values, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("query: EncodeForm needs a struct, not %T", v)
	}
	form := url.Values{}
	if err := formStruct(form, "", rv); err != nil {
		return nil, err
	}
	return form, nil
}

func formStruct(form url.Values, path string, v reflect.Value) error {
	members, err := membersOf(v.Type())
	if err != nil {
		return err
	}
	for _, m := range members {
		if err := formMember(form, join(path, m.name), m, v.Field(m.index)); err != nil {
			return err
		}
	}
	return nil
}

func formMember(form url.Values, path string, m member, v reflect.Value) error {
	if v.Kind() != reflect.Pointer && isEmpty(v) {
		return nil
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch {
	case v.Kind() == reflect.Slice && !isBytes(v.Type()):
		for i := range v.Len() {
			if err := formElement(form, join(path, strconv.Itoa(i+1)), v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case v.Kind() == reflect.Map:
		return formMap(form, path, m, v)
	}
	return formElement(form, path, v)
}

func formElement(form url.Values, path string, v reflect.Value) error {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		return formStruct(form, path, v)
	}
	text, err := scalarText(v)
	if err != nil {
		return err
	}
	form.Set(path, text)
	return nil
}

func formMap(form url.Values, path string, m member, v reflect.Value) error {
	if m.mapKey == "" || v.Type().Key().Kind() != reflect.String {
		return unsupported(v.Type())
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	for i, k := range keys {
		entry := join(path, strconv.Itoa(i+1))
		form.Set(join(entry, m.mapKey), k.String())
		if err := formElement(form, join(entry, m.mapValue), v.MapIndex(k)); err != nil {
			return err
		}
	}
	return nil
}
