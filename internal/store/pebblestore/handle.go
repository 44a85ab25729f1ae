package pebblestore

import (
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
)

// Receipt handles are base64url (no padding) of
//
//	version(1) uvarint(qid) uvarint(seq) nonce(8, big-endian) crc32c(4)
//
// where the checksum covers the bytes before it. The checksum rejects typos
// and truncation; handles are not meant to be unforgeable (a client can only
// name messages of queues it may already access).
const handleVersion = 1

// maxHandleLen bounds the text form: 1+10+10+8+4 bytes in base64.
const maxHandleLen = 44

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// handle identifies one receive of one message.
type handle struct {
	qid   uint64
	seq   uint64
	nonce uint64
}

// encode returns the handle's text form.
func (h handle) encode() string {
	b := make([]byte, 0, 33)
	b = append(b, handleVersion)
	b = binary.AppendUvarint(b, h.qid)
	b = binary.AppendUvarint(b, h.seq)
	b = binary.BigEndian.AppendUint64(b, h.nonce)
	b = binary.BigEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseHandle decodes a handle's text form; ok is false for anything that
// encode did not produce.
func parseHandle(s string) (h handle, ok bool) {
	if len(s) == 0 || len(s) > maxHandleLen {
		return handle{}, false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || len(b) < 1+1+1+8+4 || b[0] != handleVersion {
		return handle{}, false
	}
	body, sum := b[:len(b)-4], b[len(b)-4:]
	if crc32.Checksum(body, crcTable) != binary.BigEndian.Uint32(sum) {
		return handle{}, false
	}
	rest := body[1:]
	qid, n := binary.Uvarint(rest)
	if n <= 0 {
		return handle{}, false
	}
	rest = rest[n:]
	seq, n := binary.Uvarint(rest)
	if n <= 0 {
		return handle{}, false
	}
	rest = rest[n:]
	if len(rest) != 8 {
		return handle{}, false
	}
	return handle{qid: qid, seq: seq, nonce: binary.BigEndian.Uint64(rest)}, true
}
