package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// backlog is more messages than a backend should keep in memory per queue,
// so these subtests reach whatever it keeps on disk only.
const backlog = 2500

// runBacklog covers queues holding a large backlog: the rules are the same
// whatever part of it a backend keeps in memory.
func runBacklog(t *testing.T, newStore newStoreFunc) {
	t.Run("StandardBacklogReceivedOncePerPass", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		sent := h.sendMany(ref, t0, 0, backlog, func(int) *store.Message { return newMessage("m") })
		h.receiveAllOnce(ref, t0, sent, 1)
		h.wantCounts(ref, at(time.Second), 0, backlog, 0)
		// Every message comes back from flight and is received once more.
		h.wantCounts(ref, at(time.Hour), backlog, 0, 0)
		h.receiveAllOnce(ref, at(time.Hour), sent, 2)
	})
	t.Run("DelayedBacklogDoesNotHideVisible", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.sendMany(ref, t0, time.Hour, backlog, func(int) *store.Message { return newMessage("later") })
		now := at(time.Second)
		visible := newMessage("now")
		h.send(ref, now, visible)
		h.wantCounts(ref, now, 1, 0, backlog)
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: now, Max: 10, VisibilityTimeout: visibility})
		wantIDs(t, res.Messages, visible)
		h.deleteMessages(ref, now, res.Messages...)
		h.wantNothing(ref, at(time.Hour-time.Millisecond))
		h.wantCounts(ref, at(time.Hour), backlog, 0, 0)
	})
	t.Run("FIFOBacklogServesOtherGroups", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		long := h.sendMany(ref, t0, 0, backlog, func(i int) *store.Message { return newGroupMessage("long", fmt.Sprint(i)) })
		other := newGroupMessage("other", "behind the backlog")
		h.send(ref, at(time.Second), other)
		head := h.receive(ref, at(time.Second), 1)
		wantIDs(t, head, long[0])
		wantIDs(t, h.receive(ref, at(time.Second), 10), other)
		h.deleteMessages(ref, at(time.Second), head...)
		var got []*store.Message
		for now := at(time.Second); ; now = now.Add(time.Millisecond) {
			msgs := h.receive(ref, now, 10)
			if len(msgs) == 0 {
				break
			}
			got = append(got, msgs...)
			h.deleteMessages(ref, now, msgs...)
		}
		wantIDs(t, got, long[1:]...)
	})
	t.Run("DeadLetteredBacklogDoesNotHideFresh", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		src, dlq := h.queue("src"), h.queue("dlq")
		redrive := &store.Redrive{DeadLetterQueue: dlq, MaxReceiveCount: 1}
		h.sendMany(src, t0, 0, backlog, func(int) *store.Message { return newMessage("tired") })
		for n := 0; n < backlog; {
			got := h.receiveRedrive(src, t0, 10, redrive).Messages
			if len(got) == 0 {
				t.Fatalf("receive returned nothing after %d of %d messages", n, backlog)
			}
			n += len(got)
		}
		fresh := newMessage("fresh")
		h.send(src, at(time.Second), fresh)
		now := at(visibility + time.Second)
		res := h.receiveRedrive(src, now, 10, redrive)
		wantIDs(t, res.Messages, fresh)
		h.wantCounts(src, now, 0, 1, 0)
		h.wantCounts(dlq, now, backlog, 0, 0)
	})
	t.Run("BacklogExpirePurgeDelete", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.sendMany(ref, t0, 0, backlog, func(int) *store.Message { return newMessage("old") })
		now := at(2 * retention)
		for _, want := range []int{1000, 1000, backlog - 2000, 0} {
			if n := h.expire(ref, now, 1000); n != want {
				t.Fatalf("MessageExpire deleted %d messages, want %d", n, want)
			}
		}
		h.sendMany(ref, now, 0, backlog, func(int) *store.Message { return newMessage("purged") })
		if err := h.s.QueuePurge(h.ctx, &store.QueuePurgeParams{Ref: ref, Now: now}); err != nil {
			t.Fatalf("QueuePurge: %v", err)
		}
		h.wantCounts(ref, now, 0, 0, 0)
		h.wantNothing(ref, now)
		h.sendMany(ref, now, 0, backlog, func(int) *store.Message { return newMessage("deleted") })
		if err := h.s.QueueDelete(h.ctx, ref); err != nil {
			t.Fatalf("QueueDelete: %v", err)
		}
		h.queue("q")
		h.wantCounts(ref, now, 0, 0, 0)
		h.wantNothing(ref, now)
	})
}

// receiveAllOnce receives until nothing is visible, from start on, and
// checks that each of want came exactly once with the given receive count.
func (h *harness) receiveAllOnce(ref store.QueueRef, start time.Time, want []*store.Message, count int) {
	h.t.Helper()
	seen := map[string]bool{}
	for now := start; ; now = now.Add(time.Millisecond) {
		got := h.receive(ref, now, 10)
		if len(got) == 0 {
			break
		}
		for _, m := range got {
			if seen[m.ID] || m.ReceiveCount != count {
				h.t.Fatalf("message %s received again (%v) with receive count %d, want once with %d", m.ID, seen[m.ID], m.ReceiveCount, count)
			}
			seen[m.ID] = true
		}
	}
	if len(seen) != len(want) {
		h.t.Fatalf("received %d of %d messages", len(seen), len(want))
	}
}

// sendMany sends n messages made by newMsg in batches of ten, all delayed by
// delay, and returns them in send order.
func (h *harness) sendMany(ref store.QueueRef, now time.Time, delay time.Duration, n int, newMsg func(i int) *store.Message) []*store.Message {
	h.t.Helper()
	var all []*store.Message
	for start := 0; start < n; start += 10 {
		var batch []*store.Message
		for i := start; i < min(start+10, n); i++ {
			batch = append(batch, newMsg(i))
		}
		h.sendDelayed(ref, now, delay, batch...)
		all = append(all, batch...)
	}
	return all
}
