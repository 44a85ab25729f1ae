// Package awsjson is the AWS JSON protocol codec (application/x-amz-json-1.0
// for SQS, 1.1 for Kinesis): request bodies in, response and error bodies
// out, by the wire structs' encoding/json tags.
//
// Decoding ignores members the struct does not name and matches names as
// encoding/json does (case-insensitively). Encoding follows the tags
// exactly, so an API whose clients need empty lists and maps left out (SQS)
// must tag them omitempty; CheckOmitEmpty finds the ones that are not.
//
// Like package query, this package knows nothing of AWS error tables:
// Decode returns a *DecodeError and the caller picks the AWS error.
package awsjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// ContentType returns the media type of a JSON protocol version ("1.0").
func ContentType(version string) string { return "application/x-amz-json-" + version }

// DecodeError is a request body that is not JSON or does not fit the input
// struct.
type DecodeError struct {
	// Message is the text for the client.
	Message string
	// Got and Want are set when a member (or the body) holds a JSON value
	// of the wrong type: Got is the JSON kind ("string", "number",
	// "bool", "array", "object"), Want the Go type it was meant for.
	Got  string
	Want reflect.Type
}

// Error returns the message, prefixed with the package name.
func (e *DecodeError) Error() string { return "awsjson: " + e.Message }

// Decode fills the struct v points to from body. An empty body decodes as
// {}. A client's mistake is reported as a *DecodeError.
func Decode(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err == nil || !errors.Is(err, io.EOF) {
		return &DecodeError{Message: "Unexpected content after the request's JSON object."}
	}
	return nil
}

func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var invalidErr *json.InvalidUnmarshalError
	switch {
	case errors.As(err, &invalidErr):
		return err
	case errors.As(err, &typeErr):
		got, _, _ := strings.Cut(typeErr.Value, " ")
		if typeErr.Field == "" {
			return &DecodeError{Message: fmt.Sprintf("Expected a JSON object, got %s.", typeErr.Value),
				Got: got, Want: typeErr.Type}
		}
		return &DecodeError{Message: fmt.Sprintf("Invalid value for %s: expected %s, got %s.",
			typeErr.Field, jsonKind(typeErr.Type), typeErr.Value), Got: got, Want: typeErr.Type}
	case errors.As(err, &syntaxErr):
		return &DecodeError{Message: "Malformed JSON at offset " + strconv.FormatInt(syntaxErr.Offset, 10) + "."}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &DecodeError{Message: "Malformed JSON: the body ends early."}
	}
	// Errors from a member's UnmarshalJSON, such as bad base64.
	return &DecodeError{Message: "Malformed request: " + err.Error()}
}

// jsonKind names a Go type the way a client thinks of it.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "a base64 string"
		}
		return "a list"
	}
	return "an object"
}

// WriteResponse writes out as the 200 response body. A nil out (or nil
// pointer) is written as {}. On error nothing has been written.
func WriteResponse(w http.ResponseWriter, version, requestID string, out any) error {
	body := []byte("{}")
	if v := reflect.ValueOf(out); out != nil && !(v.Kind() == reflect.Pointer && v.IsNil()) {
		var err error
		if body, err = marshal(out); err != nil {
			return fmt.Errorf("awsjson: encode %T: %w", out, err)
		}
	}
	write(w, version, http.StatusOK, requestID, body)
	return nil
}

// WriteEmpty writes a 200 response with an empty body, as AWS's JSON 1.1
// services (Kinesis) answer an operation that has no output.
func WriteEmpty(w http.ResponseWriter, version, requestID string) {
	write(w, version, http.StatusOK, requestID, nil)
}

// marshal encodes v without escaping <, > and &, as AWS does.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Error is what an AWS JSON error response says.
type Error struct {
	// Type is the error shape, qualified by its namespace
	// (com.amazonaws.sqs#QueueDoesNotExist).
	Type    string
	Message string
	// MessageKey, when set, is the member that carries Message ("Message"
	// in Kinesis's SerializationException), and an empty Message is left
	// out. Empty: "message", always written.
	MessageKey string
	// QueryError, when set, is sent as the x-amzn-query-error header, as
	// query-compatible APIs (SQS) do: "<query code>;<Sender|Receiver>".
	QueryError string
	RequestID  string
}

// WriteError writes e with the given status.
func WriteError(w http.ResponseWriter, version string, status int, e Error) {
	if e.QueryError != "" {
		w.Header().Set("x-amzn-query-error", e.QueryError)
	}
	write(w, version, status, e.RequestID, MarshalError(e))
}

// MarshalError returns the body WriteError writes:
// {"__type":"<Type>","message":"<Message>"}, or, with a MessageKey,
// {"__type":"<Type>","<MessageKey>":"<Message>"} and {"__type":"<Type>"}
// when there is no message.
func MarshalError(e Error) []byte {
	var body []byte
	var err error
	switch {
	case e.MessageKey == "":
		body, err = marshal(struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}{e.Type, e.Message})
	case e.Message == "":
		body, err = marshal(struct {
			Type string `json:"__type"`
		}{e.Type})
	default:
		// Marshalled by hand: the member's name is not a constant.
		var typ, key, msg []byte
		typ, err = marshal(e.Type)
		if err == nil {
			key, err = marshal(e.MessageKey)
		}
		if err == nil {
			msg, err = marshal(e.Message)
		}
		body = fmt.Appendf(nil, `{"__type":%s,%s:%s}`, typ, key, msg)
	}
	if err != nil {
		panic(err) // strings always marshal
	}
	return body
}

func write(w http.ResponseWriter, version string, status int, requestID string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ContentType(version))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("x-amzn-RequestId", requestID)
	w.WriteHeader(status)
	w.Write(body)
}

// CheckOmitEmpty returns an error naming every slice or map member reachable
// from v's type whose json tag lacks omitempty, so an API can assert in a
// test that its outputs never carry empty lists or maps.
func CheckOmitEmpty(v any) error {
	var missing []string
	walkOmitEmpty(reflect.TypeOf(v), map[reflect.Type]bool{}, &missing)
	if len(missing) > 0 {
		return fmt.Errorf("awsjson: lists and maps without omitempty: %s", strings.Join(missing, ", "))
	}
	return nil
}

func walkOmitEmpty(t reflect.Type, seen map[reflect.Type]bool, missing *[]string) {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map) {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		fieldPath := t.Name() + "." + name
		kind := f.Type.Kind()
		if (kind == reflect.Slice || kind == reflect.Map) && !hasOption(opts, "omitempty") {
			*missing = append(*missing, fieldPath)
		}
		walkOmitEmpty(f.Type, seen, missing)
	}
}

func hasOption(opts, want string) bool {
	for opt := range strings.SplitSeq(opts, ",") {
		if opt == want {
			return true
		}
	}
	return false
}
