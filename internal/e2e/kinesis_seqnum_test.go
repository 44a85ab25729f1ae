package e2e

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// hexSeq is the decimal sequence number of a hexadecimal one, the layout
// Kinesis reads its numbers in.
func hexSeq(hex string) string {
	n, ok := new(big.Int).SetString(hex, 16)
	if !ok {
		panic("hexSeq: " + hex)
	}
	return n.String()
}

// Sequence numbers as Kinesis reads them (version 2 unless said otherwise).
var (
	seqAllZeros       = hexSeq("20000000000000000000000000000000000000000000002")
	seqVersion1       = hexSeq("20000000000000000000000000000000000000000000001")
	seqNegativeShard  = hexSeq("20000000000000000000000000000000000000800000002")
	seqVersion4       = hexSeq("20000000000000000000000000000000000000000000004")
	seqLeadingThree   = hexSeq("30000000000000000000000000000000000000000000001")
	seqLeadingOne     = hexSeq("1ffffffffff7fffffffffffffff000000000007fffffff2")
	seqCounterTooHigh = hexSeq("20000000000800000000000000000000000000000000002")
	seqCreatedTooLate = hexSeq("13bb2cc3d80000000000000000000000")
	seqArrivesLater   = hexSeq("20000000000000000000000000000fffffffff000000002")
	// seqFromAWS is a number AWS handed out, for its shard 6 in 2018.
	seqFromAWS = "49590338271490256608559692538361571095921575989136588898"
)

// TestKinesisSeqNum_SequenceNumberForOrdering checks which numbers
// PutRecord takes as SequenceNumberForOrdering: those Kinesis reads as a
// sequence number of any stream, and not the ones it refuses.
func TestKinesisSeqNum_SequenceNumberForOrdering(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	own := aws.ToString(h.put(t, name, "k", []byte("first")).SequenceNumber)
	refused := func(seq string) string {
		return fmt.Sprintf("ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.",
			seq, name, account)
	}
	tests := []struct {
		name, seq string
		accepted  bool
	}{
		{"OwnNumber", own, true},
		{"Zero", "0", true},
		{"Small", "5", true},
		{"AllZeros", seqAllZeros, true},
		{"Version1", seqVersion1, true},
		{"NegativeShard", seqNegativeShard, true},
		{"FromAWS", seqFromAWS, true},
		{"Version4", seqVersion4, false},
		{"LeadingThree", seqLeadingThree, false},
		{"LeadingOne", seqLeadingOne, false},
		{"CounterTooHigh", seqCounterTooHigh, false},
		{"CreatedTooLate", seqCreatedTooLate, false},
		{"ArrivesLater", seqArrivesLater, false},
		{"BetweenLayouts", "1" + strings.Repeat("0", 45), false},
		{"Longest", "9" + strings.Repeat("9", 128), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
				Data: []byte("x"), SequenceNumberForOrdering: aws.String(tt.seq)})
			if tt.accepted {
				if err != nil {
					t.Fatalf("PutRecord with SequenceNumberForOrdering %s: %v", tt.seq, err)
				}
				return
			}
			if e := wantAPIError(t, err, "InvalidArgumentException"); e.ErrorMessage() != refused(tt.seq) {
				t.Errorf("message = %q\nwant      %q", e.ErrorMessage(), refused(tt.seq))
			}
		})
	}
}

// TestKinesisSeqNum_StartingSequenceNumber checks GetShardIterator's
// refusals of a StartingSequenceNumber, in AWS's words and order.
func TestKinesisSeqNum_StartingSequenceNumber(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 2)
	put, err := h.kin.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
		Data: []byte("in shard 0"), ExplicitHashKey: aws.String("0")})
	if err != nil {
		t.Fatal(err)
	}
	inShard0 := aws.ToString(put.SequenceNumber)
	putInShard1(t, h, name)
	inShard1 := h.trimHorizonSeq(t, name, "shardId-000000000001")
	invalid := func(seq string) string {
		return fmt.Sprintf("StartingSequenceNumber %s used in GetShardIterator on shard shardId-000000000000 in stream %s "+
			"under account %s is invalid.", seq, name, account)
	}
	otherStream := func(seq string) string {
		return fmt.Sprintf("StartingSequenceNumber %s used in GetShardIterator on shard shardId-000000000000 in stream %s "+
			"under account %s is invalid because it did not come from this stream.", seq, name, account)
	}
	otherShard := func(encoded string) string {
		return "Invalid StartingSequenceNumber. It encodes " + encoded + ", while it was used in a call to a shard " +
			"with shardId-000000000000"
	}
	tests := []struct {
		name, seq, message string // no message: the iterator reads "in shard 0"
	}{
		{"OwnNumber", inShard0, ""},
		{"Small", "5", otherShard("shardId-000000000005")},
		{"OtherShard", inShard1, otherShard("shardId-000000000001")},
		{"NegativeShard", seqNegativeShard, otherShard("shardId--02147483648")},
		{"FromAWS", seqFromAWS, otherShard("shardId-000000000006")},
		{"OtherStream", seqAllZeros, otherStream(seqAllZeros)},
		{"Version1", seqVersion1, otherStream(seqVersion1)},
		// AWS answers InternalFailure (500) here; sluice does not blame
		// itself for a client's mistake.
		{"Zero", "0", otherStream("0")},
		{"CreatedTooLate", seqCreatedTooLate, invalid(seqCreatedTooLate)},
		{"CounterTooHigh", seqCounterTooHigh, invalid(seqCounterTooHigh)},
		{"Version4", seqVersion4, invalid(seqVersion4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := h.kin.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name),
				ShardId: aws.String("shardId-000000000000"), ShardIteratorType: ktypes.ShardIteratorTypeAtSequenceNumber,
				StartingSequenceNumber: aws.String(tt.seq)})
			if tt.message != "" {
				if e := wantAPIError(t, err, "InvalidArgumentException"); e.ErrorMessage() != tt.message {
					t.Errorf("message = %q\nwant      %q", e.ErrorMessage(), tt.message)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			recs, _ := h.readShard(t, aws.ToString(out.ShardIterator))
			if got := dataOf(recs); len(got) != 1 || got[0] != "in shard 0" {
				t.Errorf("read %q", got)
			}
		})
	}
}

// trimHorizonSeq is the sequence number of the first record of a shard.
func (h *kinesisHarness) trimHorizonSeq(t *testing.T, name, shard string) string {
	t.Helper()
	recs, _ := h.readShard(t, h.trimHorizon(t, name, shard))
	if len(recs) == 0 {
		t.Fatalf("%s holds no record", shard)
	}
	return aws.ToString(recs[0].SequenceNumber)
}
