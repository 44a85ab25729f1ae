package awsproto_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sluicemq/sluice/internal/awsproto"
)

// FuzzRouter sends arbitrary requests through a router whose handlers
// cannot fail, and checks that every answer is a well-formed client error
// or success in the request's protocol, never a 500.
func FuzzRouter(f *testing.F) {
	f.Add(true, "AmazonSQS.SendMessageBatch", []byte(`{"QueueUrl":"u","Entries":[{"Id":"a","MessageBody":"b"}]}`))
	f.Add(true, "AmazonSQS.GetQueueAttributes", []byte(`{"AttributeNames":["Account"]}`))
	f.Add(true, "AmazonSQS.", []byte(`{`))
	f.Add(false, "", []byte("Action=SendMessageBatch&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=x"))
	f.Add(false, "", []byte("Action=GetQueueAttributes&AttributeName.1=Path&AttributeName.3=x"))
	f.Add(false, "", []byte("Action=DeleteMessage&%zz"))
	f.Add(false, "", []byte("QueueUrl=u"))
	cfg := testConfig()
	cfg.Operations = []awsproto.Operation{
		awsproto.Op("DeleteMessage", deleteMessage),
		awsproto.Op("GetQueueAttributes", getAttributes),
		awsproto.Op("SendMessageBatch", sendBatch),
	}
	rt := awsproto.NewRouter(cfg)
	f.Fuzz(func(t *testing.T, isJSON bool, target string, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		if isJSON {
			r.Header.Set("Content-Type", "application/x-amz-json-1.0")
			r.Header.Set("X-Amz-Target", target)
		} else {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, r)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		if isJSON {
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("invalid JSON response: %s", rec.Body)
			}
			return
		}
		d := xml.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("response not well-formed (%v): %s", err, rec.Body)
			}
		}
	})
}
