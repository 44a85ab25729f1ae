package eventstream_test

import (
	"bytes"
	"net/http/httptest"
	"testing"
	"time"

	awses "github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/sluicemq/sluice/internal/awsproto/awscbor"
	"github.com/sluicemq/sluice/internal/awsproto/eventstream"
	"github.com/sluicemq/sluice/internal/kinesisapi"
)

// TestResponse_CBORPayloads streams with the payload encoding a CBOR
// client's transport would choose.
func TestResponse_CBORPayloads(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	resp := eventstream.NewResponse(rec, "rid",
		eventstream.Payload{ContentType: awscbor.ContentType, Marshal: awscbor.Marshal})
	arrived := time.UnixMilli(1459799926480).UTC()
	ev := &kinesisapi.SubscribeToShardEvent{ContinuationSequenceNumber: "1", Records: []kinesisapi.Record{
		{SequenceNumber: "1", ApproximateArrivalTimestamp: kinesisapi.NewTimestamp(arrived), Data: []byte{0xff}, PartitionKey: "k"}}}
	if err := resp.Event("SubscribeToShardEvent", ev); err != nil {
		t.Fatal(err)
	}
	if err := resp.Exception("KMSThrottlingException", "slow down"); err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(rec.Body.Bytes())
	var msgs []awses.Message
	for r.Len() > 0 {
		m, err := awses.NewDecoder().Decode(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m.Clone())
	}
	if len(msgs) != 3 {
		t.Fatalf("%d messages, want 3", len(msgs))
	}
	for i, m := range msgs {
		if ct := m.Headers.Get(eventstream.ContentTypeHeader); ct == nil || ct.String() != awscbor.ContentType {
			t.Errorf("message %d: :content-type %v", i, ct)
		}
	}
	if !bytes.Equal(msgs[0].Payload, []byte{0xa0}) {
		t.Errorf("initial-response payload %x, want an empty CBOR map", msgs[0].Payload)
	}
	var got kinesisapi.SubscribeToShardEvent
	if err := awscbor.Decode(msgs[1].Payload, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Records) != 1 || !got.Records[0].ApproximateArrivalTimestamp.Time().Equal(arrived) ||
		!bytes.Equal(got.Records[0].Data, []byte{0xff}) {
		t.Errorf("event = %+v", got)
	}
	var exception struct {
		Message string `json:"message"`
	}
	if err := awscbor.Decode(msgs[2].Payload, &exception); err != nil || exception.Message != "slow down" {
		t.Errorf("exception payload = %+v, %v", exception, err)
	}
}
