package eventstream

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"testing"
	"time"
)

func TestResponse(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	resp := NewResponse(rec, "rid", JSON)
	if resp.Started() || rec.Body.Len() != 0 || len(rec.Header()) != 0 {
		t.Fatalf("a new Response wrote %v %q", rec.Header(), rec.Body)
	}
	if err := resp.Event("SubscribeToShardEvent", map[string]any{"MillisBehindLatest": 0}); err != nil {
		t.Fatal(err)
	}
	if err := resp.Exception("ResourceNotFoundException", `Consumer "c" not found.`); err != nil {
		t.Fatal(err)
	}
	if !resp.Started() || rec.Code != http.StatusOK || !rec.Flushed {
		t.Errorf("Started %v, status %d, flushed %v; want true, 200, true", resp.Started(), rec.Code, rec.Flushed)
	}
	if ct, id := rec.Header().Get("Content-Type"), rec.Header().Get("x-amzn-RequestId"); ct != ContentType || id != "rid" {
		t.Errorf("Content-Type %q, x-amzn-RequestId %q", ct, id)
	}
	msgs := decodeAll(t, rec.Body.Bytes())
	want := []struct {
		headers []Header
		payload string
	}{
		{[]Header{{EventTypeHeader, "initial-response"}, {ContentTypeHeader, "application/json"},
			{MessageTypeHeader, "event"}}, `{}`},
		{[]Header{{EventTypeHeader, "SubscribeToShardEvent"}, {ContentTypeHeader, "application/json"},
			{MessageTypeHeader, "event"}}, `{"MillisBehindLatest":0}`},
		{[]Header{{ExceptionTypeHeader, "ResourceNotFoundException"}, {ContentTypeHeader, "application/json"},
			{MessageTypeHeader, "exception"}}, `{"message":"Consumer \"c\" not found."}`},
	}
	if len(msgs) != len(want) {
		t.Fatalf("%d messages, want %d", len(msgs), len(want))
	}
	for i, m := range msgs {
		if h := stringHeaders(t, m); !reflect.DeepEqual(h, want[i].headers) || string(m.Payload) != want[i].payload {
			t.Errorf("message %d = %v %s\nwant %v %s", i, h, m.Payload, want[i].headers, want[i].payload)
		}
	}
}

func TestResponse_UnencodableEventWritesNothing(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	resp := NewResponse(rec, "rid", JSON)
	if err := resp.Event("E", make(chan int)); err == nil {
		t.Fatal("Event(chan) succeeded")
	}
	if resp.Started() || rec.Body.Len() != 0 || len(rec.Header()) != 0 {
		t.Errorf("a failed first Event wrote %v %q", rec.Header(), rec.Body)
	}
}

func TestResponse_OwnPayloadEncoding(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	upper := Payload{ContentType: "text/plain", Marshal: func(v any) ([]byte, error) {
		if _, ok := v.(exceptionPayload); ok {
			return []byte("EXCEPTION"), nil
		}
		return []byte("EVENT"), nil
	}}
	resp := NewResponse(rec, "rid", upper)
	if err := resp.Exception("InternalFailureException", "boom"); err != nil {
		t.Fatal(err)
	}
	msgs := decodeAll(t, rec.Body.Bytes())
	if len(msgs) != 2 || string(msgs[0].Payload) != "EVENT" || string(msgs[1].Payload) != "EXCEPTION" {
		t.Fatalf("messages %+v", msgs)
	}
	if ct := msgs[1].Headers.Get(ContentTypeHeader); ct == nil || ct.String() != "text/plain" {
		t.Errorf(":content-type = %v", ct)
	}
}

// brokenWriter is a ResponseWriter whose connection is gone.
type brokenWriter struct{ httptest.ResponseRecorder }

func (*brokenWriter) Write([]byte) (int, error) { return 0, http.ErrHandlerTimeout }

func TestResponse_ClientGone(t *testing.T) {
	t.Parallel()
	resp := NewResponse(&brokenWriter{*httptest.NewRecorder()}, "rid", JSON)
	if err := resp.Event("E", 1); !errors.Is(err, http.ErrHandlerTimeout) {
		t.Errorf("Event = %v, want the write error", err)
	}
}

// serveOnce serves one GET with handle over HTTP/1.1 and returns what
// handle returned.
func serveOnce(t *testing.T, configure func(*http.Server), handle func(w http.ResponseWriter) error) error {
	t.Helper()
	result := make(chan error, 1)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		result <- handle(w)
	}))
	configure(srv.Config)
	srv.Start()
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return <-result
}

func TestResponse_LiftsServerWriteTimeout(t *testing.T) {
	t.Parallel()
	err := serveOnce(t, func(s *http.Server) { s.WriteTimeout = time.Nanosecond }, func(w http.ResponseWriter) error {
		return NewResponse(w, "rid", JSON).Event("E", 1)
	})
	if err != nil {
		t.Errorf("Event under a server write timeout that has passed = %v, want the stream's own (no) deadline", err)
	}
}

func TestResponse_Deadline(t *testing.T) {
	t.Parallel()
	err := serveOnce(t, func(*http.Server) {}, func(w http.ResponseWriter) error {
		resp := NewResponse(w, "rid", JSON)
		resp.SetDeadline(time.Unix(1, 0))
		return resp.Event("E", 1)
	})
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Event past the stream's deadline = %v, want %v", err, os.ErrDeadlineExceeded)
	}
}
