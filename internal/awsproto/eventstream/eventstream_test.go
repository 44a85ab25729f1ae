package eventstream

import (
	"bytes"
	"encoding/hex"
	"io"
	"reflect"
	"strings"
	"testing"

	awses "github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// decodeAll reads messages with aws-sdk-go-v2's decoder until the input
// ends.
func decodeAll(t *testing.T, b []byte) []awses.Message {
	t.Helper()
	r := bytes.NewReader(b)
	dec := awses.NewDecoder()
	var out []awses.Message
	for r.Len() > 0 {
		m, err := dec.Decode(r, nil)
		if err != nil {
			t.Fatalf("decode message %d: %v", len(out), err)
		}
		out = append(out, m.Clone())
	}
	return out
}

// stringHeaders returns a decoded message's headers, all of which must be
// strings.
func stringHeaders(t *testing.T, m awses.Message) []Header {
	t.Helper()
	var hs []Header
	for _, h := range m.Headers {
		v, ok := h.Value.(awses.StringValue)
		if !ok {
			t.Fatalf("header %s is a %T, want a string", h.Name, h.Value)
		}
		hs = append(hs, Header{Name: h.Name, Value: string(v)})
	}
	return hs
}

func TestAppendMessage_Golden(t *testing.T) {
	t.Parallel()
	// The event-stream test vector "payload_one_str_header".
	want, _ := hex.DecodeString("0000003d0000002007fd83960c636f6e74656e742d747970650700106170" +
		"706c69636174696f6e2f6a736f6e7b27666f6f273a27626172277d8d9c08b1")
	got, err := AppendMessage(nil, Message{Headers: []Header{{Name: "content-type", Value: "application/json"}},
		Payload: []byte("{'foo':'bar'}")})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("AppendMessage =\n%x\nwant\n%x", got, want)
	}
	empty, err := AppendMessage([]byte("x"), Message{})
	if err != nil || len(empty) != 1+overheadBytes {
		t.Errorf("AppendMessage(empty) = %x, %v", empty, err)
	}
}

func TestAppendMessage_DecodesWithSDK(t *testing.T) {
	t.Parallel()
	msgs := []Message{
		{},
		{Headers: []Header{{Name: ":message-type", Value: "event"}, {Name: ":event-type", Value: "initial-response"},
			{Name: "empty", Value: ""}}, Payload: []byte("{}")},
		{Headers: []Header{{Name: strings.Repeat("n", maxNameBytes), Value: strings.Repeat("v", maxValueBytes)}}},
		{Payload: bytes.Repeat([]byte{0, 0xff}, 1<<20)},
	}
	var stream []byte
	for _, m := range msgs {
		var err error
		if stream, err = AppendMessage(stream, m); err != nil {
			t.Fatal(err)
		}
	}
	decoded := decodeAll(t, stream)
	if len(decoded) != len(msgs) {
		t.Fatalf("decoded %d messages, want %d", len(decoded), len(msgs))
	}
	for i, m := range decoded {
		if h := stringHeaders(t, m); !reflect.DeepEqual(h, msgs[i].Headers) {
			t.Errorf("message %d: headers %v, want %v", i, h, msgs[i].Headers)
		}
		if !bytes.Equal(m.Payload, msgs[i].Payload) {
			t.Errorf("message %d: payload of %d bytes, want %d", i, len(m.Payload), len(msgs[i].Payload))
		}
	}
}

func TestAppendMessage_Limits(t *testing.T) {
	t.Parallel()
	manyHeaders := make([]Header, 0, 5)
	for range cap(manyHeaders) {
		manyHeaders = append(manyHeaders, Header{Name: "h", Value: strings.Repeat("v", maxValueBytes)})
	}
	tests := map[string]Message{
		"EmptyName":      {Headers: []Header{{Value: "v"}}},
		"LongName":       {Headers: []Header{{Name: strings.Repeat("n", maxNameBytes+1)}}},
		"LongValue":      {Headers: []Header{{Name: "n", Value: strings.Repeat("v", maxValueBytes+1)}}},
		"ManyHeaders":    {Headers: manyHeaders},
		"LongPayload":    {Payload: make([]byte, MaxMessageBytes-overheadBytes+1)},
		"LongerPayloads": {Headers: []Header{{Name: "n"}}, Payload: make([]byte, MaxMessageBytes-overheadBytes)},
	}
	for name, m := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dst := []byte("kept")
			got, err := AppendMessage(dst, m)
			if err == nil || string(got) != "kept" {
				t.Errorf("AppendMessage = %d bytes, %v; want an error and dst unchanged", len(got), err)
			}
		})
	}
	if _, err := AppendMessage(nil, Message{Payload: make([]byte, MaxMessageBytes-overheadBytes)}); err != nil {
		t.Errorf("AppendMessage(largest message) = %v", err)
	}
}

// flushCounter records writes and flushes.
type flushCounter struct {
	bytes.Buffer
	writes, flushes int
	flushErr        error
}

func (f *flushCounter) Write(p []byte) (int, error) {
	f.writes++
	return f.Buffer.Write(p)
}

func (f *flushCounter) Flush() error {
	f.flushes++
	return f.flushErr
}

func TestEncoder(t *testing.T) {
	t.Parallel()
	var w flushCounter
	enc := NewEncoder(&w)
	if err := enc.Event("SubscribeToShardEvent", "application/json", []byte(`{"Records":[]}`)); err != nil {
		t.Fatal(err)
	}
	if err := enc.Exception("ResourceNotFoundException", "", []byte(`{"message":"gone"}`)); err != nil {
		t.Fatal(err)
	}
	if w.writes != 2 || w.flushes != 2 {
		t.Errorf("%d writes and %d flushes, want one of each per message", w.writes, w.flushes)
	}
	msgs := decodeAll(t, w.Bytes())
	wantHeaders := [][]Header{
		{{EventTypeHeader, "SubscribeToShardEvent"}, {ContentTypeHeader, "application/json"}, {MessageTypeHeader, "event"}},
		{{ExceptionTypeHeader, "ResourceNotFoundException"}, {MessageTypeHeader, "exception"}},
	}
	for i, m := range msgs {
		if h := stringHeaders(t, m); !reflect.DeepEqual(h, wantHeaders[i]) {
			t.Errorf("message %d: headers %v, want %v", i, h, wantHeaders[i])
		}
	}
	w.flushErr = io.ErrClosedPipe
	if err := enc.Event("e", "", nil); err != io.ErrClosedPipe {
		t.Errorf("Event with a failing flush = %v, want %v", err, io.ErrClosedPipe)
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestEncoder_WriteError(t *testing.T) {
	t.Parallel()
	if err := NewEncoder(failingWriter{}).Event("e", "", nil); err != io.ErrClosedPipe {
		t.Errorf("Event = %v, want %v", err, io.ErrClosedPipe)
	}
	if err := NewEncoder(failingWriter{}).Encode(Message{Headers: []Header{{}}}); err == nil {
		t.Error("Encode(invalid header) succeeded")
	}
}
