package pebblestore

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// errCorrupt reports a stored value that does not decode.
var errCorrupt = errors.New("pebblestore: corrupt record")

// recordVersion is the first byte of every encoded record.
const recordVersion = 1

// encoder appends varints and length-prefixed strings to a buffer.
type encoder struct{ b []byte }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) raw(b []byte)     { e.uvarint(uint64(len(b))); e.b = append(e.b, b...) }

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// stringMap encodes a map with its keys sorted, so equal maps encode equally.
func (e *encoder) stringMap(m map[string]string) {
	e.uvarint(uint64(len(m)))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		e.str(k)
		e.str(m[k])
	}
}

// decoder reads what encoder wrote. The first failure sticks in err and
// every later read returns zero values.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() { d.err = errCorrupt; d.b = nil }

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) bool() bool {
	if d.err != nil {
		return false
	}
	if len(d.b) == 0 || d.b[0] > 1 {
		d.fail()
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

// count reads a collection length, refusing lengths the remaining bytes
// cannot hold (each element takes at least min bytes).
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if d.err != nil {
		return 0
	}
	if n > uint64(len(d.b)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) stringMap() map[string]string {
	n := d.count(2)
	if n == 0 {
		return nil
	}
	m := make(map[string]string, n)
	for range n {
		k := d.str()
		m[k] = d.str()
	}
	return m
}

func (d *decoder) version() {
	if d.err != nil {
		return
	}
	if len(d.b) == 0 || d.b[0] != recordVersion {
		d.fail()
		return
	}
	d.b = d.b[1:]
}

// finish returns the sticky error, or errCorrupt when bytes are left over.
func (d *decoder) finish() error {
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	return d.err
}

// nanos turns a time into Unix nanoseconds, 0 for the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos is the inverse of nanos, in UTC.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// queueRecord is the stored form of a queue.
type queueRecord struct {
	id         uint64
	fifo       bool
	attributes map[string]string
	tags       map[string]string
	createdAt  int64
	modifiedAt int64
	purgedAt   int64
}

func (r *queueRecord) encode() []byte {
	e := encoder{b: []byte{recordVersion}}
	e.uvarint(r.id)
	e.bool(r.fifo)
	e.stringMap(r.attributes)
	e.stringMap(r.tags)
	e.varint(r.createdAt)
	e.varint(r.modifiedAt)
	e.varint(r.purgedAt)
	return e.b
}

func decodeQueueRecord(b []byte) (*queueRecord, error) {
	d := decoder{b: b}
	d.version()
	r := &queueRecord{
		id:         d.uvarint(),
		fifo:       d.bool(),
		attributes: d.stringMap(),
		tags:       d.stringMap(),
		createdAt:  d.varint(),
		modifiedAt: d.varint(),
		purgedAt:   d.varint(),
	}
	return r, d.finish()
}

// toQueue returns the contract's view of the record, with copied maps.
func (r *queueRecord) toQueue(ref store.QueueRef) *store.Queue {
	return &store.Queue{
		Ref:        ref,
		FIFO:       r.fifo,
		Attributes: maps.Clone(r.attributes),
		Tags:       maps.Clone(r.tags),
		CreatedAt:  fromNanos(r.createdAt),
		ModifiedAt: fromNanos(r.modifiedAt),
		PurgedAt:   fromNanos(r.purgedAt),
	}
}

// encodeMessage encodes the immutable part of a message. visibleAt is its
// first visible time.
func encodeMessage(m *store.Message, visibleAt int64) []byte {
	e := encoder{b: make([]byte, 0, 64+len(m.Body)+len(m.ID))}
	e.b = append(e.b, recordVersion)
	e.varint(nanos(m.SentAt))
	e.varint(visibleAt)
	e.str(m.ID)
	e.str(m.Body)
	e.str(m.TraceHeader)
	e.str(m.MD5OfBody)
	e.str(m.MD5OfAttributes)
	e.str(m.MD5OfSystemAttributes)
	e.str(m.SenderID)
	e.str(m.GroupID)
	e.str(m.DedupID)
	e.str(m.DeadLetterSource.Account)
	e.str(m.DeadLetterSource.Name)
	e.uvarint(uint64(len(m.Attributes)))
	for _, name := range slices.Sorted(maps.Keys(m.Attributes)) {
		a := m.Attributes[name]
		e.str(name)
		e.str(a.DataType)
		e.str(a.StringValue)
		e.raw(a.BinaryValue)
	}
	return e.b
}

// decodeMessage decodes a message record. It copies everything it keeps, so
// b may be reused afterwards.
func decodeMessage(b []byte) (*store.Message, int64, error) {
	d := decoder{b: b}
	d.version()
	m := &store.Message{SentAt: fromNanos(d.varint())}
	visibleAt := d.varint()
	m.ID = d.str()
	m.Body = d.str()
	m.TraceHeader = d.str()
	m.MD5OfBody = d.str()
	m.MD5OfAttributes = d.str()
	m.MD5OfSystemAttributes = d.str()
	m.SenderID = d.str()
	m.GroupID = d.str()
	m.DedupID = d.str()
	m.DeadLetterSource.Account = d.str()
	m.DeadLetterSource.Name = d.str()
	if n := d.count(4); n > 0 {
		m.Attributes = make(map[string]store.MessageAttribute, n)
		for range n {
			name := d.str()
			a := store.MessageAttribute{DataType: d.str(), StringValue: d.str()}
			if v := d.bytes(); len(v) > 0 {
				a.BinaryValue = slices.Clone(v)
			}
			m.Attributes[name] = a
		}
	}
	return m, visibleAt, d.finish()
}

// readyValue is the value of an 'r' entry.
func encodeReady(sentAt int64, group string) []byte {
	e := encoder{b: []byte{recordVersion}}
	e.varint(sentAt)
	e.str(group)
	return e.b
}

func decodeReady(b []byte) (sentAt int64, group string, err error) {
	d := decoder{b: b}
	d.version()
	sentAt = d.varint()
	group = d.str()
	return sentAt, group, d.finish()
}

// receiveRecord is the value of an 'f' entry.
type receiveRecord struct {
	deadline        int64
	receiveCount    int64
	firstReceivedAt int64
	nonce           uint64
	sentAt          int64
	group           string
}

func (r *receiveRecord) encode() []byte {
	e := encoder{b: make([]byte, 0, 48+len(r.group))}
	e.b = append(e.b, recordVersion)
	e.varint(r.deadline)
	e.varint(r.receiveCount)
	e.varint(r.firstReceivedAt)
	e.uvarint(r.nonce)
	e.varint(r.sentAt)
	e.str(r.group)
	return e.b
}

func decodeReceive(b []byte) (receiveRecord, error) {
	d := decoder{b: b}
	d.version()
	r := receiveRecord{
		deadline:        d.varint(),
		receiveCount:    d.varint(),
		firstReceivedAt: d.varint(),
		nonce:           d.uvarint(),
		sentAt:          d.varint(),
		group:           d.str(),
	}
	return r, d.finish()
}

// dedupRecord is the value of a 'd' entry.
type dedupRecord struct {
	messageID string
	seq       uint64
	expiresAt int64
}

func (r *dedupRecord) encode() []byte {
	e := encoder{b: []byte{recordVersion}}
	e.str(r.messageID)
	e.uvarint(r.seq)
	e.varint(r.expiresAt)
	return e.b
}

func decodeDedup(b []byte) (dedupRecord, error) {
	d := decoder{b: b}
	d.version()
	r := dedupRecord{messageID: d.str(), seq: d.uvarint(), expiresAt: d.varint()}
	return r, d.finish()
}

// decodeMessageVisibleAt reads only the first visible time of a message
// record.
func decodeMessageVisibleAt(b []byte) (int64, error) {
	d := decoder{b: b}
	d.version()
	d.varint()
	v := d.varint()
	return v, d.err
}
