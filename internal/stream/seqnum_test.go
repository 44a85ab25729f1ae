package stream

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"
)

func TestSeqNum_Layout(t *testing.T) {
	t.Parallel()
	for _, shard := range []int{0, 1, 9, 15} {
		q := seqNum{ShardCreated: 1764000000, Shard: shard, Counter: 42, Arrived: 1764000123}
		s := q.format()
		if len(s) != 56 {
			t.Errorf("shard %d: %s has %d digits, want 56", shard, s, len(s))
		}
		n, _ := new(big.Int).SetString(s, 10)
		ix := fmt.Sprintf("%x", shard)
		re := regexp.MustCompile(`^20[0-9a-f]{8}` + ix + `[0-9a-f]{16}000[0-9a-f]{8}0000000` + ix + `2$`)
		if hex := n.Text(16); !re.MatchString(hex) {
			t.Errorf("shard %d: hex %s does not have the AWS layout", shard, hex)
		}
	}
}

func TestSeqNum_RoundTripAndOrder(t *testing.T) {
	t.Parallel()
	var prev *big.Int
	for counter := uint64(0); counter < 300; counter += 7 {
		q := seqNum{ShardCreated: 1764000000, Shard: 12345, Counter: counter, Arrived: 1764000000 + int64(counter)}
		s := q.format()
		got, ok := parseSeqNum(s)
		want := parsedSeqNum{Version: 2, ShardCreated: q.ShardCreated, Shard: int64(q.Shard), Counter: q.Counter,
			Arrived: q.Arrived, HasArrival: true}
		if !ok || got != want {
			t.Fatalf("parseSeqNum(%s) = %+v, %v; want %+v", s, got, ok, want)
		}
		n, _ := new(big.Int).SetString(s, 10)
		if prev != nil && n.Cmp(prev) <= 0 {
			t.Fatalf("sequence numbers do not increase with the counter: %s after %s", n, prev)
		}
		prev = n
	}
	end := seqNum{ShardCreated: 1, Shard: 3, Counter: endCounter, Arrived: 2}
	if got, ok := parseSeqNum(end.format()); !ok || got.Counter != endCounter || got.Shard != 3 {
		t.Fatalf("ending sequence number does not round trip: %+v %v", got, ok)
	}
}

func TestParseSeqNum_AWSNumber(t *testing.T) {
	t.Parallel()
	// A sequence number AWS returned has the same layout (shard 6).
	q, ok := parseSeqNum("49590338271490256608559692538361571095921575989136588898")
	if !ok || q.Version != 2 || q.Shard != 6 || q.ShardCreated != 1542776258 {
		t.Fatalf("parseSeqNum(AWS number) = %+v, %v", q, ok)
	}
}

// hexSeq is the decimal of a hexadecimal number.
func hexSeq(hex string) string {
	n, _ := new(big.Int).SetString(hex, 16)
	return n.String()
}

// TestParseSeqNum_AsKinesisReadsIt checks the numbers Kinesis reads and
// refuses, and what it reads in them.
func TestParseSeqNum_AsKinesisReadsIt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, seq string
		ok        bool
		version   int
		shard     int64
	}{
		{"Zero", "0", true, 0, 0},
		{"Small", "5", true, 0, 5},
		{"Version2AllZeros", hexSeq("20000000000000000000000000000000000000000000002"), true, 2, 0},
		{"Version1AllZeros", hexSeq("20000000000000000000000000000000000000000000001"), true, 1, 0},
		{"Version2NegativeShard", hexSeq("20000000000000000000000000000000000000800000002"), true, 2, -0x80000000},
		{"ExactlyTwoTo185", hexSeq("20000000000000000000000000000000000000000000000"), false, 0, 0},
		{"Version4", hexSeq("20000000000000000000000000000000000000000000004"), false, 0, 0},
		{"LeadingThree", hexSeq("30000000000000000000000000000000000000000000001"), false, 0, 0},
		{"LeadingOne", hexSeq("1ffffffffff7fffffffffffffff000000000007fffffff2"), false, 0, 0},
		{"CounterTooHigh", hexSeq("20000000000800000000000000000000000000000000002"), false, 0, 0},
		{"CreationTooLate", hexSeq("13bb2cc3d80000000000000000000000"), false, 0, 0},
		{"BetweenLayouts", "1" + strings.Repeat("0", 45), false, 0, 0},
		{"NotDecimal", "12a", false, 0, 0},
		{"LeadingZero", "012", false, 0, 0},
		{"Empty", "", false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, ok := parseSeqNum(tt.seq)
			if ok != tt.ok || (ok && (q.Version != tt.version || q.Shard != tt.shard)) {
				t.Errorf("parseSeqNum(%s) = %+v, %v; want version %d shard %d, %v", tt.seq, q, ok, tt.version, tt.shard, tt.ok)
			}
		})
	}
	if got := (parsedSeqNum{Shard: -0x80000000}).shardName(); got != "shardId--02147483648" {
		t.Errorf("negative shard name = %s", got)
	}
}

func FuzzParseSeqNum(f *testing.F) {
	f.Add(seqNum{ShardCreated: 1764000000, Shard: 2, Counter: 5, Arrived: 1764000001}.format())
	f.Add(seqNum{Shard: 1 << 30, Counter: endCounter}.format())
	f.Add("49590338271490256608559692538361571095921575989136588898")
	f.Add("0")
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := parseSeqNum(s)
		if !ok || q.Version != 2 || q.Shard < 0 || q.Shard > maxShardIndex || q.ShardCreated > maxEpochSeconds ||
			q.Arrived > maxEpochSeconds {
			return
		}
		// A version 2 number with the fields this package writes is one it
		// could have made.
		again := seqNum{ShardCreated: q.ShardCreated, Shard: int(q.Shard), Counter: q.Counter, Arrived: q.Arrived}.format()
		if back, ok := parseSeqNum(again); !ok || back != q {
			t.Fatalf("parseSeqNum(%q) = %+v; formatted again as %q it reads %+v, %v", s, q, again, back, ok)
		}
	})
}
