// Package eventstream writes AWS event streams
// (application/vnd.amazon.eventstream), the binary framing of Kinesis
// SubscribeToShard responses.
//
// A message is a prelude (total length and headers length, big-endian
// uint32s, and the CRC32 of those eight bytes), the headers, the payload
// and the CRC32 of everything before it. A header is its name's length (one
// byte), the name, a value type byte and the value. Only string values
// (type 7: a big-endian uint16 length and the bytes) are written: every
// header of the AWS RPC event streams is a string.
//
// Encoder writes messages to any io.Writer; Response serves a whole event
// stream over HTTP the way AWS RPC protocols do: the initial-response
// event, then one event message per event, then, if the stream fails, an
// exception message.
package eventstream

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
)

// ContentType is the media type of an event stream.
const ContentType = "application/vnd.amazon.eventstream"

// Limits of the format as AWS defines it.
const (
	// MaxMessageBytes caps one message, framing included.
	MaxMessageBytes = 16 << 20
	// MaxHeadersBytes caps the encoded headers of one message.
	MaxHeadersBytes = 128 << 10
	// maxNameBytes and maxValueBytes cap one header's name and value.
	maxNameBytes  = 255
	maxValueBytes = 1<<15 - 1
)

const (
	preludeBytes    = 8 // total length, headers length
	checksumBytes   = 4
	overheadBytes   = preludeBytes + 2*checksumBytes
	stringValueType = 7
)

// Names of the headers of the AWS RPC event streams.
const (
	MessageTypeHeader   = ":message-type"
	EventTypeHeader     = ":event-type"
	ExceptionTypeHeader = ":exception-type"
	ContentTypeHeader   = ":content-type"
)

// Values of the :message-type header.
const (
	EventMessage     = "event"
	ExceptionMessage = "exception"
)

// Header is one message header with a string value.
type Header struct {
	Name, Value string
}

// Message is one event-stream message.
type Message struct {
	Headers []Header
	Payload []byte
}

// AppendMessage appends the encoding of m to dst. It fails, appending
// nothing, when a header name is empty or longer than 255 bytes, a value
// is longer than 32767 bytes, or the headers or the message exceed
// MaxHeadersBytes or MaxMessageBytes.
func AppendMessage(dst []byte, m Message) ([]byte, error) {
	headersLen := 0
	for _, h := range m.Headers {
		if len(h.Name) == 0 || len(h.Name) > maxNameBytes {
			return dst, fmt.Errorf("eventstream: header name %q is empty or longer than %d bytes", h.Name, maxNameBytes)
		}
		if len(h.Value) > maxValueBytes {
			return dst, fmt.Errorf("eventstream: header %s: value longer than %d bytes", h.Name, maxValueBytes)
		}
		headersLen += 1 + len(h.Name) + 1 + 2 + len(h.Value)
	}
	if headersLen > MaxHeadersBytes {
		return dst, fmt.Errorf("eventstream: %d bytes of headers, more than %d", headersLen, MaxHeadersBytes)
	}
	total := overheadBytes + headersLen + len(m.Payload)
	if total > MaxMessageBytes {
		return dst, fmt.Errorf("eventstream: a %d-byte message, more than %d", total, MaxMessageBytes)
	}
	start := len(dst)
	dst = binary.BigEndian.AppendUint32(dst, uint32(total))
	dst = binary.BigEndian.AppendUint32(dst, uint32(headersLen))
	dst = binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:]))
	for _, h := range m.Headers {
		dst = append(dst, byte(len(h.Name)))
		dst = append(dst, h.Name...)
		dst = append(dst, stringValueType)
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(h.Value)))
		dst = append(dst, h.Value...)
	}
	dst = append(dst, m.Payload...)
	return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:])), nil
}

// Encoder writes messages to a writer, each in one Write, and flushes the
// writer after each when it can: when it has a Flush method, with or
// without an error result (http.Flusher, bufio.Writer).
type Encoder struct {
	w   io.Writer
	buf []byte
}

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w} }

// Encode writes m and flushes.
func (e *Encoder) Encode(m Message) error {
	buf, err := AppendMessage(e.buf[:0], m)
	if err != nil {
		return err
	}
	e.buf = buf
	if _, err := e.w.Write(buf); err != nil {
		return err
	}
	switch f := e.w.(type) {
	case interface{ Flush() error }:
		if err := f.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
	case http.Flusher:
		f.Flush()
	}
	return nil
}

// Event writes an event message: :message-type event, :event-type
// eventType and, when contentType is not empty, :content-type.
func (e *Encoder) Event(eventType, contentType string, payload []byte) error {
	return e.Encode(Message{Headers: typedHeaders(EventMessage, EventTypeHeader, eventType, contentType),
		Payload: payload})
}

// Exception writes an exception message: :message-type exception,
// :exception-type exceptionType and, when contentType is not empty,
// :content-type.
func (e *Encoder) Exception(exceptionType, contentType string, payload []byte) error {
	return e.Encode(Message{Headers: typedHeaders(ExceptionMessage, ExceptionTypeHeader, exceptionType, contentType),
		Payload: payload})
}

func typedHeaders(messageType, typeHeader, typeName, contentType string) []Header {
	h := []Header{{Name: typeHeader, Value: typeName}}
	if contentType != "" {
		h = append(h, Header{Name: ContentTypeHeader, Value: contentType})
	}
	return append(h, Header{Name: MessageTypeHeader, Value: messageType})
}
