package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Reopener is implemented by stores under test that keep their data across a
// restart. Run uses it to check that what a successful call wrote survives
// one; a store that does not implement it (memory mode) skips those tests and
// only those.
type Reopener interface {
	// Reopen closes the store and its storage, opens them again and returns
	// the new store. The old store is not used afterwards.
	Reopen(t *testing.T) store.Store
}

// runRestart covers durability: queues, messages and their bookkeeping, FIFO
// state and purge times survive a restart. It needs a Reopener.
func runRestart(t *testing.T, newStore newStoreFunc) {
	t.Run("QueuesSurvive", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		h.requireReopen()
		ref := store.QueueRef{Account: defaultAccount, Name: "orders.fifo"}
		attrs, tags := map[string]string{"VisibilityTimeout": "45"}, map[string]string{"team": "payments"}
		if _, err := h.s.QueueCreate(h.ctx, &store.QueueCreateParams{Ref: ref, FIFO: true, Attributes: attrs, Tags: tags, Now: t0}); err != nil {
			t.Fatalf("QueueCreate: %v", err)
		}
		gone := h.queue("gone")
		if err := h.s.QueuePurge(h.ctx, &store.QueuePurgeParams{Ref: ref, Now: at(time.Second), MinInterval: time.Minute}); err != nil {
			t.Fatalf("QueuePurge: %v", err)
		}
		if err := h.s.QueueDelete(h.ctx, gone); err != nil {
			t.Fatalf("QueueDelete: %v", err)
		}
		h.reopen()
		q := h.getQueue(ref)
		wantQueue(t, "QueueGet after restart", q, ref, true, attrs, tags)
		wantTime(t, "CreatedAt", q.CreatedAt, t0)
		wantTime(t, "PurgedAt", q.PurgedAt, at(time.Second))
		_, err := h.s.QueueGet(h.ctx, gone)
		wantErr(t, "QueueGet of a deleted queue after restart", err, store.ErrQueueNotFound)
		if got := h.queueRefs(); !slices.Equal(got, []store.QueueRef{ref}) {
			t.Fatalf("QueueRefs after restart = %v, want [%v]", got, ref)
		}
		err = h.s.QueuePurge(h.ctx, &store.QueuePurgeParams{Ref: ref, Now: at(30 * time.Second), MinInterval: time.Minute})
		wantErr(t, "QueuePurge within the interval after restart", err, store.ErrPurgeInProgress)
	})
	t.Run("MessagesSurvive", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		h.requireReopen()
		ref := h.queue("q")
		h.send(ref, t0, fullMessage())
		inFlight := h.receiveOne(ref, at(time.Second))
		deleted := newMessage("deleted")
		h.send(ref, at(2*time.Second), deleted)
		h.deleteMessages(ref, at(2*time.Second), h.receiveOne(ref, at(2*time.Second)))
		h.sendDelayed(ref, at(2*time.Second), time.Minute, newMessage("delayed"))
		h.reopen()
		h.wantCounts(ref, at(3*time.Second), 0, 1, 1)
		h.wantNothing(ref, at(visibility))
		got := h.receive(ref, at(time.Minute+3*time.Second), 10)
		if len(got) != 2 {
			t.Fatalf("received %d messages after restart, want the returned and the delayed one", len(got))
		}
		if got[0].ID != inFlight.ID {
			got[0], got[1] = got[1], got[0]
		}
		wantSenderFields(t, got[0], fullMessage())
		wantTime(t, "SentAt after restart", got[0].SentAt, t0)
		wantTime(t, "FirstReceivedAt after restart", got[0].FirstReceivedAt, at(time.Second))
		if got[0].ReceiveCount != 2 {
			t.Fatalf("ReceiveCount after restart = %d, want 2", got[0].ReceiveCount)
		}
	})
	t.Run("HandlesSurvive", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		h.requireReopen()
		ref := h.queue("q")
		h.send(ref, t0, newMessage("a"), newMessage("b"))
		got := h.receive(ref, t0, 10)
		if len(got) != 2 {
			t.Fatalf("received %d messages, want 2", len(got))
		}
		h.reopen()
		change := store.VisibilityChange{ReceiptHandle: got[0].ReceiptHandle, Timeout: time.Hour}
		wantErrs(t, h.changeVisibility(ref, at(time.Second), change), nil)
		h.deleteMessages(ref, at(time.Second), got[1])
		h.wantCounts(ref, at(visibility+time.Second), 0, 1, 0)
	})
	t.Run("FIFOStateSurvives", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		h.requireReopen()
		ref := h.queue("q.fifo")
		a, b := newGroupMessage("g", "a"), newGroupMessage("g", "b")
		res := h.send(ref, t0, a, b)
		wantIDs(t, h.receive(ref, t0, 1), a)
		h.reopen()
		// The group stays blocked by its in-flight message.
		h.wantNothing(ref, at(time.Second))
		dup := newGroupMessage("g", "dup")
		dup.DedupID = a.DedupID
		if r := h.send(ref, at(time.Second), dup)[0]; !r.Duplicate || r.ID != a.ID {
			t.Fatalf("send of a deduplicated id after restart = %+v, want a duplicate of %s", r, a.ID)
		}
		c := newGroupMessage("g", "c")
		next := h.send(ref, at(time.Second), c)[0]
		if sequenceNumber(t, next.SequenceNumber).Cmp(sequenceNumber(t, res[1].SequenceNumber)) <= 0 {
			t.Fatalf("sequence number after restart %s, before %s: not increasing", next.SequenceNumber, res[1].SequenceNumber)
		}
		wantIDs(t, h.receive(ref, at(visibility+time.Second), 10), a, b, c)
	})
	t.Run("DeadLetterSourceSurvives", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		h.requireReopen()
		src, dlq := h.queue("src"), h.queue("dlq")
		m := newMessage("m")
		h.deadLetter(src, dlq, m)
		h.reopen()
		res := h.move(&store.MessageMoveParams{Source: dlq, Now: at(time.Hour), Max: 10})
		wantMoveResult(t, res, 1, 0, src)
		wantIDs(t, h.receive(src, at(time.Hour), 10), m)
	})
}

// reopen restarts the store, skipping the test when the store cannot.
func (h *harness) reopen() {
	h.t.Helper()
	r, ok := h.s.(Reopener)
	if !ok {
		h.t.Skip("the store does not keep data across a restart")
	}
	h.s = r.Reopen(h.t)
}

// requireReopen skips the test early when the store cannot restart.
func (h *harness) requireReopen() {
	h.t.Helper()
	if _, ok := h.s.(Reopener); !ok {
		h.t.Skip("the store does not keep data across a restart")
	}
}
