package query

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// ContentType is the media type of query-protocol responses.
const ContentType = "text/xml"

// ErrorResponse is what an <ErrorResponse> document says.
type ErrorResponse struct {
	// Type is the fault: Sender or Receiver.
	Type      string
	Code      string
	Message   string
	RequestID string
}

// WriteResponse writes the 200 response of a successful action: the
// <ActionResponse> document in namespace, with out's members in
// <ActionResult> and requestID in <ResponseMetadata>. On error nothing has
// been written.
func WriteResponse(w http.ResponseWriter, namespace, action, requestID string, out any) error {
	body, err := MarshalResponse(namespace, action, requestID, out)
	if err != nil {
		return err
	}
	writeXML(w, http.StatusOK, requestID, body)
	return nil
}

// WriteError writes an <ErrorResponse> document with the given status.
func WriteError(w http.ResponseWriter, namespace string, status int, e ErrorResponse) {
	writeXML(w, status, e.RequestID, MarshalError(namespace, e))
}

func writeXML(w http.ResponseWriter, status int, requestID string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("x-amzn-RequestId", requestID)
	w.WriteHeader(status)
	w.Write(body)
}

// MarshalResponse returns the document WriteResponse writes. A nil out, or
// one whose type has no query members, has no <ActionResult> element, as
// for DeleteMessage.
func MarshalResponse(namespace, action, requestID string, out any) ([]byte, error) {
	result, err := resultValue(out)
	if err != nil {
		return nil, err
	}
	x := newXMLWriter()
	x.startNS(action+"Response", namespace)
	if result.IsValid() {
		x.start(action + "Result")
		if err := x.structMembers(result); err != nil {
			return nil, err
		}
		x.end(action + "Result")
	}
	x.start("ResponseMetadata")
	x.leaf("RequestId", requestID)
	x.end("ResponseMetadata")
	x.end(action + "Response")
	return x.bytes()
}

// resultValue returns the struct to write as the result, or an invalid
// Value when there is none. A nil pointer stands for its zero struct.
func resultValue(out any) (reflect.Value, error) {
	if out == nil {
		return reflect.Value{}, nil
	}
	t := derefType(reflect.TypeOf(out))
	if t.Kind() != reflect.Struct {
		return reflect.Value{}, fmt.Errorf("query: output must be a struct, not %T", out)
	}
	members, err := membersOf(t)
	if err != nil || len(members) == 0 {
		return reflect.Value{}, err
	}
	v := reflect.ValueOf(out)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Zero(t), nil
		}
		v = v.Elem()
	}
	return v, nil
}

// MarshalError returns the <ErrorResponse> document WriteError writes.
func MarshalError(namespace string, e ErrorResponse) []byte {
	x := newXMLWriter()
	x.startNS("ErrorResponse", namespace)
	x.start("Error")
	x.leaf("Type", e.Type)
	x.leaf("Code", e.Code)
	x.leaf("Message", e.Message)
	x.empty("Detail")
	x.end("Error")
	x.leaf("RequestId", e.RequestID)
	x.end("ErrorResponse")
	body, err := x.bytes()
	if err != nil {
		// Only element names reach the encoder unescaped, and these are
		// constants; text is always escaped.
		panic(err)
	}
	return body
}

// xmlWriter writes elements through encoding/xml, so all text is escaped.
type xmlWriter struct {
	buf bytes.Buffer
	enc *xml.Encoder
	err error
}

func newXMLWriter() *xmlWriter {
	x := &xmlWriter{}
	x.buf.WriteString(`<?xml version="1.0"?>`)
	x.enc = xml.NewEncoder(&x.buf)
	return x
}

func (x *xmlWriter) token(t xml.Token) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(t)
	}
}

func (x *xmlWriter) startNS(name, namespace string) {
	x.token(xml.StartElement{Name: xml.Name{Local: name},
		Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: namespace}}})
}

func (x *xmlWriter) start(name string) { x.token(xml.StartElement{Name: xml.Name{Local: name}}) }
func (x *xmlWriter) end(name string)   { x.token(xml.EndElement{Name: xml.Name{Local: name}}) }

func (x *xmlWriter) leaf(name, text string) {
	x.start(name)
	x.token(xml.CharData(text))
	x.end(name)
}

// empty writes <name/>, the form AWS uses for <Detail/>.
func (x *xmlWriter) empty(name string) {
	if x.err == nil {
		x.err = x.enc.Flush()
	}
	x.buf.WriteString("<" + name + "/>")
}

func (x *xmlWriter) bytes() ([]byte, error) {
	if x.err == nil {
		x.err = x.enc.Flush()
	}
	return x.buf.Bytes(), x.err
}

// structMembers writes the members of struct v.
func (x *xmlWriter) structMembers(v reflect.Value) error {
	members, err := membersOf(v.Type())
	if err != nil {
		return err
	}
	for _, m := range members {
		if err := x.member(m, v.Field(m.index)); err != nil {
			return err
		}
	}
	return x.err
}

// member writes one struct member, leaving out what is absent or empty.
func (x *xmlWriter) member(m member, v reflect.Value) error {
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
			if err := x.element(m.name, v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case v.Kind() == reflect.Map:
		return x.mapEntries(m, v)
	}
	return x.element(m.name, v)
}

// isEmpty reports whether v is an empty string, []byte, slice or map.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return false
}

// element writes <name>v</name> for a struct, []byte or scalar v; a nil
// pointer writes nothing.
func (x *xmlWriter) element(name string, v reflect.Value) error {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		x.start(name)
		if err := x.structMembers(v); err != nil {
			return err
		}
		x.end(name)
		return x.err
	}
	text, err := scalarText(v)
	if err != nil {
		return err
	}
	x.leaf(name, text)
	return x.err
}

func (x *xmlWriter) mapEntries(m member, v reflect.Value) error {
	if m.mapKey == "" || v.Type().Key().Kind() != reflect.String {
		return unsupported(v.Type())
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range keys {
		x.start(m.name)
		x.leaf(m.mapKey, k.String())
		if err := x.element(m.mapValue, v.MapIndex(k)); err != nil {
			return err
		}
		x.end(m.name)
	}
	return x.err
}

// scalarText formats a scalar or []byte the way forms and XML carry it.
func scalarText(v reflect.Value) (string, error) {
	switch v.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, v.Type().Bits()), nil
	}
	if isBytes(v.Type()) {
		return base64.StdEncoding.EncodeToString(v.Bytes()), nil
	}
	return "", unsupported(v.Type())
}
