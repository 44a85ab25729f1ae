package pebblestore

import (
	"encoding/binary"
	"math"
)

// Key layout.
//
// Every key starts with a one-byte table prefix. Integers in keys are
// big-endian so that byte order is numeric order. qid is a queue's internal
// id (uint64, never reused); seq is a message's sequence number (uint64,
// store-wide, increasing, never reused); times are Unix nanoseconds as uint64
// (times before 1970 are stored as 0).
//
//	'I'                                   -> next queue id (uint64)
//	'N'                                   -> sequence high-water mark (uint64, merged with max)
//	'Q' u16(len(account)) account name    -> queue record (id, type, attributes, tags, times)
//	'c' qid                               -> stored message count (int64, merged with add)
//	'm' qid seq                           -> message record: body, attributes, MD5s, sender,
//	                                         group, dedup id, sent time, first visible time,
//	                                         dead-letter source. Immutable.
//	'r' qid visibleAt seq                 -> never-received message, by first visible time;
//	                                         value: sent time and group. Deleted on first
//	                                         receive.
//	'f' qid seq                           -> receive state of a received message: deadline,
//	                                         receive count, first receive time, receipt nonce,
//	                                         sent time, group.
//	't' qid sentAt seq                    -> empty; age index for retention and the oldest
//	                                         message.
//	'd' qid dedupKey                      -> FIFO deduplication entry: message id, sequence
//	                                         number, expiry. dedupKey is the dedup id, or
//	                                         uvarint(len(group)) group dedupId when
//	                                         deduplication is scoped to message groups.
//
// A stored message always has its 'm' and 't' keys and exactly one of 'r'
// (never received) or 'f' (received at least once), and is counted once in
// 'c'. Every batch that allocates sequence numbers merges its highest one into
// 'N', so the counter is recovered at open with one read.
const (
	prefixNextQueueID = 'I'
	prefixSeqHigh     = 'N'
	prefixQueue       = 'Q'
	prefixCount       = 'c'
	prefixMessage     = 'm'
	prefixReady       = 'r'
	prefixReceived    = 'f'
	prefixAge         = 't'
	prefixDedup       = 'd'
)

// messageTables are the per-queue tables that hold messages; purge clears
// them.
var messageTables = []byte{prefixMessage, prefixReady, prefixReceived, prefixAge}

// queueTables are all per-queue tables keyed by qid; queue deletion clears
// them.
var queueTables = []byte{prefixMessage, prefixReady, prefixReceived, prefixAge, prefixDedup}

var (
	keyNextQueueID = []byte{prefixNextQueueID}
	keySeqHigh     = []byte{prefixSeqHigh}
)

// timeKey turns Unix nanoseconds into the unsigned form used in keys.
func timeKey(nanos int64) uint64 {
	if nanos < 0 {
		return 0
	}
	return uint64(nanos)
}

// queueKey is the key of a queue record.
func queueKey(account, name string) []byte {
	k := make([]byte, 0, 3+len(account)+len(name))
	k = append(k, prefixQueue)
	k = binary.BigEndian.AppendUint16(k, uint16(len(account)))
	k = append(k, account...)
	return append(k, name...)
}

// tableKey is prefix qid followed by the given uint64 parts.
func tableKey(prefix byte, qid uint64, parts ...uint64) []byte {
	k := make([]byte, 0, 9+8*len(parts))
	k = append(k, prefix)
	k = binary.BigEndian.AppendUint64(k, qid)
	for _, p := range parts {
		k = binary.BigEndian.AppendUint64(k, p)
	}
	return k
}

// tableStart and tableEnd bound all keys of one queue in one table.
func tableStart(prefix byte, qid uint64) []byte { return tableKey(prefix, qid) }

func tableEnd(prefix byte, qid uint64) []byte {
	if qid == math.MaxUint64 {
		return []byte{prefix + 1}
	}
	return tableKey(prefix, qid+1)
}

func countKey(qid uint64) []byte         { return tableKey(prefixCount, qid) }
func messageKey(qid, seq uint64) []byte  { return tableKey(prefixMessage, qid, seq) }
func receivedKey(qid, seq uint64) []byte { return tableKey(prefixReceived, qid, seq) }
func readyKey(qid uint64, at int64, seq uint64) []byte {
	return tableKey(prefixReady, qid, timeKey(at), seq)
}
func ageKey(qid uint64, sentAt int64, seq uint64) []byte {
	return tableKey(prefixAge, qid, timeKey(sentAt), seq)
}

// dedupKey is the key of a FIFO deduplication entry.
func dedupKey(qid uint64, group, dedupID string, perGroup bool) []byte {
	k := tableKey(prefixDedup, qid)
	if perGroup {
		k = binary.AppendUvarint(k, uint64(len(group)))
		k = append(k, group...)
	}
	return append(k, dedupID...)
}

// splitSeqKey reads qid and seq from an 'm' or 'f' key.
func splitSeqKey(k []byte) (qid, seq uint64, ok bool) {
	if len(k) != 17 {
		return 0, 0, false
	}
	return binary.BigEndian.Uint64(k[1:9]), binary.BigEndian.Uint64(k[9:17]), true
}

// splitTimeSeqKey reads qid, time and seq from an 'r' or 't' key.
func splitTimeSeqKey(k []byte) (qid uint64, at int64, seq uint64, ok bool) {
	if len(k) != 25 {
		return 0, 0, 0, false
	}
	t := binary.BigEndian.Uint64(k[9:17])
	if t > math.MaxInt64 {
		return 0, 0, 0, false
	}
	return binary.BigEndian.Uint64(k[1:9]), int64(t), binary.BigEndian.Uint64(k[17:25]), true
}
