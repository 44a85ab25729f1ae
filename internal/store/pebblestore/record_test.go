package pebblestore

import (
	"reflect"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

func TestMessageRecordRoundTrip(t *testing.T) {
	t.Parallel()
	m := &store.Message{
		ID:   "id-1",
		Body: "hello",
		Attributes: map[string]store.MessageAttribute{
			"s": {DataType: "String", StringValue: "v"},
			"b": {DataType: "Binary.label", BinaryValue: []byte{0, 1, 2}},
		},
		TraceHeader:           "Root=1",
		MD5OfBody:             "5d41402abc4b2a76b9719d911017c592",
		MD5OfAttributes:       "a",
		MD5OfSystemAttributes: "b",
		SenderID:              "sender",
		GroupID:               "g",
		DedupID:               "d",
		SentAt:                time.Date(2026, 1, 2, 3, 4, 5, 6_000_000, time.UTC),
		DeadLetterSource:      store.QueueRef{Account: "000000000000", Name: "src"},
	}
	visibleAt := nanos(m.SentAt) + int64(time.Minute)
	got, gotVisible, err := decodeMessage(encodeMessage(m, visibleAt))
	if err != nil {
		t.Fatalf("decodeMessage: %v", err)
	}
	if !reflect.DeepEqual(got, m) || gotVisible != visibleAt {
		t.Fatalf("round trip:\ngot  %+v %d\nwant %+v %d", got, gotVisible, m, visibleAt)
	}
	if v, err := decodeMessageVisibleAt(encodeMessage(m, visibleAt)); err != nil || v != visibleAt {
		t.Fatalf("decodeMessageVisibleAt = %d, %v; want %d", v, err, visibleAt)
	}
}

func TestRecordsRejectTruncation(t *testing.T) {
	t.Parallel()
	q := (&queueRecord{id: 9, fifo: true, attributes: map[string]string{"a": "b"}, createdAt: 5}).encode()
	m := encodeMessage(&store.Message{ID: "x", Body: "y"}, 3)
	r := (&receiveRecord{deadline: 4, receiveCount: 2, nonce: 8, group: "g"}).encode()
	for cut := range len(q) {
		if _, err := decodeQueueRecord(q[:cut]); err == nil {
			t.Errorf("queue record cut at %d decoded", cut)
		}
	}
	for cut := range len(m) {
		if _, _, err := decodeMessage(m[:cut]); err == nil {
			t.Errorf("message record cut at %d decoded", cut)
		}
	}
	for cut := range len(r) {
		if _, err := decodeReceive(r[:cut]); err == nil {
			t.Errorf("receive record cut at %d decoded", cut)
		}
	}
}

func FuzzDecodeRecords(f *testing.F) {
	f.Add(encodeMessage(&store.Message{ID: "x", Body: "y", Attributes: map[string]store.MessageAttribute{"a": {DataType: "String"}}}, 1))
	f.Add((&queueRecord{id: 1, tags: map[string]string{"k": "v"}}).encode())
	f.Add((&receiveRecord{group: "g"}).encode())
	f.Add((&dedupRecord{messageID: "m", seq: 4}).encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = decodeMessage(b)
		_, _ = decodeQueueRecord(b)
		_, _ = decodeReceive(b)
		_, _ = decodeDedup(b)
		_, _, _ = decodeReady(b)
	})
}
