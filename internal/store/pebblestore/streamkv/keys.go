package streamkv

import (
	"encoding/binary"
	"math"
	"time"
)

// Key layout.
//
// The store owns every key that starts with its prefix byte P
// (Options.Prefix, 'S' by default); the second byte names the table. Integers
// are big-endian so that byte order is numeric order. id is a stream's
// internal id (uint64, never reused, so a stream created again under an old
// name never sees the old records); shard is a shard index (uint32); ms is an
// arrival time in Unix milliseconds with the sign bit flipped, so that byte
// order is time order; counter is a record's per-shard counter (uint64,
// starting at 1).
//
//	P 'i'                                  -> last allocated stream id (uint64)
//	P 'm' uvarint(len(account)) account name -> stream document (codec.go)
//	P 'r' id shard ms counter              -> record: uvarint(len(pk)) pk hashKey[16] data
//	P 'w' id shard                         -> shard high-water mark: counter ms, written
//	                                          by trims
//	P 'g' id name                          -> consumer group document (codec.go)
//
// The store never lets a shard's arrival time go backwards, so a shard's
// records sort by counter as well as by time: AT_TIMESTAMP is one seek and
// retention is one range deletion per shard. A shard's last counter and
// arrival time are recovered at open from its last record key, or from its 'w'
// key when a trim deleted its newest records: O(shards) reads, never
// O(records), and nothing per record is kept in memory.
const (
	tableLastID    = 'i'
	tableStream    = 'm'
	tableRecord    = 'r'
	tableHighWater = 'w'
	tableGroup     = 'g'
)

// Lengths of the fixed-size key parts.
const (
	idLen        = 8
	shardLen     = 4
	positionLen  = 16 // ms and counter
	recordKeyLen = 2 + idLen + shardLen + positionLen
)

// keys builds the keys of one prefix byte.
type keys struct{ prefix byte }

func (k keys) table(t byte) []byte { return []byte{k.prefix, t} }

// lastID is the key of the stream id allocator.
func (k keys) lastID() []byte { return k.table(tableLastID) }

// streams is the prefix of every stream document.
func (k keys) streams() []byte { return k.table(tableStream) }

// accountStreams is the prefix of an account's stream documents.
func (k keys) accountStreams(account string) []byte {
	b := binary.AppendUvarint(k.streams(), uint64(len(account)))
	return append(b, account...)
}

// stream is the key of a stream document.
func (k keys) stream(account, name string) []byte {
	return append(k.accountStreams(account), name...)
}

// streamRecords is the prefix of every record of a stream.
func (k keys) streamRecords(id uint64) []byte {
	return binary.BigEndian.AppendUint64(k.table(tableRecord), id)
}

// shardRecords is the prefix of every record of a shard.
func (k keys) shardRecords(id uint64, shard int) []byte {
	return binary.BigEndian.AppendUint32(k.streamRecords(id), uint32(shard))
}

// record is the key of the record at p in a shard. It is also a seek key:
// every record at or after p sorts at or after it.
func (k keys) record(id uint64, shard int, p position) []byte {
	b := make([]byte, 0, recordKeyLen)
	b = append(b, k.prefix, tableRecord)
	b = binary.BigEndian.AppendUint64(b, id)
	b = binary.BigEndian.AppendUint32(b, uint32(shard))
	return appendPosition(b, p)
}

// streamHighWaters is the prefix of every high-water mark of a stream.
func (k keys) streamHighWaters(id uint64) []byte {
	return binary.BigEndian.AppendUint64(k.table(tableHighWater), id)
}

// highWater is the key of a shard's high-water mark.
func (k keys) highWater(id uint64, shard int) []byte {
	return binary.BigEndian.AppendUint32(k.streamHighWaters(id), uint32(shard))
}

// streamGroups is the prefix of every group document of a stream.
func (k keys) streamGroups(id uint64) []byte {
	return binary.BigEndian.AppendUint64(k.table(tableGroup), id)
}

// group is the key of a group document.
func (k keys) group(id uint64, name string) []byte {
	return append(k.streamGroups(id), name...)
}

// position is a record's place in its shard as the store keeps it.
type position struct {
	ms      int64
	counter uint64
}

// after reports whether p comes after q.
func (p position) after(q position) bool { return p.counter > q.counter }

func appendPosition(b []byte, p position) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(p.ms)^(1<<63))
	return binary.BigEndian.AppendUint64(b, p.counter)
}

// decodePosition reads the position at the end of a record key, or a
// high-water mark value.
func decodePosition(b []byte) position {
	b = b[len(b)-positionLen:]
	return position{
		ms:      int64(binary.BigEndian.Uint64(b) ^ (1 << 63)),
		counter: binary.BigEndian.Uint64(b[8:]),
	}
}

// prefixEnd returns the first key after every key that starts with prefix.
func prefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != math.MaxUint8 {
			end[i]++
			return end[:i+1]
		}
	}
	return nil // prefix is all 0xff: no upper bound
}

// floorMillis is t in Unix milliseconds, rounded down.
func floorMillis(t time.Time) int64 { return t.UnixMilli() }

// ceilMillis is t in Unix milliseconds, rounded up: the first millisecond
// that is not before t.
func ceilMillis(t time.Time) int64 {
	ms := t.UnixMilli()
	if time.UnixMilli(ms).Before(t) {
		ms++
	}
	return ms
}

// millisTime is the time of Unix milliseconds ms, in UTC.
func millisTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
