package awsproto_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/awsproto/sigv4"
	"github.com/sluicemq/sluice/internal/clock/clocktest"
)

type coralIn struct {
	Name  *string `json:"Name"`
	Count *int    `json:"Count"`
}

type coralOut struct {
	Name string `json:"Name"`
}

// coralRouter serves a Coral-framed API, Coral_1, with an action Echo
// that has output and an action Drop that has none, verifying signatures
// when signed is set.
func coralRouter(t *testing.T, signed bool) *awsproto.Router {
	t.Helper()
	cfg := awsproto.RouterConfig{
		Operations: []awsproto.Operation{
			awsproto.Op("Echo", func(_ context.Context, in *coralIn) (*coralOut, error) {
				if in.Name == nil {
					return &coralOut{}, nil
				}
				return &coralOut{Name: *in.Name}, nil
			}),
			awsproto.Op("Drop", func(context.Context, *coralIn) (*struct{}, error) { return &struct{}{}, nil }),
		},
		TargetPrefix: "Coral_1",
		JSONVersion:  "1.1",
		Coral:        true,
	}
	if signed {
		cfg.Verifier = sigv4.New(sigv4.StaticCredentials{"AKIDROUTER": {Secret: "router-secret", Account: "123456789012"}},
			clocktest.New(authNow), sigv4.Options{Services: []string{"kinesis"}})
	}
	rt, _ := newRouter(t, cfg)
	return rt
}

func coralRequest(method, target, contentType, body string) *http.Request {
	r := httptest.NewRequest(method, "/", strings.NewReader(body))
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	return r
}

// TestRouter_CoralFraming checks Coral's framing checks, which come
// before the signature, and its bodies: bare types, a capitalised Message
// for a member of the wrong type, nothing for an action without output.
func TestRouter_CoralFraming(t *testing.T) {
	t.Parallel()
	const json11 = "application/x-amz-json-1.1"
	tests := []struct {
		name                        string
		signed                      bool
		method, target, ctype, body string
		status                      int
		want                        string
	}{
		{"EmptyBodyBeforeSignature", true, "POST", "Coral_1.Echo", json11, "", 400, `{"__type":"SerializationException"}`},
		{"BadBodyBeforeSignature", true, "POST", "Coral_1.Echo", json11, "{", 400, `{"__type":"SerializationException"}`},
		{"UnknownActionBeforeSignature", true, "POST", "Coral_1.Nope", json11, "{}", 400, `{"__type":"UnknownOperationException"}`},
		{"ThenTheSignature", true, "POST", "Coral_1.Echo", json11, "{}", 400,
			`{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing ` +
				`Authentication Token"}`},
		{"WrongType", false, "POST", "Coral_1.Echo", json11, `{"Count":"3"}`, 400,
			`{"__type":"SerializationException","Message":"class java.lang.String can not be converted to an Integer"}`},
		{"WrongTypeWithoutCoralWords", false, "POST", "Coral_1.Echo", json11, `{"Count":1.5}`, 400,
			`{"__type":"SerializationException","Message":"Invalid value for Count: expected an integer, got number 1.5."}`},
		{"Output", false, "POST", "Coral_1.Echo", json11, `{"Name":"n"}`, 200, `{"Name":"n"}`},
		{"NoOutput", false, "POST", "Coral_1.Drop", json11, `{}`, 200, ``},
		{"Method", false, "PUT", "Coral_1.Echo", json11, `{}`, 403,
			"<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n"},
		{"ContentType", false, "POST", "Coral_1.Echo", "text/plain", `{}`, 404, "<UnknownOperationException/>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := serve(coralRouter(t, tt.signed), coralRequest(tt.method, tt.target, tt.ctype, tt.body))
			if rec.Code != tt.status || rec.Body.String() != tt.want {
				t.Errorf("answer = %d %q, want %d %q", rec.Code, rec.Body, tt.status, tt.want)
			}
		})
	}
}

// TestRouter_NotCoralUnchanged checks that without Coral the router's own
// errors keep their namespace and an action without output answers {}.
func TestRouter_NotCoralUnchanged(t *testing.T) {
	t.Parallel()
	rt, _ := newRouter(t, awsproto.RouterConfig{
		Operations:   []awsproto.Operation{awsproto.Op("Drop", func(context.Context, *coralIn) (*struct{}, error) { return &struct{}{}, nil })},
		TargetPrefix: "Plain_1", JSONVersion: "1.1",
	})
	const json11 = "application/x-amz-json-1.1"
	for _, tt := range []struct{ target, body, want string }{
		{"Plain_1.Drop", "", "{}"},
		{"Plain_1.Drop", "{", `{"__type":"com.amazon.coral.service#SerializationException","message":"Malformed JSON: the body ends early."}`},
		{"Plain_1.Nope", "{}", `{"__type":"com.amazon.coral.service#UnknownOperationException","message":"The action or ` +
			`operation requested is invalid. Verify that the action is typed correctly."}`},
	} {
		if rec := serve(rt, coralRequest("POST", tt.target, json11, tt.body)); rec.Body.String() != tt.want {
			t.Errorf("%s %q = %s, want %s", tt.target, tt.body, rec.Body, tt.want)
		}
	}
}
