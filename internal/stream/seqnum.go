package stream

import (
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// A sequence number is a decimal string of 56 digits. In hexadecimal it is
// 47 digits laid out as AWS lays out its own (version 2):
//
//	2 | shard creation, epoch seconds (9) | shard index, low digit (1) |
//	counter (16) | 00 | record arrival, epoch seconds (9) |
//	shard index (8) | 2
//
// The counter is the store's per-shard counter plus one, so the shard's
// StartingSequenceNumber (counter 0) lies before its first record, and a
// closed shard's EndingSequenceNumber uses the largest counter (2^63-1).
// Numbers grow with the counter, so they strictly increase within a shard.

// seqNum is a sequence number taken apart.
type seqNum struct {
	ShardCreated int64 // epoch seconds
	Shard        int
	Counter      uint64 // store counter + 1; 0 before the first record
	Arrived      int64  // epoch seconds
}

const (
	endCounter      = 1<<63 - 1
	maxEpochSeconds = 1<<32 - 1
	seqHexDigits    = 47
	maxShardIndex   = 1<<31 - 1
)

// format returns the decimal sequence number.
func (q seqNum) format() string {
	hex := fmt.Sprintf("2%09x%x%016x00%09x%08x2",
		clampSeconds(q.ShardCreated), q.Shard&0xf, q.Counter, clampSeconds(q.Arrived), q.Shard)
	n, _ := new(big.Int).SetString(hex, 16)
	return n.String()
}

func clampSeconds(s int64) int64 { return min(max(s, 0), maxEpochSeconds) }

// parseSeqNum reads a sequence number this package made. It rejects
// anything else: other layouts, out-of-range fields, non-canonical decimals.
func parseSeqNum(s string) (seqNum, bool) {
	if s == "" || len(s) > 129 || (s[0] == '0' && len(s) > 1) {
		return seqNum{}, false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return seqNum{}, false
		}
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return seqNum{}, false
	}
	hex := n.Text(16)
	if len(hex) != seqHexDigits || hex[0] != '2' || hex[46] != '2' || hex[27:29] != "00" {
		return seqNum{}, false
	}
	var q seqNum
	created, err1 := strconv.ParseInt(hex[1:10], 16, 64)
	counter, err2 := strconv.ParseUint(hex[11:27], 16, 64)
	arrived, err3 := strconv.ParseInt(hex[29:38], 16, 64)
	shard, err4 := strconv.ParseInt(hex[38:46], 16, 64)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
		return seqNum{}, false
	}
	if counter > endCounter || shard > maxShardIndex || created > maxEpochSeconds || arrived > maxEpochSeconds {
		return seqNum{}, false
	}
	if nibble, _ := strconv.ParseInt(hex[10:11], 16, 64); nibble != shard&0xf {
		return seqNum{}, false
	}
	q = seqNum{ShardCreated: created, Shard: int(shard), Counter: counter, Arrived: arrived}
	return q, true
}

// recordSeqNum is the sequence number of a stored record of a shard.
func recordSeqNum(sh *store.Shard, pos store.RecordPosition) string {
	return seqNum{ShardCreated: sh.CreatedAt.Unix(), Shard: sh.Index, Counter: pos.Counter + 1,
		Arrived: pos.ArrivedAt.Unix()}.format()
}

// startingSeqNum is a shard's StartingSequenceNumber.
func startingSeqNum(sh *store.Shard) string {
	return seqNum{ShardCreated: sh.CreatedAt.Unix(), Shard: sh.Index, Arrived: sh.CreatedAt.Unix()}.format()
}

// endingSeqNum is a closed shard's EndingSequenceNumber.
func endingSeqNum(sh *store.Shard) string {
	return seqNum{ShardCreated: sh.CreatedAt.Unix(), Shard: sh.Index, Counter: endCounter,
		Arrived: sh.ClosedAt.Unix()}.format()
}

// seqNumTime is the arrival time a sequence number carries.
func (q seqNum) arrivedAt() time.Time { return time.Unix(q.Arrived, 0) }
