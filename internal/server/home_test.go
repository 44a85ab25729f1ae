package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/sluicemq/sluice/internal/servertest"
)

func getAccepting(t *testing.T, url, accept string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestHome_BrowserGetsAPage(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	for _, tc := range []struct{ accept, contentType string }{
		{"text/html,application/xhtml+xml,*/*;q=0.8", "text/html; charset=utf-8"},
		{"", "text/plain; charset=utf-8"},
	} {
		resp, body := getAccepting(t, srv.URL+"/", tc.accept)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tc.contentType {
			t.Errorf("GET / (Accept %q) = %d %s, want 200 %s", tc.accept, resp.StatusCode, resp.Header.Get("Content-Type"), tc.contentType)
		}
		for _, want := range []string{"Amazon SQS", "Amazon Kinesis Data Streams", srv.URL, "/healthz", "/metrics"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET / (Accept %q) lacks %q:\n%s", tc.accept, want, body)
			}
		}
		if strings.Contains(body, "MissingAction") {
			t.Errorf("GET / answered an API error:\n%s", body)
		}
	}
}

func TestHome_QueryRequestsStillReachSQS(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	resp, body := getAccepting(t, srv.URL+"/?Action=ListQueues", "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "<ListQueuesResponse") {
		t.Errorf("GET /?Action=ListQueues = %d:\n%s", resp.StatusCode, body)
	}
}

func TestUnknownService_NamesTheServedOnes(t *testing.T) {
	t.Parallel()
	logs := &syncBuffer{}
	srv := servertest.Start(t, servertest.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/", bytes.NewReader([]byte("{}")))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.ListTables")
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusBadRequest || !strings.HasSuffix(e.Type, "#UnknownOperationException") {
		t.Errorf("answer = %d %s, want 400 UnknownOperationException", resp.StatusCode, e.Type)
	}
	for _, want := range []string{"DynamoDB_20120810.ListTables", "Amazon SQS", "Amazon Kinesis Data Streams"} {
		if !strings.Contains(e.Message, want) {
			t.Errorf("message %q lacks %q", e.Message, want)
		}
	}
	srv.Stop(t)
	want := `msg=request api=sqs action="" target=DynamoDB_20120810.ListTables `
	line := lineWith(logs.String(), want)
	if line == "" || !strings.Contains(line, "status=400 error_code=UnknownOperationException") {
		t.Errorf("no debug line with %s and the error code in:\n%s", want, logs.String())
	}
}
