package awsproto_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestRouterConfig_NewRequests(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	rt, _ := newRouter(t, cfg)
	in := &sendBatchInput{QueueURL: "u", Entries: []batchEntry{{ID: "a", MessageBody: "x",
		MessageAttributes: map[string]attributeValue{"k": {DataType: "String", StringValue: "v"}}}}}

	r, err := cfg.NewJSONRequest("SendMessageBatch", in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.Get("X-Amz-Target") != "AmazonSQS.SendMessageBatch" ||
		r.Header.Get("Content-Type") != "application/x-amz-json-1.0" {
		t.Errorf("JSON request headers = %v", r.Header)
	}
	rec := serve(rt, r)
	var out sendBatchOutput
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusOK ||
		len(out.Successful) != 1 || out.Successful[0].ID != "a" {
		t.Errorf("JSON response = %d %s", rec.Code, rec.Body)
	}

	r, err = cfg.NewQueryRequest("SendMessageBatch", in)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.ParseForm(); err != nil {
		t.Fatal(err)
	}
	if r.PostForm.Get("Version") != "2012-11-05" ||
		r.PostForm.Get("SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue") != "v" {
		t.Errorf("query form = %v", r.PostForm)
	}
	r, _ = cfg.NewQueryRequest("SendMessageBatch", in)
	rec = serve(rt, r)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<Id>a</Id><MessageId>id-a</MessageId>") {
		t.Errorf("query response = %d %s", rec.Code, rec.Body)
	}

	if _, err := cfg.NewQueryRequest("X", []int{1}); err == nil {
		t.Error("NewQueryRequest(slice) succeeded, want an error")
	}
	if _, err := cfg.NewJSONRequest("X", make(chan int)); err == nil {
		t.Error("NewJSONRequest(chan) succeeded, want an error")
	}
}
