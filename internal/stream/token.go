package stream

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"time"
)

// Opaque tokens (shard iterators, NextTokens) are a payload followed by a
// truncated HMAC-SHA256 of a purpose byte and the payload, in base64. The
// key is per process unless Options.TokenKey fixes it, so tokens cannot be
// forged or altered, and a token of one kind is never accepted as another.

const macSize = 16

// Token purposes.
const (
	purposeIterator  byte = 'I'
	purposeNextToken byte = 'N'
)

// sealer signs and checks tokens.
type sealer struct{ key []byte }

func (s sealer) mac(purpose byte, payload []byte) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte{purpose})
	h.Write(payload)
	return h.Sum(nil)[:macSize]
}

func (s sealer) seal(purpose byte, payload []byte) string {
	return base64.StdEncoding.EncodeToString(append(payload, s.mac(purpose, payload)...))
}

func (s sealer) open(purpose byte, token string) ([]byte, bool) {
	raw, err := base64.StdEncoding.DecodeString(token)
	// The decoder skips line breaks; accept only the one spelling seal
	// produces, so a token has exactly one valid form.
	if err != nil || len(raw) < macSize || base64.StdEncoding.EncodedLen(len(raw)) != len(token) {
		return nil, false
	}
	payload, mac := raw[:len(raw)-macSize], raw[len(raw)-macSize:]
	if !hmac.Equal(mac, s.mac(purpose, payload)) {
		return nil, false
	}
	return payload, true
}

// iterator is what a shard iterator says: where to read and since when the
// iterator is valid.
type iterator struct {
	Stream        StreamRef
	StreamCreated time.Time // tells a recreated stream of the same name apart
	Shard         int
	// From is the store counter of the next record to read; FromHint is
	// an arrival time at or before that record's, which makes the seek
	// direct.
	From     uint64
	FromHint time.Time
	Issued   time.Time
}

const iteratorVersion = 1

// encodeIterator serializes it: version, issue ms, stream creation ms,
// shard, counter, hint ms, then the account and the stream name with one-byte
// lengths. With a 12-digit account and a 128-character name the token is
// well under the 512 characters AWS allows.
func (s sealer) encodeIterator(it iterator) string {
	b := make([]byte, 0, 64+len(it.Stream.Account)+len(it.Stream.Name))
	b = append(b, iteratorVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(it.Issued.UnixMilli()))
	b = binary.BigEndian.AppendUint64(b, uint64(it.StreamCreated.UnixMilli()))
	b = binary.BigEndian.AppendUint32(b, uint32(it.Shard))
	b = binary.BigEndian.AppendUint64(b, it.From)
	b = binary.BigEndian.AppendUint64(b, uint64(it.FromHint.UnixMilli()))
	b = append(b, byte(len(it.Stream.Account)))
	b = append(b, it.Stream.Account...)
	b = append(b, byte(len(it.Stream.Name)))
	b = append(b, it.Stream.Name...)
	return s.seal(purposeIterator, b)
}

// decodeIterator checks and reads a shard iterator.
func (s sealer) decodeIterator(token string) (iterator, bool) {
	if len(token) > 512 {
		return iterator{}, false
	}
	b, ok := s.open(purposeIterator, token)
	if !ok || len(b) < 37 || b[0] != iteratorVersion {
		return iterator{}, false
	}
	it := iterator{
		Issued:        time.UnixMilli(int64(binary.BigEndian.Uint64(b[1:]))),
		StreamCreated: time.UnixMilli(int64(binary.BigEndian.Uint64(b[9:]))),
		Shard:         int(binary.BigEndian.Uint32(b[17:])),
		From:          binary.BigEndian.Uint64(b[21:]),
		FromHint:      time.UnixMilli(int64(binary.BigEndian.Uint64(b[29:]))),
	}
	rest := b[37:]
	account, rest, ok := cutLengthPrefixed(rest)
	if !ok {
		return iterator{}, false
	}
	name, rest, ok := cutLengthPrefixed(rest)
	if !ok || len(rest) != 0 || it.Shard < 0 || it.Shard > maxShardIndex {
		return iterator{}, false
	}
	it.Stream = StreamRef{Account: string(account), Name: string(name)}
	return it, true
}

func cutLengthPrefixed(b []byte) (field, rest []byte, ok bool) {
	if len(b) < 1 || len(b) < 1+int(b[0]) {
		return nil, nil, false
	}
	return b[1 : 1+int(b[0])], b[1+int(b[0]):], true
}

// nextToken is the continuation of a paged listing.
type nextToken struct {
	Account string    `json:"a"`
	Stream  string    `json:"s,omitempty"`
	Created int64     `json:"c,omitempty"` // stream creation, unix millis
	After   string    `json:"k"`           // last key returned
	Filter  string    `json:"f,omitempty"` // ListShards filter type
	At      int64     `json:"t,omitempty"` // ListShards filter time, unix millis
	Max     int       `json:"m,omitempty"` // page size asked for first
	Issued  time.Time `json:"i"`
}

// nextTokenTTL is how long a NextToken stays valid.
const nextTokenTTL = 300 * time.Second

func (s sealer) encodeNextToken(t nextToken) string {
	b, _ := json.Marshal(t)
	return s.seal(purposeNextToken, b)
}

func (s sealer) decodeNextToken(token string) (nextToken, bool) {
	b, ok := s.open(purposeNextToken, token)
	if !ok {
		return nextToken{}, false
	}
	var t nextToken
	if json.Unmarshal(b, &t) != nil {
		return nextToken{}, false
	}
	return t, true
}
