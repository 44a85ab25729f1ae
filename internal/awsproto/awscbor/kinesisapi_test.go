package awscbor_test

// The Kinesis wire structs themselves, whose timestamp type speaks JSON and
// has EpochMillis and SetEpochMillis for this codec.

import (
	"encoding/hex"
	"reflect"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/awsproto/awscbor"
	"github.com/sluicemq/sluice/internal/kinesisapi"
)

func TestKinesisTimestamps(t *testing.T) {
	t.Parallel()
	// GetShardIterator AT_TIMESTAMP as the Java SDK sent it (tag 1, ms).
	body, _ := hex.DecodeString("a3" + "6753686172644964" + "74" + hex.EncodeToString([]byte("shardId-000000000000")) +
		"71" + hex.EncodeToString([]byte("ShardIteratorType")) + "6c" + hex.EncodeToString([]byte("AT_TIMESTAMP")) +
		"69" + hex.EncodeToString([]byte("Timestamp")) + "c11b000001a013accc38")
	var in kinesisapi.GetShardIteratorInput
	if err := awscbor.Decode(body, &in); err != nil {
		t.Fatal(err)
	}
	want := time.UnixMilli(1787036486712)
	if *in.ShardID != "shardId-000000000000" || *in.ShardIteratorType != "AT_TIMESTAMP" || in.Timestamp == nil ||
		!in.Timestamp.Time().Equal(want) {
		t.Fatalf("Decode = %+v (timestamp %v), want %v", in, in.Timestamp, want)
	}

	out := &kinesisapi.GetRecordsOutput{Records: []kinesisapi.Record{{SequenceNumber: "1",
		ApproximateArrivalTimestamp: kinesisapi.NewTimestamp(time.UnixMilli(1459799926480).UTC()),
		Data:                        []byte{1, 2}, PartitionKey: "k"}}, NextShardIterator: "it"}
	encoded, err := awscbor.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var back kinesisapi.GetRecordsOutput
	if err := awscbor.Decode(encoded, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, out) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, *out)
	}
}
