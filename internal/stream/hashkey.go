package stream

import (
	"bytes"
	"crypto/md5"
	"math/big"
)

// hashKey is a 128-bit hash key, big-endian, as the store keeps it.
type hashKey = [16]byte

var (
	two128     = new(big.Int).Lsh(big.NewInt(1), 128)
	maxHashKey = hashKey{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
)

// partitionHashKey is the hash key of a partition key: the MD5 digest of its
// UTF-8 bytes read as an unsigned big-endian number.
func partitionHashKey(partitionKey string) hashKey {
	return md5.Sum([]byte(partitionKey))
}

// parseHashKey reads a decimal hash key in [0, 2^128-1].
func parseHashKey(s string) (hashKey, bool) {
	if s == "" || len(s) > 40 {
		return hashKey{}, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return hashKey{}, false
		}
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok || n.Cmp(two128) >= 0 {
		return hashKey{}, false
	}
	return bigToHashKey(n), true
}

func bigToHashKey(n *big.Int) hashKey {
	var k hashKey
	n.FillBytes(k[:])
	return k
}

// hashKeyString formats k in decimal, as the API shows hash keys.
func hashKeyString(k hashKey) string {
	return new(big.Int).SetBytes(k[:]).String()
}

func compareHashKeys(a, b hashKey) int { return bytes.Compare(a[:], b[:]) }

// hashKeyAdd returns k+d for a small d that may be negative; the caller
// keeps the result in range.
func hashKeyAdd(k hashKey, d int64) hashKey {
	n := new(big.Int).SetBytes(k[:])
	return bigToHashKey(n.Add(n, big.NewInt(d)))
}

// splitEvenly cuts [0, 2^128-1] into n ranges; range i starts at
// floor(i*2^128/n) and the last one ends at 2^128-1.
func splitEvenly(n int) [][2]hashKey {
	ranges := make([][2]hashKey, n)
	for i := range n {
		ranges[i][0] = evenBoundary(i, n)
		if i == n-1 {
			ranges[i][1] = maxHashKey
		} else {
			ranges[i][1] = hashKeyAdd(evenBoundary(i+1, n), -1)
		}
	}
	return ranges
}

// evenBoundary is floor(i*2^128/n).
func evenBoundary(i, n int) hashKey {
	v := new(big.Int).Mul(big.NewInt(int64(i)), two128)
	return bigToHashKey(v.Div(v, big.NewInt(int64(n))))
}

// inRange reports whether k lies in the inclusive range [lo, hi].
func inRange(k, lo, hi hashKey) bool {
	return compareHashKeys(k, lo) >= 0 && compareHashKeys(k, hi) <= 0
}
