// Package awscbor is the AWS CBOR protocol codec (application/x-amz-cbor-1.1),
// which the AWS SDK for Java speaks to Kinesis by default: the members of
// AWS JSON 1.1, named by the wire structs' encoding/json tags, in CBOR.
//
// The differences from AWS JSON are in the values. Blobs ([]byte) are CBOR
// byte strings, not base64 text. Timestamps are epoch milliseconds: a wire
// type whose pointer has the methods of Timestamp is written as CBOR tag 1
// enclosing the integer milliseconds, which is what the Java SDK writes and
// reads (it reads the integer as milliseconds whether or not it is tagged;
// note that RFC 8949 would read tag 1 as seconds, the SDK does not). On
// input a timestamp may be:
//
//   - an integer, tagged 1 or not: epoch milliseconds;
//   - a floating-point number, tagged 1 or not: epoch seconds, as AWS JSON
//     and RFC 8949 have them;
//   - a text string, tagged 0 or not: RFC 3339.
//
// Decoding ignores members the struct does not name, matches names
// case-insensitively when no exact match exists (as encoding/json does),
// accepts the indefinite-length maps and arrays the Java SDK's CBOR
// generator writes, and refuses duplicate keys, invalid UTF-8, nesting
// deeper than MaxNestedLevels and maps or arrays longer than MaxElements.
// Encoding follows encoding/json's omitempty rules and the struct's field
// order.
//
// Like awsjson, this package knows nothing of AWS error tables: Decode
// returns a *DecodeError and the caller picks the AWS error.
package awscbor

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/fxamacker/cbor/v2"
)

// ContentType is the media type of the protocol.
const ContentType = "application/x-amz-cbor-1.1"

// Decoding limits.
const (
	// MaxNestedLevels caps the nesting of maps, arrays and tags. Kinesis
	// inputs nest at most four levels (PutRecords: map, array, map, tag).
	MaxNestedLevels = 16
	// MaxElements caps the entries of one map or array. PutRecords, the
	// longest Kinesis input list, allows 500 records; a longer list up to
	// this cap decodes so that the API can refuse it in its own words.
	MaxElements = 1024
)

// IsContentType reports whether a Content-Type header value names this
// protocol (parameters such as charset are ignored).
func IsContentType(header string) bool {
	mediaType, _, err := mime.ParseMediaType(header)
	return err == nil && mediaType == ContentType
}

var (
	decMode = mustDecMode()
	encMode = mustEncMode()
)

func mustDecMode() cbor.DecMode {
	dm, err := cbor.DecOptions{
		DupMapKey:        cbor.DupMapKeyEnforcedAPF,
		MaxNestedLevels:  MaxNestedLevels,
		MaxArrayElements: MaxElements,
		MaxMapPairs:      MaxElements,
		IndefLength:      cbor.IndefLengthAllowed,
		TagsMd:           cbor.TagsAllowed,
		UTF8:             cbor.UTF8RejectInvalid,
	}.DecMode()
	if err != nil {
		panic(err) // the options are constants
	}
	return dm
}

func mustEncMode() cbor.EncMode {
	em, err := cbor.EncOptions{
		Sort:      cbor.SortNone,
		OmitEmpty: cbor.OmitEmptyGoValue,
	}.EncMode()
	if err != nil {
		panic(err) // the options are constants
	}
	return em
}

// DecodeError is a request body that is not CBOR or does not fit the input
// struct.
type DecodeError struct {
	// Message is the text for the client.
	Message string
}

// Error returns the message, prefixed with the package name.
func (e *DecodeError) Error() string { return "awscbor: " + e.Message }

// Decode fills the struct v points to from body. An empty body decodes as
// an empty map. A client's mistake is reported as a *DecodeError; any
// other error (v is not a non-nil pointer) is the caller's.
func Decode(body []byte, v any) error {
	if len(body) == 0 {
		return nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("awscbor: Decode needs a non-nil pointer, got %T", v)
	}
	target := rv.Elem()
	mt := mirrorOf(target.Type())
	if mt == target.Type() {
		return decodeError(decMode.Unmarshal(body, v))
	}
	m := reflect.New(mt)
	convert(m.Elem(), target)
	if err := decodeError(decMode.Unmarshal(body, m.Interface())); err != nil {
		return err
	}
	convert(target, m.Elem())
	return nil
}

// decodeError turns the library's errors into DecodeErrors.
func decodeError(err error) error {
	if err == nil {
		return nil
	}
	var (
		decodeErr *DecodeError
		typeErr   *cbor.UnmarshalTypeError
		dupErr    *cbor.DupMapKeyError
		nestErr   *cbor.MaxNestedLevelError
		arrayErr  *cbor.MaxArrayElementsError
		mapErr    *cbor.MaxMapPairsError
		extraErr  *cbor.ExtraneousDataError
		syntaxErr *cbor.SyntaxError
	)
	switch {
	case errors.As(err, &decodeErr):
		return err
	case errors.As(err, &typeErr):
		if typeErr.StructFieldName == "" {
			return &DecodeError{Message: fmt.Sprintf("Expected a CBOR map, got %s.", typeErr.CBORType)}
		}
		return &DecodeError{Message: fmt.Sprintf("Invalid value in %s: expected %s, got %s.",
			memberName(typeErr.StructFieldName), goKind(typeErr.GoType), typeErr.CBORType)}
	case errors.As(err, &dupErr):
		return &DecodeError{Message: "Malformed CBOR: a map repeats a key."}
	case errors.As(err, &nestErr):
		return &DecodeError{Message: "Malformed CBOR: nested deeper than " + strconv.Itoa(MaxNestedLevels) + " levels."}
	case errors.As(err, &arrayErr), errors.As(err, &mapErr):
		return &DecodeError{Message: "Malformed CBOR: a map or array has more than " + strconv.Itoa(MaxElements) + " entries."}
	case errors.As(err, &extraErr):
		return &DecodeError{Message: "Unexpected content after the request's CBOR map."}
	case errors.As(err, &syntaxErr):
		return &DecodeError{Message: "Malformed CBOR: " + strings.TrimPrefix(syntaxErr.Error(), "cbor: ") + "."}
	}
	return &DecodeError{Message: "Malformed request: " + strings.TrimPrefix(err.Error(), "cbor: ")}
}

// memberName is the wire name at the end of a qualified field name
// ("kinesisapi.PutRecordsRequestEntry.Data" -> "Data").
func memberName(qualified string) string {
	return qualified[strings.LastIndexByte(qualified, '.')+1:]
}

// goKind names a Go type (as the library spells it) the way a client
// thinks of it.
func goKind(goType string) string {
	t := strings.TrimLeft(goType, "*")
	switch {
	case t == "string":
		return "a text string"
	case t == "bool":
		return "a boolean"
	case t == "[]uint8":
		return "a byte string"
	case strings.HasPrefix(t, "[]"):
		return "an array"
	case strings.HasPrefix(t, "map["):
		return "a map"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "an integer"
	case strings.HasPrefix(t, "float"):
		return "a number"
	}
	return "a map"
}

// Marshal encodes v. A nil v (or nil pointer) is an empty map.
func Marshal(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if v == nil || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return []byte{0xa0}, nil
	}
	mt := mirrorOf(rv.Type())
	if mt == rv.Type() {
		return encMode.Marshal(v)
	}
	m := reflect.New(mt).Elem()
	convert(m, rv)
	return encMode.Marshal(m.Interface())
}

// WriteResponse writes out as the 200 response body. On error nothing has
// been written.
func WriteResponse(w http.ResponseWriter, requestID string, out any) error {
	body, err := Marshal(out)
	if err != nil {
		return fmt.Errorf("awscbor: encode %T: %w", out, err)
	}
	write(w, http.StatusOK, requestID, body)
	return nil
}

// Error is what an AWS CBOR error response says.
type Error struct {
	// Type is the error shape (ResourceNotFoundException), qualified by a
	// namespace if the API qualifies its JSON error types.
	Type    string
	Message string
	// MessageKey, when set, is the member that carries Message, and an
	// empty Message is left out, as in awsjson.Error. Empty: "message",
	// always written.
	MessageKey string
	RequestID  string
}

// WriteError writes e with the given status.
func WriteError(w http.ResponseWriter, status int, e Error) {
	write(w, status, e.RequestID, MarshalError(e))
}

// MarshalError returns the body WriteError writes: the CBOR map
// {"__type": Type, "message": Message}, or with a MessageKey
// {"__type": Type, MessageKey: Message} and {"__type": Type} when there
// is no message.
func MarshalError(e Error) []byte {
	key := e.MessageKey
	if key == "" {
		key = "message"
	}
	members := []string{"__type", e.Type, key, e.Message}
	if e.MessageKey != "" && e.Message == "" {
		members = members[:2]
	}
	body := []byte{0xa0 | byte(len(members)/2)} // a map of one or two pairs
	for _, s := range members {
		b, err := encMode.Marshal(s)
		if err != nil {
			panic(err) // strings always marshal
		}
		body = append(body, b...)
	}
	return body
}

// WriteEmpty writes a 200 response with an empty body, as AWS answers an
// operation that has no output.
func WriteEmpty(w http.ResponseWriter, requestID string) {
	write(w, http.StatusOK, requestID, nil)
}

func write(w http.ResponseWriter, status int, requestID string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("x-amzn-RequestId", requestID)
	w.WriteHeader(status)
	w.Write(body)
}

// IsMapOrArray reports whether body is one well-formed CBOR data item, a
// map or an array (possibly tagged), within the decoding limits: what a
// Coral service takes for a request body before it looks at the members.
func IsMapOrArray(body []byte) bool {
	if decMode.Wellformed(body) != nil {
		return false
	}
	for len(body) > 0 && body[0]>>5 == 6 { // a tag: look at what it encloses
		var tag cbor.RawTag
		if decMode.Unmarshal(body, &tag) != nil {
			return false
		}
		body = tag.Content
	}
	major := body[0] >> 5
	return major == 4 || major == 5
}
