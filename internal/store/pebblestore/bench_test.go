package pebblestore_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

// BenchmarkReceiveDelete receives and deletes single messages from parallel
// goroutines on a standard queue on disk holding a backlog; each receive
// and each delete is synced.
func BenchmarkReceiveDelete(b *testing.B) {
	s := openStore(b, b.TempDir(), nil)
	ctx := b.Context()
	ref := store.QueueRef{Account: "000000000000", Name: "bench"}
	if _, err := s.QueueCreate(ctx, &store.QueueCreateParams{Ref: ref, Now: t0}); err != nil {
		b.Fatal(err)
	}
	body := strings.Repeat("x", 1024)
	for i := 0; i < b.N+1000; i += 10 {
		p := &store.MessageSendParams{Queue: ref, Now: t0}
		for j := range 10 {
			p.Entries = append(p.Entries, store.MessageSendEntry{Message: &store.Message{ID: fmt.Sprint(i + j), Body: body}})
		}
		if _, err := s.MessageSend(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := s.MessageReceive(ctx, &store.MessageReceiveParams{
				Queue: ref, Now: at(time.Second), Max: 1, VisibilityTimeout: time.Hour,
			})
			if err != nil || len(res.Messages) != 1 {
				b.Errorf("MessageReceive = %d messages, %v", len(res.Messages), err)
				return
			}
			_, err = s.MessageDelete(ctx, &store.MessageDeleteParams{
				Queue: ref, Now: at(time.Second), ReceiptHandles: []string{res.Messages[0].ReceiptHandle},
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}
