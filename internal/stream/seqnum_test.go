package stream

import (
	"fmt"
	"math/big"
	"regexp"
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
		if !ok || got != q {
			t.Fatalf("parseSeqNum(%s) = %+v, %v; want %+v", s, got, ok, q)
		}
		n, _ := new(big.Int).SetString(s, 10)
		if prev != nil && n.Cmp(prev) <= 0 {
			t.Fatalf("sequence numbers do not increase with the counter: %s after %s", n, prev)
		}
		prev = n
	}
	end := seqNum{ShardCreated: 1, Shard: 3, Counter: endCounter, Arrived: 2}
	if got, ok := parseSeqNum(end.format()); !ok || got != end {
		t.Fatalf("ending sequence number does not round trip: %+v %v", got, ok)
	}
}

func TestParseSeqNum_AWSNumber(t *testing.T) {
	t.Parallel()
	// A sequence number AWS returned has the same layout (shard 6).
	q, ok := parseSeqNum("49590338271490256608559692538361571095921575989136588898")
	if !ok || q.Shard != 6 || q.ShardCreated != 1542776258 {
		t.Fatalf("parseSeqNum(AWS number) = %+v, %v", q, ok)
	}
}

func TestParseSeqNum_Rejects(t *testing.T) {
	t.Parallel()
	valid := seqNum{ShardCreated: 1764000000, Shard: 2, Counter: 5, Arrived: 1764000001}.format()
	bad := []string{
		"", "0", "1", "abc", "-" + valid, "0" + valid, valid + "0", valid[:len(valid)-1],
		"1" + valid[1:], // layout version digit broken
	}
	for _, s := range bad {
		if _, ok := parseSeqNum(s); ok {
			t.Errorf("parseSeqNum(%q) accepted", s)
		}
	}
}

func FuzzParseSeqNum(f *testing.F) {
	f.Add(seqNum{ShardCreated: 1764000000, Shard: 2, Counter: 5, Arrived: 1764000001}.format())
	f.Add(seqNum{Shard: 1 << 30, Counter: endCounter}.format())
	f.Add("49590338271490256608559692538361571095921575989136588898")
	f.Add("0")
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := parseSeqNum(s)
		if !ok {
			return
		}
		if again := q.format(); again != s {
			t.Fatalf("parseSeqNum(%q) = %+v, which formats as %q", s, q, again)
		}
	})
}
