package pebblestore_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sluicemq/sluice/internal/store"
)

// BenchmarkSend sends single 1 KiB messages from parallel goroutines to one
// standard queue on disk, each send synced. With group commit, throughput
// rises with -cpu / SetParallelism while each send still waits for its fsync.
func BenchmarkSend(b *testing.B) {
	for _, par := range []int{1, 16, 64} {
		b.Run(fmt.Sprint("Senders", par), func(b *testing.B) {
			s := openStore(b, b.TempDir(), nil)
			ctx := b.Context()
			ref := store.QueueRef{Account: "000000000000", Name: "bench"}
			if _, err := s.QueueCreate(ctx, &store.QueueCreateParams{Ref: ref, Now: t0}); err != nil {
				b.Fatal(err)
			}
			body := strings.Repeat("x", 1024)
			var n atomic.Int64
			b.SetBytes(1024)
			b.SetParallelism(par)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					m := &store.Message{ID: fmt.Sprint(n.Add(1)), Body: body}
					_, err := s.MessageSend(ctx, &store.MessageSendParams{
						Queue: ref, Now: t0, Entries: []store.MessageSendEntry{{Message: m}},
					})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
