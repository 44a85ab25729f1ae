package stream

import (
	"math/bits"
	"strconv"

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

// format returns the decimal sequence number. It packs the fields into
// 192 bits and converts them to decimal with word divisions, which is much
// cheaper than going through math/big for every record read.
func (q seqNum) format() string {
	var n uint192
	n.push(4, 2)
	n.push(36, uint64(clampSeconds(q.ShardCreated)))
	n.push(4, uint64(q.Shard&0xf))
	n.push(64, q.Counter)
	n.push(8, 0)
	n.push(36, uint64(clampSeconds(q.Arrived)))
	n.push(32, uint64(q.Shard))
	n.push(4, 2)
	return n.decimal()
}

// uint192 is an unsigned 192-bit number, most significant word first.
type uint192 [3]uint64

// push shifts n left by width bits and puts v (which fits) in the gap.
func (n *uint192) push(width uint, v uint64) {
	if width == 64 {
		n[0], n[1], n[2] = n[1], n[2], v
		return
	}
	n[0] = n[0]<<width | n[1]>>(64-width)
	n[1] = n[1]<<width | n[2]>>(64-width)
	n[2] = n[2]<<width | v
}

// decimal formats n in base 10.
func (n uint192) decimal() string {
	const chunk = 1e19 // the largest power of ten below 2^64
	var parts []uint64 // least significant first
	for n != (uint192{}) {
		var r uint64
		for i := range n {
			n[i], r = bits.Div64(r, n[i], chunk)
		}
		parts = append(parts, r)
	}
	if len(parts) == 0 {
		return "0"
	}
	b := strconv.AppendUint(make([]byte, 0, 19*len(parts)), parts[len(parts)-1], 10)
	for i := len(parts) - 2; i >= 0; i-- {
		digits := strconv.FormatUint(parts[i], 10)
		for range 19 - len(digits) {
			b = append(b, '0')
		}
		b = append(b, digits...)
	}
	return string(b)
}

func clampSeconds(s int64) int64 { return min(max(s, 0), maxEpochSeconds) }

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
