package streamkv

import (
	"reflect"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

func TestStreamDocumentRoundTrip(t *testing.T) {
	t.Parallel()
	in := &store.Stream{
		Ref:       store.StreamRef{Account: "000000000000", Name: "clicks"},
		CreatedAt: testT0,
		Meta:      []byte(`{"retention":24}`),
		Shards: []store.Shard{
			{Index: 0, Parent: -1, AdjacentParent: -1, CreatedAt: testT0, ClosedAt: testT0.Add(time.Hour)},
			{Index: 7, Parent: 0, AdjacentParent: 3, HashStart: [16]byte{1}, HashEnd: [16]byte{15: 9}, CreatedAt: testT0},
		},
	}
	enc, err := encodeStream(42, in)
	if err != nil {
		t.Fatal(err)
	}
	id, out, err := decodeStream(enc)
	if err != nil || id != 42 {
		t.Fatalf("decodeStream = id %d, %v", id, err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("decodeStream = %+v, want %+v", out, in)
	}
	for cut := range len(enc) {
		if _, _, err := decodeStream(enc[:cut]); err == nil {
			t.Fatalf("decodeStream of the first %d of %d bytes succeeded", cut, len(enc))
		}
	}
}

func TestPositionKeysSortByTime(t *testing.T) {
	t.Parallel()
	k := keys{prefix: DefaultPrefix}
	ordered := []position{
		{ms: time.Time{}.UnixMilli(), counter: 0},
		{ms: -1, counter: 1},
		{ms: 0, counter: 2},
		{ms: 0, counter: 3},
		{ms: testT0.UnixMilli(), counter: 1 << 40},
		{ms: testT0.UnixMilli() + 1, counter: 1<<40 + 1},
	}
	for i := 1; i < len(ordered); i++ {
		a, b := k.record(1, 2, ordered[i-1]), k.record(1, 2, ordered[i])
		if string(a) >= string(b) {
			t.Fatalf("key of %+v does not sort before key of %+v", ordered[i-1], ordered[i])
		}
		if got := decodePosition(b); got != ordered[i] {
			t.Fatalf("decodePosition = %+v, want %+v", got, ordered[i])
		}
	}
}

// FuzzDecodeStream checks that any stored bytes decode to a document or an
// error, never a panic, and that a decoded document encodes to bytes that
// decode to the same document.
func FuzzDecodeStream(f *testing.F) {
	doc := &store.Stream{
		Ref:    store.StreamRef{Account: "000000000000", Name: "clicks"},
		Meta:   []byte("meta"),
		Shards: []store.Shard{{Index: 3, Parent: -1, AdjacentParent: -1, CreatedAt: testT0}},
	}
	enc, err := encodeStream(7, doc)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc)
	f.Add([]byte{docVersion})
	f.Fuzz(func(t *testing.T, b []byte) {
		id, s, err := decodeStream(b)
		if err != nil {
			return
		}
		once, err := encodeStream(id, s)
		if err != nil {
			return // a time MarshalBinary cannot encode again
		}
		id2, s2, err := decodeStream(once)
		if err != nil || id2 != id {
			t.Fatalf("document %+v does not decode again: id %d, %v", s, id2, err)
		}
		twice, err := encodeStream(id2, s2)
		if err != nil || string(twice) != string(once) {
			t.Fatalf("document %+v does not round-trip: %x then %x, %v", s, once, twice, err)
		}
	})
}

// FuzzDecodeRecord checks that any stored record value decodes or fails
// cleanly, and that a decoded record encodes back to itself.
func FuzzDecodeRecord(f *testing.F) {
	in := store.RecordInput{PartitionKey: "pk", HashKey: [16]byte{1, 2}, Data: []byte("data")}
	f.Add(appendRecordValue(nil, &in))
	f.Add([]byte{})
	key := keys{prefix: DefaultPrefix}.record(1, 0, position{ms: testT0.UnixMilli(), counter: 9})
	f.Fuzz(func(t *testing.T, value []byte) {
		r, err := decodeRecord(0, key, value)
		if err != nil {
			return
		}
		back := store.RecordInput{PartitionKey: r.PartitionKey, HashKey: r.HashKey, Data: r.Data}
		r2, err := decodeRecord(0, key, appendRecordValue(nil, &back))
		if err != nil || r2.PartitionKey != r.PartitionKey || r2.HashKey != r.HashKey || string(r2.Data) != string(r.Data) {
			t.Fatalf("record %+v does not round-trip: %+v, %v", r, r2, err)
		}
	})
}
