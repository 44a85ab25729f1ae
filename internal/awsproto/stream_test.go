package awsproto_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	awses "github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/fxamacker/cbor/v2"

	"github.com/sluicemq/sluice/internal/awsproto"
)

type tickIn struct {
	Count int `json:"Count"`
	// Fail, when set, is returned after Count events.
	Fail string `json:"Fail,omitempty"`
}

type tickEvent struct {
	N int `json:"N"`
}

var errTickFailed = errors.New("tick failed")

// tickRouter serves a streaming operation Tick and a panicking one Boom,
// as a Kinesis-like API (JSON 1.1, bare error types).
func tickRouter(t *testing.T) *awsproto.Router {
	rt, _ := newRouter(t, awsproto.RouterConfig{
		Operations: []awsproto.Operation{
			awsproto.StreamOp("Tick", "TickEvent", func(_ context.Context, in *tickIn, send func(*tickEvent) error) error {
				for i := range in.Count {
					if err := send(&tickEvent{N: i}); err != nil {
						return err
					}
				}
				switch in.Fail {
				case "client":
					return &awsproto.Error{Type: "ResourceNotFoundException", Status: 400, Message: "no such thing"}
				case "server":
					return errTickFailed
				}
				return nil
			}),
			awsproto.Op("Boom", func(context.Context, *tickIn) (*tickEvent, error) { panic("boom") }),
		},
		Error: func(err error) *awsproto.Error {
			if errors.Is(err, errTickFailed) {
				return &awsproto.Error{Type: "InternalFailure", Status: 500, Message: "Internal service failure."}
			}
			return nil
		},
		TargetPrefix:      "Test_1",
		JSONVersion:       "1.1",
		InternalErrorType: "InternalFailure",
	})
	return rt
}

func tickRequest(t *testing.T, op, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-amz-json-1.1")
	r.Header.Set("X-Amz-Target", "Test_1."+op)
	return r
}

// frames decodes an event-stream body into (type header, payload) pairs,
// the type header being :event-type or :exception-type.
func frames(t *testing.T, body io.Reader) [][2]string {
	t.Helper()
	dec := awses.NewDecoder()
	var out [][2]string
	for {
		m, err := dec.Decode(body, nil)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("decode frame: %v", err)
		}
		typ := ""
		for _, h := range m.Headers {
			if h.Name == ":event-type" || h.Name == ":exception-type" {
				typ = h.Value.String()
			}
		}
		out = append(out, [2]string{typ, string(m.Payload)})
	}
}

func TestRouter_StreamEvents(t *testing.T) {
	t.Parallel()
	rec := serve(tickRouter(t), tickRequest(t, "Tick", `{"Count":2}`))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/vnd.amazon.eventstream" {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	got := frames(t, rec.Body)
	want := [][2]string{{"initial-response", "{}"}, {"TickEvent", `{"N":0}`}, {"TickEvent", `{"N":1}`}}
	if len(got) != len(want) {
		t.Fatalf("frames = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("frame %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestRouter_StreamErrors(t *testing.T) {
	t.Parallel()
	rt := tickRouter(t)
	// Before the first event: an ordinary error response.
	rec := serve(rt, tickRequest(t, "Tick", `{"Count":0,"Fail":"client"}`))
	var body struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 400 || body.Type != "ResourceNotFoundException" {
		t.Errorf("error before any event = %d %s (%v)", rec.Code, rec.Body, err)
	}
	// After it: an exception message; a server failure is
	// InternalFailureException, the type event streams model.
	for fail, wantType := range map[string]string{"client": "ResourceNotFoundException", "server": "InternalFailureException"} {
		rec := serve(rt, tickRequest(t, "Tick", `{"Count":1,"Fail":"`+fail+`"}`))
		got := frames(t, rec.Body)
		if rec.Code != 200 || len(got) != 3 || got[2][0] != wantType {
			t.Errorf("%s failure after an event: status %d, frames %q; want a last frame %s", fail, rec.Code, got, wantType)
		}
	}
}

func TestRouter_InternalErrorType(t *testing.T) {
	t.Parallel()
	rec := serve(tickRouter(t), tickRequest(t, "Boom", `{}`))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"__type":"InternalFailure"`) {
		t.Errorf("panic = %d %s, want a 500 InternalFailure", rec.Code, rec.Body)
	}
}

func TestRouter_CBOR(t *testing.T) {
	t.Parallel()
	rt := tickRouter(t)
	body, err := cbor.Marshal(map[string]any{"Count": 1})
	if err != nil {
		t.Fatal(err)
	}
	r := tickRequest(t, "Tick", string(body))
	r.Header.Set("Content-Type", "application/x-amz-cbor-1.1")
	rec := serve(rt, r)
	got := frames(t, rec.Body)
	if len(got) != 2 {
		t.Fatalf("frames = %q", got)
	}
	var ev map[string]int
	if err := cbor.Unmarshal([]byte(got[1][1]), &ev); err != nil || ev["N"] != 0 {
		t.Errorf("CBOR event payload = %x (%v)", got[1][1], err)
	}

	r = tickRequest(t, "Tick", "\xff\x00")
	r.Header.Set("Content-Type", "application/x-amz-cbor-1.1")
	rec = serve(rt, r)
	var e map[string]string
	if err := cbor.Unmarshal(rec.Body.Bytes(), &e); err != nil || rec.Code != 400 || !strings.HasSuffix(e["__type"], "SerializationException") {
		t.Errorf("malformed CBOR = %d %x (%v)", rec.Code, rec.Body.Bytes(), err)
	}
}
