package storetest

import (
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runVisibility covers the in-flight state: visibility deadlines,
// MessageChangeVisibility and the in-flight limit.
func runVisibility(t *testing.T, newStore newStoreFunc) {
	runDeadline(t, newStore)
	runChangeVisibility(t, newStore)
	runInflightLimit(t, newStore)
	runInflightCap(t, newStore)
}

func runDeadline(t *testing.T, newStore newStoreFunc) {
	t.Run("HiddenUntilDeadline", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		m := newMessage("m")
		h.send(ref, t0, m)
		first := h.receiveOne(ref, t0)
		h.wantNothing(ref, at(time.Second))
		h.wantCounts(ref, at(visibility-time.Millisecond), 0, 1, 0)
		h.wantNothing(ref, at(visibility-time.Millisecond))
		h.wantCounts(ref, at(visibility+time.Second), 1, 0, 0)
		second := h.receiveOne(ref, at(visibility+time.Second))
		wantIDs(t, []*store.Message{first, second}, m, m)
		if second.ReceiveCount != 2 {
			t.Fatalf("ReceiveCount after the deadline passed = %d, want 2", second.ReceiveCount)
		}
	})
	t.Run("VisibleAtDeadline", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("m"))
		h.receiveOne(ref, t0)
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: at(time.Second), Max: 10, VisibilityTimeout: visibility})
		wantTime(t, "NextVisibleAt", res.NextVisibleAt, at(visibility))
		// A long poll wakes at NextVisibleAt; the message must be there then.
		if got := h.receiveOne(ref, res.NextVisibleAt); got.ReceiveCount != 2 {
			t.Fatalf("ReceiveCount = %d, want 2", got.ReceiveCount)
		}
	})
	t.Run("ZeroTimeoutLeavesMessageVisible", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("m"))
		p := &store.MessageReceiveParams{Queue: ref, Now: t0, Max: 10, VisibilityTimeout: 0}
		if n := len(h.receiveWith(p).Messages); n != 1 {
			t.Fatalf("first receive returned %d messages, want 1", n)
		}
		h.wantCounts(ref, t0, 1, 0, 0)
		got := h.receiveWith(p).Messages
		if len(got) != 1 || got[0].ReceiveCount != 2 {
			t.Fatalf("second receive at the same time = %d messages, want the message again with ReceiveCount 2", len(got))
		}
	})
	t.Run("DeadlinesAreIndependent", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		short, long := newMessage("short"), newMessage("long")
		h.send(ref, t0, short)
		h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1, VisibilityTimeout: 10 * time.Second})
		h.send(ref, t0, long)
		h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1, VisibilityTimeout: time.Hour})
		h.wantCounts(ref, at(11*time.Second), 1, 1, 0)
		wantIDs(t, h.receive(ref, at(11*time.Second), 10), short)
	})
}

func runChangeVisibility(t *testing.T, newStore newStoreFunc) {
	t.Run("ChangeToZeroMakesVisibleNow", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("m"))
		m := h.receiveOne(ref, t0)
		now := at(time.Second)
		wantErrs(t, h.changeVisibility(ref, now, store.VisibilityChange{ReceiptHandle: m.ReceiptHandle}), nil)
		h.wantCounts(ref, now, 1, 0, 0)
		if got := h.receiveOne(ref, now); got.ID != m.ID || got.ReceiveCount != 2 {
			t.Fatalf("received %s with ReceiveCount %d, want %s again with 2", got.ID, got.ReceiveCount, m.ID)
		}
	})
	t.Run("ChangeExtendsDeadline", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("m"))
		m := h.receiveOne(ref, t0)
		change := store.VisibilityChange{ReceiptHandle: m.ReceiptHandle, Timeout: time.Minute}
		wantErrs(t, h.changeVisibility(ref, at(20*time.Second), change), nil)
		h.wantNothing(ref, at(visibility+time.Second))
		h.wantCounts(ref, at(80*time.Second-time.Millisecond), 0, 1, 0)
		h.wantNothing(ref, at(80*time.Second-time.Millisecond))
		wantIDs(t, h.receive(ref, at(81*time.Second), 10), m)
	})
	t.Run("ChangeShortensDeadline", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("m"))
		m := h.receiveOne(ref, t0)
		change := store.VisibilityChange{ReceiptHandle: m.ReceiptHandle, Timeout: 5 * time.Second}
		wantErrs(t, h.changeVisibility(ref, at(time.Second), change), nil)
		h.wantCounts(ref, at(6*time.Second-time.Millisecond), 0, 1, 0)
		wantIDs(t, h.receive(ref, at(7*time.Second), 10), m)
	})
	t.Run("ChangeOnVisibleMessageIsNotInflight", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("m"))
		m := h.receiveOne(ref, t0)
		now := at(visibility + time.Second)
		change := store.VisibilityChange{ReceiptHandle: m.ReceiptHandle, Timeout: time.Hour}
		wantErrs(t, h.changeVisibility(ref, now, change), store.ErrMessageNotInflight)
		h.wantCounts(ref, now, 1, 0, 0)
	})
	t.Run("ChangeOnDeletedMessageIsNotFound", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("m"))
		m := h.receiveOne(ref, t0)
		h.deleteMessages(ref, at(time.Second), m)
		change := store.VisibilityChange{ReceiptHandle: m.ReceiptHandle, Timeout: time.Hour}
		wantErrs(t, h.changeVisibility(ref, at(2*time.Second), change), store.ErrMessageNotFound)
		h.wantCounts(ref, at(2*time.Second), 0, 0, 0)
	})
	t.Run("ChangeIsPerEntry", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("a"), newMessage("b"))
		got := h.receive(ref, t0, 10)
		if len(got) != 2 {
			t.Fatalf("received %d messages, want 2", len(got))
		}
		errs := h.changeVisibility(ref, at(time.Second),
			store.VisibilityChange{ReceiptHandle: got[0].ReceiptHandle, Timeout: 0},
			store.VisibilityChange{ReceiptHandle: "not-a-receipt-handle", Timeout: 0},
			store.VisibilityChange{ReceiptHandle: got[1].ReceiptHandle, Timeout: time.Hour},
		)
		wantErrs(t, errs, nil, store.ErrReceiptHandleInvalid, nil)
		h.wantCounts(ref, at(time.Second), 1, 1, 0)
		wantIDs(t, h.receive(ref, at(time.Minute), 10), got[0])
	})
}

func runInflightLimit(t *testing.T, newStore newStoreFunc) {
	t.Run("InflightLimitStandard", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		for range 5 {
			h.send(ref, t0, newMessage("m"))
		}
		p := &store.MessageReceiveParams{Queue: ref, Now: t0, Max: 10, VisibilityTimeout: visibility, InflightLimit: 3}
		first := h.receiveWith(p).Messages
		if len(first) != 3 {
			t.Fatalf("receive under an in-flight limit of 3 returned %d messages, want 3", len(first))
		}
		_, err := h.s.MessageReceive(h.ctx, p)
		wantErr(t, "receive at the in-flight limit", err, store.ErrOverLimit)
		h.wantCounts(ref, t0, 2, 3, 0)
		h.deleteMessages(ref, t0, first[0])
		if got := h.receiveWith(p).Messages; len(got) != 1 {
			t.Fatalf("receive with one free in-flight slot returned %d messages, want 1", len(got))
		}
		h.wantCounts(ref, t0, 1, 3, 0)
		// Messages whose deadline passed are no longer in flight.
		later := *p
		later.Now = at(visibility + time.Second)
		if got := h.receiveWith(&later).Messages; len(got) != 3 {
			t.Fatalf("receive after the deadlines passed returned %d messages, want 3", len(got))
		}
	})
	t.Run("InflightLimitFIFO", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		for _, g := range []string{"a", "b", "c", "d", "e"} {
			h.send(ref, t0, newGroupMessage(g, "m"))
		}
		p := &store.MessageReceiveParams{Queue: ref, Now: t0, Max: 10, VisibilityTimeout: visibility, InflightLimit: 3}
		if got := h.receiveWith(p).Messages; len(got) != 3 {
			t.Fatalf("receive under an in-flight limit of 3 returned %d messages, want 3", len(got))
		}
		if got := h.receiveWith(p).Messages; len(got) != 0 {
			t.Fatalf("receive at the in-flight limit returned %d messages, want none and no error", len(got))
		}
		h.wantCounts(ref, t0, 2, 3, 0)
	})
}

func runInflightCap(t *testing.T, newStore newStoreFunc) {
	for _, name := range []string{"q", "q.fifo"} {
		t.Run("InflightCap/"+name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, newStore)
			ref := h.queue(name)
			for _, g := range []string{"a", "b", "c", "d", "e"} {
				h.send(ref, t0, newGroupMessage(g, "m"))
			}
			p := &store.MessageReceiveParams{Queue: ref, Now: t0, Max: 10, VisibilityTimeout: visibility, InflightCap: 3}
			first := h.receiveWith(p)
			if len(first.Messages) != 3 || !first.InflightCapped {
				t.Fatalf("receive under an in-flight cap of 3 returned %d messages (capped %v), want 3 (true)",
					len(first.Messages), first.InflightCapped)
			}
			full := h.receiveWith(p)
			if len(full.Messages) != 0 || !full.InflightCapped {
				t.Fatalf("receive at the in-flight cap returned %d messages (capped %v), want none and no error",
					len(full.Messages), full.InflightCapped)
			}
			h.wantCounts(ref, t0, 2, 3, 0)
			h.deleteMessages(ref, t0, first.Messages[0])
			one := *p
			one.Max = 1
			if got := h.receiveWith(&one); len(got.Messages) != 1 || got.InflightCapped {
				t.Fatalf("receive of 1 with one free slot returned %d messages (capped %v), want 1 (false)",
					len(got.Messages), got.InflightCapped)
			}
			h.wantCounts(ref, t0, 1, 3, 0)
		})
	}
}
