package eventstream

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// Payload is how a response encodes the payloads of its messages.
type Payload struct {
	// ContentType is sent as each message's :content-type.
	ContentType string
	// Marshal encodes an event or exception payload.
	Marshal func(v any) ([]byte, error)
}

// JSON is the payload encoding of AWS JSON clients: event structs by their
// encoding/json tags.
var JSON = Payload{ContentType: "application/json", Marshal: json.Marshal}

// Response is an event-stream HTTP response as AWS RPC protocols (AWS
// JSON, AWS CBOR) send one: status 200, Content-Type
// application/vnd.amazon.eventstream and x-amzn-RequestId, then an
// initial-response event (the clients read the operation's output from it,
// and SubscribeToShard's output has no members: its payload is an empty
// object), then the events, then, if the stream fails, an exception
// message. Each message is flushed as it is written, so it reaches the
// client at once over HTTP/1.1 (chunked) and HTTP/2 alike.
//
// Nothing is written until the first event or exception, so an error found
// before it can still be sent as an ordinary error response: check
// Started. A Response is not safe for concurrent use.
type Response struct {
	w         http.ResponseWriter
	rc        *http.ResponseController
	requestID string
	payload   Payload
	enc       *Encoder
	deadline  time.Time
	started   bool
}

// NewResponse returns a Response that will write to w.
func NewResponse(w http.ResponseWriter, requestID string, payload Payload) *Response {
	rc := http.NewResponseController(w)
	return &Response{w: w, rc: rc, requestID: requestID, payload: payload,
		enc: NewEncoder(flushWriter{w: w, rc: rc})}
}

// SetDeadline sets the time by which the whole stream must be written. When
// the response starts it replaces the server's write timeout, which is
// meant for ordinary responses and would cut a stream short (a
// SubscribeToShard lasts five minutes). The zero time, the default, means
// no deadline: then only the end of the stream or of the connection ends
// a write that a client does not read. Call it before the first Event.
func (r *Response) SetDeadline(t time.Time) { r.deadline = t }

// Started reports whether the response has begun: whether an ordinary
// error response is too late.
func (r *Response) Started() bool { return r.started }

// Event sends v, encoded by the response's Payload, as an event of the
// given type (SubscribeToShardEvent), starting the response first. An
// error means the client is gone or v does not encode; the stream should
// end.
func (r *Response) Event(eventType string, v any) error {
	body, err := r.payload.Marshal(v)
	if err != nil {
		return err
	}
	if err := r.start(); err != nil {
		return err
	}
	return r.enc.Event(eventType, r.payload.ContentType, body)
}

// Exception sends an exception message of the given type
// (ResourceNotFoundException, InternalFailureException) whose payload is
// {"message": message}, starting the response first if need be; nothing
// should follow it.
func (r *Response) Exception(exceptionType, message string) error {
	body, err := r.payload.Marshal(exceptionPayload{Message: message})
	if err != nil {
		return err
	}
	if err := r.start(); err != nil {
		return err
	}
	return r.enc.Exception(exceptionType, r.payload.ContentType, body)
}

// exceptionPayload is the body of an exception message.
type exceptionPayload struct {
	Message string `json:"message"`
}

// start sends the headers and the initial-response event, once, after
// putting the stream's deadline in place of the server's write timeout.
func (r *Response) start() error {
	if r.started {
		return nil
	}
	r.started = true
	h := r.w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("x-amzn-RequestId", r.requestID)
	h.Del("Content-Length")
	if err := r.rc.SetWriteDeadline(r.deadline); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	r.w.WriteHeader(http.StatusOK)
	body, err := r.payload.Marshal(struct{}{})
	if err != nil {
		return err
	}
	return r.enc.Event("initial-response", r.payload.ContentType, body)
}

// flushWriter flushes through the ResponseController, which finds the
// Flush method of a ResponseWriter behind wrappers that have Unwrap.
type flushWriter struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

func (f flushWriter) Write(p []byte) (int, error) { return f.w.Write(p) }

func (f flushWriter) Flush() error { return f.rc.Flush() }
