package streamkv

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// errCorrupt marks a stored value that does not decode.
var errCorrupt = errors.New("streamkv: corrupt value")

// docVersion is the first byte of an encoded stream document.
const docVersion = 1

// Stream document encoding, after the version byte:
//
//	uvarint id
//	bytes account, bytes name, time CreatedAt, bytes Meta
//	uvarint len(Shards), then per shard:
//	  varint Index, varint Parent, varint AdjacentParent,
//	  HashStart[16], HashEnd[16], time CreatedAt, time ClosedAt
//
// bytes and time are uvarint-length-prefixed; a time is time.AppendBinary.

// encodeStream encodes a stream document with its internal id.
func encodeStream(id uint64, s *store.Stream) ([]byte, error) {
	b := make([]byte, 0, 64+len(s.Meta)+len(s.Shards)*64)
	b = append(b, docVersion)
	b = binary.AppendUvarint(b, id)
	b = appendBytes(b, []byte(s.Ref.Account))
	b = appendBytes(b, []byte(s.Ref.Name))
	b, err := appendTime(b, s.CreatedAt)
	if err != nil {
		return nil, err
	}
	b = appendBytes(b, s.Meta)
	b = binary.AppendUvarint(b, uint64(len(s.Shards)))
	for i := range s.Shards {
		if b, err = appendShard(b, &s.Shards[i]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func appendShard(b []byte, sh *store.Shard) ([]byte, error) {
	b = binary.AppendVarint(b, int64(sh.Index))
	b = binary.AppendVarint(b, int64(sh.Parent))
	b = binary.AppendVarint(b, int64(sh.AdjacentParent))
	b = append(b, sh.HashStart[:]...)
	b = append(b, sh.HashEnd[:]...)
	b, err := appendTime(b, sh.CreatedAt)
	if err != nil {
		return nil, err
	}
	return appendTime(b, sh.ClosedAt)
}

func appendBytes(b, v []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

func appendTime(b []byte, t time.Time) ([]byte, error) {
	enc, err := t.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("streamkv: encode time %v: %w", t, err)
	}
	return appendBytes(b, enc), nil
}

// decodeStream decodes a stream document and its internal id.
func decodeStream(v []byte) (uint64, *store.Stream, error) {
	if len(v) == 0 || v[0] != docVersion {
		return 0, nil, fmt.Errorf("%w: unknown stream document version", errCorrupt)
	}
	d := decoder{b: v[1:]}
	id := d.uvarint()
	s := &store.Stream{}
	s.Ref.Account = string(d.bytes())
	s.Ref.Name = string(d.bytes())
	s.CreatedAt = d.time()
	if meta := d.bytes(); len(meta) > 0 {
		s.Meta = append([]byte(nil), meta...)
	}
	n := d.uvarint()
	if n > uint64(len(d.b)) { // every shard takes more than one byte
		return 0, nil, fmt.Errorf("%w: stream document shard count", errCorrupt)
	}
	s.Shards = make([]store.Shard, n)
	for i := range s.Shards {
		d.shard(&s.Shards[i])
	}
	if d.err != nil || len(d.b) != 0 {
		return 0, nil, fmt.Errorf("%w: stream document", errCorrupt)
	}
	return id, s, nil
}

// decoder reads the encodings above; the first failure sticks in err and
// later reads return zero values.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() { d.err, d.b = errCorrupt, nil }

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) fixed(n int) []byte {
	if len(d.b) < n {
		d.fail()
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	return d.fixed(int(n))
}

func (d *decoder) time() time.Time {
	var t time.Time
	if enc := d.bytes(); d.err == nil {
		if err := t.UnmarshalBinary(enc); err != nil {
			d.fail()
		}
	}
	return t
}

func (d *decoder) shard(sh *store.Shard) {
	sh.Index = d.varint()
	sh.Parent = d.varint()
	sh.AdjacentParent = d.varint()
	copy(sh.HashStart[:], d.fixed(16))
	copy(sh.HashEnd[:], d.fixed(16))
	sh.CreatedAt = d.time()
	sh.ClosedAt = d.time()
}

// recordValueLen is the encoded length of a record's value.
func recordValueLen(r *store.RecordInput) int {
	return binary.MaxVarintLen64 + len(r.PartitionKey) + len(r.HashKey) + len(r.Data)
}

// appendRecordValue encodes what a record key does not hold.
func appendRecordValue(b []byte, r *store.RecordInput) []byte {
	b = appendBytes(b, []byte(r.PartitionKey))
	b = append(b, r.HashKey[:]...)
	return append(b, r.Data...)
}

// decodeRecord decodes a record from its key and value; the record owns its
// memory.
func decodeRecord(shard int, key, value []byte) (store.Record, error) {
	v := append([]byte(nil), value...)
	d := decoder{b: v}
	pk := d.bytes()
	hash := d.fixed(16)
	if d.err != nil {
		return store.Record{}, fmt.Errorf("%w: record", errCorrupt)
	}
	r := store.Record{
		Position:     recordPosition(shard, decodePosition(key)),
		PartitionKey: string(pk),
		Data:         d.b,
	}
	copy(r.HashKey[:], hash)
	return r, nil
}

// recordPosition is the public form of a position.
func recordPosition(shard int, p position) store.RecordPosition {
	return store.RecordPosition{Shard: shard, ArrivedAt: millisTime(p.ms), Counter: p.counter}
}

// encodeHighWater encodes a high-water mark value.
func encodeHighWater(p position) []byte { return appendPosition(nil, p) }

// groupVersion is the first byte of an encoded group document.
const groupVersion = 1

// Group document encoding, after the version byte (the key holds the
// stream's id and the group's name):
//
//	time CreatedAt, bytes Meta
//	uvarint len(Checkpoints), then per checkpoint:
//	  varint Shard, bytes SequenceNumber, byte Finished (0 or 1)

// encodeGroup encodes a group document.
func encodeGroup(g *store.Group) ([]byte, error) {
	b := make([]byte, 0, 32+len(g.Meta)+len(g.Checkpoints)*64)
	b = append(b, groupVersion)
	b, err := appendTime(b, g.CreatedAt)
	if err != nil {
		return nil, err
	}
	b = appendBytes(b, g.Meta)
	b = binary.AppendUvarint(b, uint64(len(g.Checkpoints)))
	for _, c := range g.Checkpoints {
		b = binary.AppendVarint(b, int64(c.Shard))
		b = appendBytes(b, []byte(c.SequenceNumber))
		finished := byte(0)
		if c.Finished {
			finished = 1
		}
		b = append(b, finished)
	}
	return b, nil
}

// decodeGroup decodes a group document; ref names it.
func decodeGroup(ref store.GroupRef, v []byte) (*store.Group, error) {
	if len(v) == 0 || v[0] != groupVersion {
		return nil, fmt.Errorf("%w: unknown group document version", errCorrupt)
	}
	d := decoder{b: v[1:]}
	g := &store.Group{Ref: ref, CreatedAt: d.time()}
	if meta := d.bytes(); len(meta) > 0 {
		g.Meta = append([]byte(nil), meta...)
	}
	n := d.uvarint()
	if n > uint64(len(d.b)) { // every checkpoint takes more than one byte
		return nil, fmt.Errorf("%w: group document checkpoint count", errCorrupt)
	}
	for range n {
		c := store.Checkpoint{Shard: d.varint(), SequenceNumber: string(d.bytes())}
		switch f := d.fixed(1); {
		case len(f) == 1 && f[0] <= 1:
			c.Finished = f[0] == 1
		default:
			d.fail()
		}
		g.Checkpoints = append(g.Checkpoints, c)
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, fmt.Errorf("%w: group document", errCorrupt)
	}
	return g, nil
}
