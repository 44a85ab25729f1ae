package storetest

import (
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// retention is the retention period of the retention subtests.
const retention = time.Minute

// runRetention covers the retention check of MessageReceive and
// MessageExpire.
func runRetention(t *testing.T, newStore newStoreFunc) {
	runReceiveRetention(t, newStore)
	runExpire(t, newStore)
}

func runReceiveRetention(t *testing.T, newStore newStoreFunc) {
	t.Run("ReceiveDropsExpired", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		old, young := newMessage("old"), newMessage("young")
		h.send(ref, t0, old)
		h.send(ref, at(50*time.Second), young)
		now := at(70 * time.Second)
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: now, Max: 10, VisibilityTimeout: visibility, Retention: retention})
		wantIDs(t, res.Messages, young)
		h.wantCounts(ref, now, 0, 1, 0)
		wantTime(t, "OldestSentAt", h.stats(ref, now).OldestSentAt, at(50*time.Second))
	})
	t.Run("ReceiveDropsExpiredReturnedMessage", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("old"))
		h.receiveOne(ref, t0)
		now := at(retention + time.Second)
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: now, Max: 10, VisibilityTimeout: visibility, Retention: retention})
		if len(res.Messages) != 0 {
			t.Fatalf("received %v past retention", ids(res.Messages))
		}
		h.wantCounts(ref, now, 0, 0, 0)
	})
	t.Run("ExpiredBacklogDoesNotHideFresh", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		for _, name := range []string{"q", "q.fifo"} {
			ref := h.queue(name)
			h.sendMany(ref, t0, 0, backlog, func(int) *store.Message { return newGroupMessage("g", "old") })
			fresh := newGroupMessage("g", "fresh")
			h.send(ref, at(50*time.Second), fresh)
			now := at(70 * time.Second)
			// A visible message is there: the receive must not come back
			// empty, or a long poll would wait with a message available.
			res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: now, Max: 10, VisibilityTimeout: visibility, Retention: retention})
			wantIDs(t, res.Messages, fresh)
			h.wantCounts(ref, now, 0, 1, 0)
		}
	})
	t.Run("ZeroRetentionKeepsEverything", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		m := newMessage("ancient")
		h.send(ref, t0, m)
		now := at(365 * 24 * time.Hour)
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: now, Max: 10, VisibilityTimeout: visibility})
		wantIDs(t, res.Messages, m)
	})
	t.Run("ReceiveDropsExpiredFIFOHead", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		old, young := newGroupMessage("g", "old"), newGroupMessage("g", "young")
		h.send(ref, t0, old)
		h.send(ref, at(50*time.Second), young)
		now := at(70 * time.Second)
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: now, Max: 10, VisibilityTimeout: visibility, Retention: retention})
		wantIDs(t, res.Messages, young)
		h.wantCounts(ref, now, 0, 1, 0)
	})
}

func runExpire(t *testing.T, newStore newStoreFunc) {
	t.Run("ExpireDeletesOldMessages", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		var sent []*store.Message
		for i := range 5 {
			m := newMessage("m")
			sent = append(sent, m)
			h.send(ref, at(time.Duration(i)*time.Second), m)
		}
		// Sent before now-retention = t0+2.5s: the first three.
		now := at(retention + 2500*time.Millisecond)
		if n := h.expire(ref, now, 100); n != 3 {
			t.Fatalf("MessageExpire deleted %d messages, want 3", n)
		}
		h.wantCounts(ref, now, 2, 0, 0)
		if n := h.expire(ref, now, 100); n != 0 {
			t.Fatalf("second MessageExpire deleted %d messages, want 0", n)
		}
		wantSameIDs(t, h.receive(ref, now, 10), sent[3:]...)
	})
	t.Run("ExpireHonorsMax", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		for range 5 {
			h.send(ref, t0, newMessage("m"))
		}
		now := at(2 * retention)
		for i, want := range []int{2, 2, 1, 0} {
			if n := h.expire(ref, now, 2); n != want {
				t.Fatalf("MessageExpire call %d deleted %d messages, want %d", i+1, n, want)
			}
		}
		h.wantCounts(ref, now, 0, 0, 0)
	})
	t.Run("ExpireIgnoresState", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("in flight"))
		h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1, VisibilityTimeout: time.Hour})
		h.sendDelayed(ref, t0, 15*time.Minute, newMessage("delayed"))
		h.send(ref, t0, newMessage("visible"))
		now := at(2 * retention)
		h.wantCounts(ref, now, 1, 1, 1)
		if n := h.expire(ref, now, 10); n != 3 {
			t.Fatalf("MessageExpire deleted %d messages, want all 3", n)
		}
		h.wantCounts(ref, now, 0, 0, 0)
		h.wantNothing(ref, at(24*time.Hour))
	})
	t.Run("ExpireFreesFIFOGroup", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		old, older, young := newGroupMessage("g", "old"), newGroupMessage("g", "older"), newGroupMessage("g", "young")
		h.send(ref, t0, old, older)
		// In flight long past the retention period, blocking its group.
		held := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1, VisibilityTimeout: time.Hour})
		wantIDs(t, held.Messages, old)
		h.send(ref, at(retention), young)
		now := at(retention + time.Second)
		if n := h.expire(ref, now, 10); n != 2 {
			t.Fatalf("MessageExpire deleted %d messages, want 2", n)
		}
		wantIDs(t, h.receive(ref, now, 10), young)
	})
	t.Run("ExpireTouchesOnlyItsQueue", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref, other := h.queue("q"), h.queue("q-2")
		h.send(ref, t0, newMessage("m"))
		h.send(other, t0, newMessage("m"))
		now := at(2 * retention)
		if n := h.expire(ref, now, 10); n != 1 {
			t.Fatalf("MessageExpire deleted %d messages, want 1", n)
		}
		h.wantCounts(other, now, 1, 0, 0)
	})
}

func (h *harness) expire(ref store.QueueRef, now time.Time, max int) int {
	h.t.Helper()
	n, err := h.s.MessageExpire(h.ctx, &store.MessageExpireParams{Queue: ref, Now: now, Retention: retention, Max: max})
	if err != nil {
		h.t.Fatalf("MessageExpire(%v): %v", ref, err)
	}
	return n
}
