package pebblestore

import (
	"math"
	"testing"
)

func TestHandleRoundTrip(t *testing.T) {
	t.Parallel()
	for _, h := range []handle{
		{qid: 1, seq: 1, nonce: 0},
		{qid: 7, seq: 123456789, nonce: 0xdeadbeefcafef00d},
		{qid: math.MaxUint64, seq: math.MaxUint64, nonce: math.MaxUint64},
	} {
		s := h.encode()
		if len(s) > maxHandleLen {
			t.Errorf("handle %+v encodes to %d characters, more than %d", h, len(s), maxHandleLen)
		}
		got, ok := parseHandle(s)
		if !ok || got != h {
			t.Errorf("parseHandle(%q) = %+v, %v; want %+v, true", s, got, ok, h)
		}
	}
}

func TestHandleRejectsDamage(t *testing.T) {
	t.Parallel()
	s := handle{qid: 3, seq: 99, nonce: 42}.encode()
	for i := range len(s) {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		if h, ok := parseHandle(string(b)); ok {
			t.Errorf("damaged handle %q parsed as %+v", b, h)
		}
	}
	for _, cut := range []int{1, len(s) / 2, len(s) - 1} {
		if h, ok := parseHandle(s[:cut]); ok {
			t.Errorf("truncated handle %q parsed as %+v", s[:cut], h)
		}
	}
}

func FuzzReceiptHandle(f *testing.F) {
	f.Add(handle{qid: 1, seq: 2, nonce: 3}.encode())
	f.Add("")
	f.Add("garbage")
	f.Add("AQEBAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, s string) {
		h, ok := parseHandle(s)
		if !ok {
			return
		}
		if again, ok := parseHandle(h.encode()); !ok || again != h {
			t.Fatalf("handle %+v parsed from %q does not round-trip", h, s)
		}
	})
}
