package stream

import (
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Kinesis reads any decimal of the API's pattern (0|[1-9]\d{0,128}) as a
// sequence number of one of three layouts, told apart by size, and refuses
// the rest as invalid. Below 2^124 a number is read as if 2^124 were added.
//
//	version 0: [2^124, 2^129): 1 | shard creation (9) | ... | shard index (4) at hex 28
//	version 1 and 2: (2^185, 1.5*2^185), 47 hex digits, the last the version:
//	  1: 2 | creation (9) | ... | arrival (9) at hex 13 | ... | shard index (8) | 1
//	  2: 2 | creation (9) | nibble | counter (16) | byte | arrival (9) | shard index (8) | 2
//
// In version 2 a counter whose first hex digit is above 7 is invalid, and a
// shard index whose first hex digit is above 7 reads as negative. A
// creation time of 16025175000 seconds or later is invalid. This package
// makes version 2 numbers only (seqnum.go).

// parsedSeqNum is a sequence number as Kinesis reads it.
type parsedSeqNum struct {
	Version      int
	ShardCreated int64 // epoch seconds
	Shard        int64 // may be negative or beyond any shard index
	Counter      uint64
	// Arrived is the arrival in epoch seconds, when the layout has one
	// (versions 1 and 2).
	Arrived    int64
	HasArrival bool
}

// Bounds of the layouts.
var (
	seqVersion0Min = new(big.Int).Lsh(big.NewInt(1), 124)
	seqVersion0End = new(big.Int).Lsh(big.NewInt(1), 129)
	seqLayoutMin   = new(big.Int).Lsh(big.NewInt(1), 185)
	seqLayoutEnd   = new(big.Int).Lsh(big.NewInt(3), 184)
)

// maxSeqCreatedSeconds bounds the shard creation time a sequence number
// may carry.
const maxSeqCreatedSeconds = 16025175000

// parseSeqNum reads a sequence number of the API's pattern as Kinesis
// reads it; ok is false for one Kinesis calls invalid.
func parseSeqNum(s string) (parsedSeqNum, bool) {
	if s == "" || len(s) > 129 || (s[0] == '0' && len(s) > 1) || strings.Trim(s, "0123456789") != "" {
		return parsedSeqNum{}, false
	}
	n, _ := new(big.Int).SetString(s, 10)
	if n.Cmp(seqVersion0Min) < 0 {
		n.Add(n, seqVersion0Min)
	}
	hex := n.Text(16)
	switch {
	case n.Cmp(seqVersion0End) < 0:
		return parseSeqNumV0(hex)
	case n.Cmp(seqLayoutMin) <= 0 || n.Cmp(seqLayoutEnd) >= 0:
		return parsedSeqNum{}, false
	case hex[46] == '1':
		return parseSeqNumV1(hex)
	case hex[46] == '2':
		return parseSeqNumV2(hex)
	}
	return parsedSeqNum{}, false
}

func parseSeqNumV0(hex string) (parsedSeqNum, bool) {
	q := parsedSeqNum{Version: 0, ShardCreated: hexField(hex, 1, 10), Shard: hexField(hex, 28, 32)}
	return q, q.ShardCreated < maxSeqCreatedSeconds
}

func parseSeqNumV1(hex string) (parsedSeqNum, bool) {
	return parsedSeqNum{Version: 1, ShardCreated: hexField(hex, 1, 10), Shard: hexField(hex, 38, 46),
		Arrived: hexField(hex, 13, 22), HasArrival: true}, true
}

func parseSeqNumV2(hex string) (parsedSeqNum, bool) {
	if hex[11] > '7' {
		return parsedSeqNum{}, false
	}
	q := parsedSeqNum{Version: 2, ShardCreated: hexField(hex, 1, 10), Shard: hexField(hex, 38, 46),
		Counter: uint64(hexField(hex, 11, 27)), Arrived: hexField(hex, 29, 38), HasArrival: true}
	if hex[38] > '7' {
		q.Shard = -q.Shard
	}
	return q, q.ShardCreated < maxSeqCreatedSeconds
}

// hexField reads hex[from:to], at most 16 hex digits of which the first is
// at most 7, as a number.
func hexField(hex string, from, to int) int64 {
	v, _ := strconv.ParseUint(hex[from:to], 16, 64)
	return int64(v)
}

// inFuture reports whether the number carries an arrival after now, which
// Kinesis refuses in SequenceNumberForOrdering.
func (q parsedSeqNum) inFuture(now time.Time) bool {
	return q.HasArrival && q.Arrived*1000 > now.UnixMilli()
}

// shardName is the shard id a parsed number encodes, negative ones
// included (shardId--02147483648), as Kinesis quotes it.
func (q parsedSeqNum) shardName() string {
	if q.Shard >= 0 {
		return ShardID(int(q.Shard))
	}
	digits := strconv.FormatInt(-q.Shard, 10)
	if len(digits) < 11 {
		digits = strings.Repeat("0", 11-len(digits)) + digits
	}
	return "shardId--" + digits
}

// arrivedAt is the arrival time the number carries.
func (q parsedSeqNum) arrivedAt() time.Time { return time.Unix(q.Arrived, 0) }
