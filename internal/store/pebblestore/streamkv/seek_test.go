package streamkv

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// TestReadFindsCounterWhateverTheHint reads from every kind of hint over a
// shard whose records span many milliseconds, several per millisecond, so
// both the direct seek and the binary search run.
func TestReadFindsCounterWhateverTheHint(t *testing.T) {
	t.Parallel()
	s, _ := openMem(t)
	ref := createTestStream(t, s, "clicks", 1)
	ctx := context.Background()
	var pos []store.RecordPosition
	for i := range 300 {
		recs := make([]store.RecordInput, 1+i%3)
		for j := range recs {
			recs[j].Data = fmt.Appendf(nil, "%d/%d", i, j)
		}
		now := testT0.Add(time.Duration(i*i) * time.Millisecond)
		p, err := s.RecordPut(ctx, &store.RecordPutParams{Stream: ref, Now: now, Records: recs})
		if err != nil {
			t.Fatal(err)
		}
		pos = append(pos, p...)
	}
	for _, want := range []int{0, 1, 2, 3, 150, 299, len(pos) - 2, len(pos) - 1} {
		p := pos[want]
		hints := map[string]time.Time{
			"exact": p.ArrivedAt, "second": p.ArrivedAt.Truncate(time.Second), "zero": {},
			"late": p.ArrivedAt.Add(time.Hour), "slightly late": p.ArrivedAt.Add(time.Millisecond),
			"far too early": testT0.Add(-time.Hour),
		}
		for name, hint := range hints {
			res, err := s.ShardRecordsGet(ctx, &store.ShardRecordsGetParams{Stream: ref, From: store.RecordPosition{ArrivedAt: hint, Counter: p.Counter}, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Records) == 0 || res.Records[0].Position.Counter != p.Counter {
				t.Fatalf("reading from counter %d with the %s hint: got %d records, first %+v", p.Counter, name, len(res.Records), res.Records)
			}
		}
	}
	past := store.RecordPosition{Counter: pos[len(pos)-1].Counter + 1}
	res, err := s.ShardRecordsGet(ctx, &store.ShardRecordsGetParams{Stream: ref, From: past, Limit: 2})
	if err != nil || len(res.Records) != 0 {
		t.Fatalf("reading past the end: %d records, %v", len(res.Records), err)
	}
}
