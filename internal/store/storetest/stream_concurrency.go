package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runStreamConcurrency covers puts and updates from many goroutines.
func runStreamConcurrency(t *testing.T, newStore newStreamStoreFunc) {
	t.Run("ConcurrentPuts", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		const shards, writers, puts = 4, 16, 20
		ref := h.createStream("clicks", shards)
		got := make([][]store.RecordPosition, writers)
		errs := make(chan error, writers)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range puts {
					recs := make([]store.RecordInput, shards)
					for j := range recs {
						recs[j] = record((w+j)%shards, fmt.Sprintf("%d/%d/%d", w, i, j))
					}
					pos, err := h.s.RecordPut(h.ctx, &store.RecordPutParams{Stream: ref, Now: streamAt(time.Duration(i) * time.Millisecond), Records: recs})
					if err != nil {
						errs <- err
						return
					}
					got[w] = append(got[w], pos...)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("RecordPut: %v", err)
		}
		byData := make(map[string]store.Record)
		for shard := range shards {
			recs := h.readAll(ref, shard)
			if len(recs) != writers*puts {
				t.Fatalf("shard %d holds %d records, want %d", shard, len(recs), writers*puts)
			}
			wantEachWriterInOrder(t, recs)
			for _, r := range recs {
				byData[string(r.Data)] = r
			}
		}
		for w := range writers {
			for k, pos := range got[w] {
				data := fmt.Sprintf("%d/%d/%d", w, k/shards, k%shards)
				wantPosition(t, "position of "+data, byData[data].Position, pos)
			}
		}
	})
	t.Run("TailingReaderMissesNothing", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		const writers, puts = 8, 40
		done := make(chan struct{})
		errs := make(chan error, writers)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range puts {
					recs := []store.RecordInput{record(0, fmt.Sprintf("%d/%d/0", w, i))}
					if _, err := h.s.RecordPut(h.ctx, &store.RecordPutParams{Stream: ref, Now: streamT0, Records: recs}); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		go func() { wg.Wait(); close(done) }()
		tailed := h.tail(ref, 0, done)
		close(errs)
		for err := range errs {
			t.Fatalf("RecordPut: %v", err)
		}
		all := h.readAll(ref, 0)
		if len(all) != writers*puts {
			t.Fatalf("shard holds %d records, want %d", len(all), writers*puts)
		}
		wantData(t, tailed, recordData(all)...)
	})
	t.Run("ConcurrentUpdatesAreAtomic", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 1)
		h.update(ref, func(s *store.Stream) error { s.Meta = nil; return nil })
		const updaters = 16
		var wg sync.WaitGroup
		errs := make(chan error, updaters)
		for u := range updaters {
			wg.Go(func() {
				_, err := h.s.StreamUpdate(h.ctx, ref, func(s *store.Stream) error {
					s.Meta = append(s.Meta, byte('a'+u))
					return nil
				})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("StreamUpdate: %v", err)
			}
		}
		if meta := h.getStream(ref).Meta; len(meta) != updaters {
			t.Fatalf("after %d concurrent appends Meta is %q: updates were lost", updaters, meta)
		}
	})
	t.Run("CloseShardWhilePutting", func(t *testing.T) {
		t.Parallel()
		h := newStreamHarness(t, newStore)
		ref := h.createStream("clicks", 2)
		acked, closedAt := h.putUntilClosed(ref, 8)
		if recs := h.readAll(ref, 0); len(recs) != len(acked) {
			t.Fatalf("shard 0 holds %d records, %d puts were acknowledged", len(recs), len(acked))
		}
		for _, pos := range acked {
			if pos.Counter > closedAt.Counter {
				t.Fatalf("put acknowledged at %s after the shard was closed at %s", formatPosition(pos), formatPosition(closedAt))
			}
		}
		h.put(ref, streamT0, record(1, "open shard"))
	})
}

// tail reads a shard from its start, page after page from each Next, while
// writers run and once more after done is closed: a reader that follows Next
// must see every record exactly once, in order, even while puts commit
// concurrently.
func (h *streamHarness) tail(ref store.StreamRef, shard int, done <-chan struct{}) []store.Record {
	h.t.Helper()
	var got []store.Record
	from := store.RecordPosition{Shard: shard}
	for finished := false; ; {
		res := h.readFrom(ref, shard, from, 5)
		got = append(got, res.Records...)
		from = res.Next
		if len(res.Records) > 0 {
			continue
		}
		if finished {
			return got
		}
		select {
		case <-done:
			finished = true
		default:
		}
	}
}

// putUntilClosed runs writers that put to shard 0 until it is closed, closes
// it once every writer has put, and checks that no put succeeds afterwards.
// It returns the positions of the acknowledged puts and the shard's last
// position right after the close.
func (h *streamHarness) putUntilClosed(ref store.StreamRef, writers int) ([]store.RecordPosition, store.RecordPosition) {
	h.t.Helper()
	var (
		mu       sync.Mutex
		acked    []store.RecordPosition
		failures = make(chan error, writers)
		started  sync.WaitGroup
		closed   = make(chan struct{})
		wg       sync.WaitGroup
	)
	started.Add(writers)
	for w := range writers {
		wg.Go(func() {
			failures <- putLoop(h.ctx, h.s, ref, w, closed, &started, func(p store.RecordPosition) {
				mu.Lock()
				acked = append(acked, p)
				mu.Unlock()
			})
		})
	}
	started.Wait()
	h.closeShard(ref, 0, streamAt(time.Second))
	last := h.readFrom(ref, 0, store.RecordPosition{}, 1).Last
	close(closed)
	wg.Wait()
	close(failures)
	for err := range failures {
		if err != nil {
			h.t.Fatal(err)
		}
	}
	return acked, last
}

// putLoop puts to shard 0 until a put fails with ErrShardClosed, which it
// expects once closed is closed and never before. It marks started after its
// first successful put. It returns nil when the shard closed as expected.
func putLoop(ctx context.Context, s store.StreamStore, ref store.StreamRef, w int, closed <-chan struct{}, started *sync.WaitGroup, ack func(store.RecordPosition)) error {
	for i := 0; ; i++ {
		select {
		case <-closed:
			// The close has returned: this put and every later one
			// must fail.
			_, err := s.RecordPut(ctx, &store.RecordPutParams{Stream: ref, Now: streamT0, Records: []store.RecordInput{record(0, fmt.Sprintf("%d/late", w))}})
			if !errors.Is(err, store.ErrShardClosed) {
				return fmt.Errorf("writer %d: put after the shard was closed: error %v, want ErrShardClosed", w, err)
			}
			return nil
		default:
		}
		pos, err := s.RecordPut(ctx, &store.RecordPutParams{Stream: ref, Now: streamT0, Records: []store.RecordInput{record(0, fmt.Sprintf("%d/%d", w, i))}})
		switch {
		case errors.Is(err, store.ErrShardClosed) && i == 0:
			started.Done()
			return fmt.Errorf("writer %d: first put: %w before the shard was closed", w, err)
		case errors.Is(err, store.ErrShardClosed):
			<-closed
			continue
		case err != nil:
			return fmt.Errorf("writer %d: %w", w, err)
		}
		ack(pos[0])
		if i == 0 {
			started.Done()
		}
	}
}

// wantEachWriterInOrder checks that the records of each writer (data
// "writer/put/index") appear in the order it put them.
func wantEachWriterInOrder(t *testing.T, recs []store.Record) {
	t.Helper()
	last := make(map[int][2]int)
	for _, r := range recs {
		var w, i, j int
		if _, err := fmt.Sscanf(string(r.Data), "%d/%d/%d", &w, &i, &j); err != nil {
			t.Fatalf("record %q: %v", r.Data, err)
		}
		if prev, ok := last[w]; ok && (i < prev[0] || i == prev[0] && j <= prev[1]) {
			t.Fatalf("writer %d: record %d/%d read after %d/%d", w, i, j, prev[0], prev[1])
		}
		last[w] = [2]int{i, j}
	}
}
