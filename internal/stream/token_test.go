package stream

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func testIterator() iterator {
	return iterator{
		Stream:        StreamRef{Account: "000000000000", Name: strings.Repeat("n", 128)},
		StreamCreated: time.UnixMilli(1764000000123),
		Shard:         7,
		From:          12345,
		FromHint:      time.UnixMilli(1764000001000),
		Issued:        time.UnixMilli(1764000002000),
	}
}

func TestIterator_RoundTrip(t *testing.T) {
	t.Parallel()
	s := sealer{key: []byte("k")}
	it := testIterator()
	token := s.encodeIterator(it)
	if len(token) > 512 {
		t.Fatalf("iterator is %d characters, more than 512", len(token))
	}
	got, ok := s.decodeIterator(token)
	if !ok || got.Stream != it.Stream || got.Shard != it.Shard || got.From != it.From ||
		!got.Issued.Equal(it.Issued) || !got.StreamCreated.Equal(it.StreamCreated) || !got.FromHint.Equal(it.FromHint) {
		t.Fatalf("decodeIterator = %+v, %v; want %+v", got, ok, it)
	}
}

func TestIterator_Tampered(t *testing.T) {
	t.Parallel()
	s := sealer{key: []byte("k")}
	raw, _ := base64.StdEncoding.DecodeString(s.encodeIterator(testIterator()))
	for i := range raw {
		changed := append([]byte(nil), raw...)
		changed[i] ^= 0x01
		if _, ok := s.decodeIterator(base64.StdEncoding.EncodeToString(changed)); ok {
			t.Fatalf("iterator with byte %d flipped was accepted", i)
		}
	}
	if _, ok := (sealer{key: []byte("other")}).decodeIterator(s.encodeIterator(testIterator())); ok {
		t.Fatal("iterator sealed with another key was accepted")
	}
	if _, ok := s.decodeIterator(s.encodeNextToken(nextToken{Account: "a"})); ok {
		t.Fatal("a NextToken was accepted as an iterator")
	}
}

func FuzzDecodeIterator(f *testing.F) {
	s := sealer{key: []byte("fuzz")}
	f.Add(s.encodeIterator(testIterator()))
	f.Add("AAAAAAAAAAE=")
	f.Add("")
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, token string) {
		it, ok := s.decodeIterator(token)
		if !ok {
			return
		}
		if again := s.encodeIterator(it); again != token {
			t.Fatalf("decoded %q as %+v, which encodes as %q", token, it, again)
		}
	})
}
