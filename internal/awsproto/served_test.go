package awsproto_test

import (
	"net/http"
	"testing"

	"github.com/sluicemq/sluice/internal/awsproto"
)

// TestRouter_Served checks what RouterConfig.Served hears: the action (empty
// for an unknown one), the status actually answered, the decoded input and
// the request's scope, once per request.
func TestRouter_Served(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		req        func(*testing.T) *http.Request
		action     string
		status     int
		wantsInput bool
	}{
		{"ok", func(t *testing.T) *http.Request {
			return jsonRequest(t, "AmazonSQS.DeleteMessage", `{}`)
		}, "DeleteMessage", 200, true},
		{"aws error", func(t *testing.T) *http.Request {
			return jsonRequest(t, "AmazonSQS.Fail", `{"Kind":"aws"}`)
		}, "Fail", 403, true},
		{"internal error", func(t *testing.T) *http.Request {
			return formRequest(t, "/", "Action=Fail&Kind=fire")
		}, "Fail", 500, true},
		{"panic", func(t *testing.T) *http.Request {
			return jsonRequest(t, "AmazonSQS.Fail", `{"Kind":"panic"}`)
		}, "Fail", 500, true},
		{"unknown action", func(t *testing.T) *http.Request {
			return jsonRequest(t, "AmazonSQS.Nope", `{}`)
		}, "", 400, false},
		{"undecodable", func(t *testing.T) *http.Request {
			return jsonRequest(t, "AmazonSQS.Fail", `{`)
		}, "Fail", 400, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var got []*awsproto.Served
			cfg := testConfig()
			cfg.Served = func(s *awsproto.Served) { got = append(got, s) }
			rt, _ := newRouter(t, cfg)
			rec := serve(rt, c.req(t))
			if len(got) != 1 {
				t.Fatalf("Served called %d times, want once", len(got))
			}
			s := got[0]
			if s.Action != c.action || s.Status != c.status || s.Status != rec.Code {
				t.Errorf("Served = action %q status %d (answered %d), want %q %d", s.Action, s.Status, rec.Code,
					c.action, c.status)
			}
			if (s.Input != nil) != c.wantsInput || (s.Request != nil) != c.wantsInput {
				t.Errorf("Served input %v request %v, want them set: %v", s.Input, s.Request, c.wantsInput)
			}
			if s.RequestID == "" || s.RequestID != rec.Header().Get("x-amzn-RequestId") {
				t.Errorf("Served request id %q, response's %q", s.RequestID, rec.Header().Get("x-amzn-RequestId"))
			}
			if s.Duration <= 0 {
				t.Errorf("Served duration %v, want > 0", s.Duration)
			}
		})
	}
}
