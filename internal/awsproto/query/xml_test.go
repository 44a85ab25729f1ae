package query

import (
	"bytes"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n got %s\nwant %s", name, got, want)
	}
}

func TestMarshalResponse(t *testing.T) {
	t.Parallel()
	const ns = "http://queue.amazonaws.com/doc/2012-11-05/"
	tests := []struct {
		name   string
		action string
		out    any
	}{
		{"receive_message.xml", "ReceiveMessage", &receiveOutput{Messages: []message{
			{
				MessageID: "5fea7756-0ea4-451a-a703-a558b933e274", ReceiptHandle: "MbZj6wDWli+JvwwJaBV+3dcjk2YW2vA3+STFFljT",
				MD5OfBody: "fafb00f5732ab283681e124bf8747ed1", Body: "<b>\"bold\" & 'quoted'</b>\r\n\ttab",
				Attributes:             map[string]string{"SentTimestamp": "1238099229000", "ApproximateReceiveCount": "1"},
				MD5OfMessageAttributes: "a18cbb58171ebf4ce88d9fb787f9210b",
				MessageAttributes: map[string]*attributeValue{
					"z": {DataType: "Binary", BinaryValue: []byte{0, 1, 0xfe}},
					"a": {DataType: "String", StringValue: "v"},
				},
			},
			{MessageID: "m2", Body: "plain"},
		}}},
		{"receive_message_empty.xml", "ReceiveMessage", &receiveOutput{}},
		{"send_message_batch.xml", "SendMessageBatch", &sendBatchOutput{
			Successful: []batchResultEntry{{ID: "a", MessageID: "m1", MD5OfMessageBody: "d41d8cd98f00b204e9800998ecf8427e"}},
			Failed: []batchErrorEntry{
				{ID: "b", SenderFault: false, Code: "InternalError", Message: "retry"},
				{ID: "c", SenderFault: true, Code: "InvalidMessageContents"},
			},
		}},
		{"list_queues.xml", "ListQueues", &listQueuesOutput{QueueURLs: []string{"http://h/1/a", "http://h/1/b"}, NextToken: ptr("")}},
		{"cancel_message_move_task.xml", "CancelMessageMoveTask", &cancelTaskOutput{}},
		{"delete_message.xml", "DeleteMessage", &emptyOutput{}},
		{"nil_output.xml", "PurgeQueue", nil},
		{"nil_pointer_output.xml", "ListQueues", (*listQueuesOutput)(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := MarshalResponse(ns, tt.action, "req-1", tt.out)
			if err != nil {
				t.Fatalf("MarshalResponse: %v", err)
			}
			golden(t, tt.name, got)
		})
	}
}

func TestMarshalResponse_UnsupportedType(t *testing.T) {
	t.Parallel()
	type bad struct {
		C chan int `query:"C"`
	}
	type badMap struct {
		M map[string]string
	}
	for _, out := range []any{"text", &bad{C: make(chan int)}, &badMap{}} {
		if _, err := MarshalResponse("ns", "X", "id", out); err == nil {
			t.Errorf("MarshalResponse(%T) succeeded, want an error", out)
		}
	}
}

func TestWriteResponse(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	if err := WriteResponse(rec, "ns", "GetQueueUrl", "id-9", &listQueuesOutput{QueueURLs: []string{"u"}}); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != ContentType ||
		rec.Header().Get("x-amzn-RequestId") != "id-9" {
		t.Errorf("status %d, headers %v", rec.Code, rec.Header())
	}
	if !strings.Contains(rec.Body.String(), "<GetQueueUrlResult><QueueUrl>u</QueueUrl>") {
		t.Errorf("body %s", rec.Body)
	}
}

func TestWriteError(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	WriteError(rec, "http://queue.amazonaws.com/doc/2012-11-05/", http.StatusForbidden, ErrorResponse{
		Type: "Sender", Code: "AWS.SimpleQueueService.PurgeQueueInProgress",
		Message: `Only one PurgeQueue operation on <q&"x"> is allowed every 60 seconds.`, RequestID: "req-2"})
	if rec.Code != http.StatusForbidden || rec.Header().Get("x-amzn-RequestId") != "req-2" {
		t.Errorf("status %d, headers %v", rec.Code, rec.Header())
	}
	golden(t, "error.xml", rec.Body.Bytes())
}
