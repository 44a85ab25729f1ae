package awsproto

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/sluicemq/sluice/internal/awsproto/awscbor"
	"github.com/sluicemq/sluice/internal/awsproto/awsjson"
)

// Coral framing (RouterConfig.Coral) is how AWS's JSON services built on
// Coral, Kinesis among them, frame requests and their own errors. Before
// the signature, in this order:
//
//   - a method other than POST: 403, XML AccessDeniedException;
//   - an empty body: 400 {"__type":"SerializationException"} when
//     X-Amz-Target names an operation, {"__type":"UnknownOperationException"}
//     otherwise, in JSON for a JSON Content-Type of the API's version and
//     in CBOR for any other;
//   - a Content-Type other than the API's JSON, CBOR 1.1 or
//     application/json: 404 <UnknownOperationException/>, or 403 XML
//     AccessDeniedException without a service and operation in
//     X-Amz-Target;
//   - a body that is not a JSON (or CBOR) object or array: 400
//     {"__type":"SerializationException"};
//   - application/json: the 1.0 envelope {"Output":{"__type":...},
//     "Version":"1.0"}, 400 for a body that does not parse, 404 otherwise;
//   - an X-Amz-Target naming no operation of the API: 400
//     {"__type":"UnknownOperationException"}.
//
// Error types are bare; a member of the wrong type is a
// SerializationException whose text, in a "Message" member, is Coral's
// Java wording; an operation whose output has no members answers an
// empty body.

// Coral's framing errors.
var (
	errCoralSerialization    = ErrorSpec{Type: "SerializationException", Status: 400, Fault: Sender, MessageKey: "Message"}
	errCoralUnknownOperation = ErrorSpec{Type: "UnknownOperationException", Status: 400, Fault: Sender, MessageKey: "message"}
)

// jsonMediaType is the media type of plain JSON, which Coral answers with
// its 1.0 envelope.
const jsonMediaType = "application/json"

// rawReply is an answer the router writes as it is: Coral's framing
// errors in XML or in the 1.0 envelope.
type rawReply struct {
	status      int
	contentType string // empty: no Content-Type
	body        string
	code        string // the error code, for RouterConfig.Served
}

func (r *rawReply) Error() string { return r.code }

// coralXML is a framing error in Coral's XML.
func coralXML(status int, code, message string) *rawReply {
	body := "<" + code + "/>\n"
	if message != "" {
		body = "<" + code + ">\n  <Message>" + message + "</Message>\n</" + code + ">\n"
	}
	return &rawReply{status: status, body: body, code: code}
}

// coralEnvelope is a framing error in the 1.0 envelope Coral gives
// application/json requests.
func coralEnvelope(status int, code string) *rawReply {
	return &rawReply{status: status, contentType: jsonMediaType, code: code,
		body: `{"Output":{"__type":"com.amazon.coral.service#` + code + `"},"Version":"1.0"}`}
}

// writeRaw writes r.
func (x *exchange) writeRaw(r *rawReply) {
	x.status, x.errorCode = r.status, r.code
	h := x.w.Header()
	if r.contentType == "" {
		h["Content-Type"] = nil // no sniffed Content-Type either
	} else {
		h.Set("Content-Type", r.contentType)
	}
	h.Set("x-amzn-RequestId", x.id)
	x.w.WriteHeader(r.status)
	_, _ = x.w.Write([]byte(r.body))
}

// coralFrame applies Coral's checks, in Coral's order, to a request whose
// body has been read; nil means the request goes on to its signature and
// decoding. It may switch the response to CBOR.
func (x *exchange) coralFrame(body []byte) error {
	if x.r.Method != http.MethodPost {
		return coralXML(http.StatusForbidden, "AccessDeniedException", "Unable to determine service/operation name to be authorized")
	}
	media, _, _ := mime.ParseMediaType(x.r.Header.Get("Content-Type"))
	target := x.r.Header.Get("X-Amz-Target")
	service, operation, _ := strings.Cut(target, ".")
	_, known := x.rt.ops[operation]
	known = known && service == x.rt.cfg.TargetPrefix
	ownJSON := awsjson.ContentType(x.rt.cfg.JSONVersion)
	if len(body) == 0 {
		x.cbor = media != ownJSON
		if known {
			return errCoralSerialization.New("")
		}
		return errCoralUnknownOperation.New("")
	}
	if media != ownJSON && media != awscbor.ContentType && media != jsonMediaType {
		if service == "" || operation == "" {
			return coralXML(http.StatusForbidden, "AccessDeniedException", "Unable to determine service/operation name to be authorized")
		}
		return coralXML(http.StatusNotFound, "UnknownOperationException", "")
	}
	if !parsesAsObject(media, body) {
		if media == jsonMediaType {
			return coralEnvelope(http.StatusBadRequest, "SerializationException")
		}
		return errCoralSerialization.New("")
	}
	if media == jsonMediaType {
		return coralEnvelope(http.StatusNotFound, "UnknownOperationException")
	}
	if !known {
		x.target = target
		if service != x.rt.cfg.TargetPrefix && service != "" && x.rt.cfg.Services != "" {
			return errCoralUnknownOperation.New("The X-Amz-Target %q names a service this endpoint does not serve; it serves %s.",
				truncate(target), x.rt.cfg.Services)
		}
		return errCoralUnknownOperation.New("")
	}
	return nil
}

// parsesAsObject reports whether a body is one JSON (or, for CBOR, CBOR)
// object or array, which is all Coral asks of a body before it reads its
// members.
func parsesAsObject(media string, body []byte) bool {
	if media == awscbor.ContentType {
		return awscbor.IsMapOrArray(body)
	}
	trimmed := bytes.TrimSpace(body)
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && json.Valid(trimmed)
}

// epochMillis is the method set of a wire type that is a timestamp.
type epochMillis interface{ EpochMillis() int64 }

var epochMillisType = reflect.TypeFor[epochMillis]()

// coralTypeMessage words a member holding a JSON value of the wrong kind
// (got: "string", "number", "bool", "array", "object") for Go type want
// as Coral does; ok is false where Coral's words need more than that.
func coralTypeMessage(got string, want reflect.Type) (string, bool) {
	for want != nil && want.Kind() == reflect.Pointer {
		want = want.Elem()
	}
	if want == nil {
		return "", false
	}
	switch got {
	case "array":
		if want.Kind() != reflect.Slice || want.Elem().Kind() == reflect.Uint8 {
			return "Start of list found where not expected", true
		}
	case "object":
		if want.Kind() != reflect.Map && want.Kind() != reflect.Struct || reflect.PointerTo(want).Implements(epochMillisType) {
			return "Start of structure or map found where not expected.", true
		}
	}
	if msg := coralScalarMessage(got, want); msg != "" {
		return msg, true
	}
	return "", false
}

// coralScalarMessage words a string, number or boolean where want was
// expected, or returns "".
func coralScalarMessage(got string, want reflect.Type) string {
	javaClass := map[string]string{"bool": "class java.lang.Boolean", "string": "class java.lang.String",
		"number": "class com.amazon.coral.value.json.numbers.TruncatingBigNumber"}[got]
	if javaClass == "" {
		return ""
	}
	switch {
	case reflect.PointerTo(want).Implements(epochMillisType):
		if got != "number" {
			return javaClass + " can not be converted to milliseconds since epoch"
		}
	case want.Kind() == reflect.Slice && want.Elem().Kind() == reflect.Uint8:
		if got != "string" {
			return javaClass + " can not be converted to a Blob"
		}
	case want.Kind() == reflect.Slice:
		return "Expected list or null"
	case want.Kind() == reflect.Map:
		return "Expected map or null"
	case want.Kind() == reflect.Struct:
		return "Expected null"
	case want.Kind() == reflect.String:
		if got != "string" {
			return javaClass + " can not be converted to an String"
		}
	case want.Kind() == reflect.Bool:
		if got == "number" {
			return javaClass + " can not be converted to an Boolean"
		}
	case want.Kind() >= reflect.Int && want.Kind() <= reflect.Uint64:
		if got != "number" {
			return javaClass + " can not be converted to an Integer"
		}
	}
	return ""
}

// isEmptyStruct reports whether out points to a struct with no exported
// fields: the output of an operation that has none.
func isEmptyStruct(out any) bool {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return false
	}
	t := v.Elem().Type()
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			return false
		}
	}
	return true
}
