package pebblestore

import (
	"encoding/binary"
	"io"

	"github.com/cockroachdb/pebble/v2"
)

// mergerName is stored by Pebble; opening a database with another merger
// fails, so it must never change for this operator.
const mergerName = "sluice.pebblestore.counters.v1"

// merger combines the operands of counter keys: message counts ('c' keys)
// add, the sequence high-water mark ('N') takes the maximum. Operands and
// results are 8-byte big-endian integers.
var merger = &pebble.Merger{
	Name: mergerName,
	Merge: func(key, value []byte) (pebble.ValueMerger, error) {
		m := &counterMerger{max: len(key) > 0 && key[0] == prefixSeqHigh}
		return m, m.add(value)
	},
}

// counterMerger sums or maximises int64 operands.
type counterMerger struct {
	max bool
	v   int64
	set bool
}

func (m *counterMerger) add(b []byte) error {
	if len(b) != 8 {
		return errCorrupt
	}
	v := int64(binary.BigEndian.Uint64(b))
	switch {
	case !m.set:
		m.v = v
	case m.max:
		if uint64(v) > uint64(m.v) {
			m.v = v
		}
	default:
		m.v += v
	}
	m.set = true
	return nil
}

// MergeNewer adds a newer operand.
func (m *counterMerger) MergeNewer(value []byte) error { return m.add(value) }

// MergeOlder adds an older operand.
func (m *counterMerger) MergeOlder(value []byte) error { return m.add(value) }

// Finish returns the combined value.
func (m *counterMerger) Finish(bool) ([]byte, io.Closer, error) {
	return int64Value(m.v), nil, nil
}

// int64Value encodes a counter operand or value.
func int64Value(v int64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), uint64(v))
}

// parseInt64Value decodes a counter value.
func parseInt64Value(b []byte) (int64, error) {
	if len(b) != 8 {
		return 0, errCorrupt
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}
