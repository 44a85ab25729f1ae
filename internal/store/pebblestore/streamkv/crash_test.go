package streamkv

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/store"
)

// TestAcknowledgedPutsSurvivePowerLoss puts from many goroutines, takes the
// state a power loss would leave, and checks that every put acknowledged
// before it is there, at its position, and that counters go on after.
func TestAcknowledgedPutsSurvivePowerLoss(t *testing.T) {
	t.Parallel()
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("Seed", seed), func(t *testing.T) {
			t.Parallel()
			fs := vfs.NewCrashableMem()
			s, _ := openOn(t, fs)
			ref := createTestStream(t, s, "clicks", 2)
			acked, crashed := putUntilCrash(t, s, ref, func() *vfs.MemFS {
				return fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: 50, RNG: rand.New(rand.NewPCG(seed, seed))})
			})
			s, _ = openOn(t, crashed)
			last := map[int]uint64{}
			for _, shard := range []int{0, 1} {
				res, err := s.ShardRecordsGet(context.Background(), &store.ShardRecordsGetParams{Stream: ref, Shard: shard})
				if err != nil {
					t.Fatal(err)
				}
				found := map[string]store.RecordPosition{}
				for _, r := range res.Records {
					found[string(r.Data)] = r.Position
				}
				for data, pos := range acked {
					got := found[data]
					if pos.Shard == shard && (got.Counter != pos.Counter || !got.ArrivedAt.Equal(pos.ArrivedAt)) {
						t.Fatalf("acknowledged record %s at %+v: after the crash %+v", data, pos, found[data])
					}
				}
				last[shard] = res.Last.Counter
			}
			pos, err := s.RecordPut(context.Background(), &store.RecordPutParams{Stream: ref, Now: testT0, Records: []store.RecordInput{{Shard: 0}, {Shard: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pos {
				if p.Counter <= last[p.Shard] {
					t.Fatalf("shard %d: counter %d after %d", p.Shard, p.Counter, last[p.Shard])
				}
			}
		})
	}
}

// openOn opens a Store on the database in fs.
func openOn(t *testing.T, fs vfs.FS) (*Store, *pebble.DB) {
	t.Helper()
	db, err := pebble.Open("db", &pebble.Options{FS: fs, Logger: quietLogger{}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = s.Close()
		_ = db.Close()
	})
	return s, db
}

// putUntilCrash runs writers until they have put 400 records, crashes
// while they still run, and returns the records acknowledged before the
// crash with the crashed file system.
func putUntilCrash(t *testing.T, s *Store, ref store.StreamRef, crash func() *vfs.MemFS) (map[string]store.RecordPosition, *vfs.MemFS) {
	t.Helper()
	var (
		mu      sync.Mutex
		acked   = map[string]store.RecordPosition{}
		enough  = make(chan struct{})
		stop    = make(chan struct{})
		once    sync.Once
		writers sync.WaitGroup
	)
	for w := range 8 {
		writers.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				data := fmt.Sprintf("%d/%d", w, i)
				pos, err := s.RecordPut(context.Background(), &store.RecordPutParams{Stream: ref, Now: testT0, Records: []store.RecordInput{{Shard: i % 2, Data: []byte(data)}}})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked[data] = pos[0]
				if len(acked) >= 400 {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		})
	}
	go func() {
		writers.Wait()
		once.Do(func() { close(enough) }) // every writer failed
	}()
	<-enough
	mu.Lock()
	before := make(map[string]store.RecordPosition, len(acked))
	for k, v := range acked {
		before[k] = v
	}
	mu.Unlock()
	crashed := crash()
	close(stop)
	writers.Wait()
	return before, crashed
}
