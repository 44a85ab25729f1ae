package storetest

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runFIFO covers FIFO queues: group order and blocking, sequence numbers,
// deduplication, expired handles and receive attempt ids.
func runFIFO(t *testing.T, newStore newStoreFunc) {
	runFIFOOrder(t, newStore)
	runFIFODedup(t, newStore)
	runFIFOHandles(t, newStore)
}

func runFIFOOrder(t *testing.T, newStore newStoreFunc) {
	t.Run("OrderWithinGroup", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		sent := map[string][]*store.Message{}
		for i := range 4 {
			for _, g := range []string{"g1", "g2"} {
				m := newGroupMessage(g, g)
				sent[g] = append(sent[g], m)
				h.send(ref, at(time.Duration(i)*time.Millisecond), m)
			}
		}
		batch := []*store.Message{newGroupMessage("g1", "b"), newGroupMessage("g2", "b"), newGroupMessage("g1", "b")}
		sent["g1"] = append(sent["g1"], batch[0], batch[2])
		sent["g2"] = append(sent["g2"], batch[1])
		h.send(ref, at(time.Second), batch...)
		got := map[string][]*store.Message{}
		for now := at(time.Second); ; now = now.Add(time.Millisecond) {
			msgs := h.receive(ref, now, 3)
			if len(msgs) == 0 {
				break
			}
			for _, m := range msgs {
				got[m.GroupID] = append(got[m.GroupID], m)
			}
			h.deleteMessages(ref, now, msgs...)
		}
		wantIDs(t, got["g1"], sent["g1"]...)
		wantIDs(t, got["g2"], sent["g2"]...)
	})
	t.Run("GroupBlockedWhileInFlight", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		a, b, c := newGroupMessage("g1", "a"), newGroupMessage("g1", "b"), newGroupMessage("g2", "c")
		h.send(ref, t0, a, b)
		inFlight := h.receive(ref, t0, 1)
		wantIDs(t, inFlight, a)
		h.send(ref, at(time.Second), c)
		wantIDs(t, h.receive(ref, at(time.Second), 10), c)
		h.wantNothing(ref, at(2*time.Second))
		h.wantCounts(ref, at(2*time.Second), 1, 2, 0)
		h.deleteMessages(ref, at(3*time.Second), inFlight...)
		wantIDs(t, h.receive(ref, at(3*time.Second), 10), b)
	})
	t.Run("NextVisibleAtForBlockedGroup", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		h.send(ref, t0, newGroupMessage("g", "a"), newGroupMessage("g", "b"))
		h.receive(ref, t0, 1)
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: at(time.Second), Max: 10, VisibilityTimeout: visibility})
		if len(res.Messages) != 0 {
			t.Fatalf("received %v from a blocked group", ids(res.Messages))
		}
		wantTime(t, "NextVisibleAt", res.NextVisibleAt, at(visibility))
	})
	t.Run("SeveralOfOneGroupInOneReceive", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		a, b, c := newGroupMessage("g", "a"), newGroupMessage("g", "b"), newGroupMessage("g", "c")
		h.send(ref, t0, a, b, c)
		first := h.receive(ref, t0, 2)
		wantIDs(t, first, a, b)
		h.deleteMessages(ref, at(time.Second), first[0])
		// b is still in flight, so the group stays blocked.
		h.wantNothing(ref, at(time.Second))
		h.deleteMessages(ref, at(time.Second), first[1])
		wantIDs(t, h.receive(ref, at(time.Second), 10), c)
	})
	t.Run("ReturningMessageComesFirst", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		a, b, c := newGroupMessage("g", "a"), newGroupMessage("g", "b"), newGroupMessage("g", "c")
		h.send(ref, t0, a, b, c)
		wantIDs(t, h.receive(ref, t0, 1), a)
		got := h.receive(ref, at(visibility+time.Second), 10)
		wantIDs(t, got, a, b, c)
		if got[0].ReceiveCount != 2 || got[1].ReceiveCount != 1 {
			t.Fatalf("receive counts %d and %d, want 2 and 1", got[0].ReceiveCount, got[1].ReceiveCount)
		}
	})
	t.Run("SequenceNumbersIncrease", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		var results []store.MessageSendResult
		results = append(results, h.send(ref, t0, newGroupMessage("g1", "1"))...)
		results = append(results, h.send(ref, t0, newGroupMessage("g2", "2"), newGroupMessage("g1", "3"), newGroupMessage("g3", "4"))...)
		results = append(results, h.send(ref, at(time.Second), newGroupMessage("g2", "5"))...)
		for i, r := range results {
			n := sequenceNumber(t, r.SequenceNumber)
			if i > 0 && n.Cmp(sequenceNumber(t, results[i-1].SequenceNumber)) <= 0 {
				t.Fatalf("sequence numbers %q then %q do not increase", results[i-1].SequenceNumber, r.SequenceNumber)
			}
		}
		byID := map[string]string{}
		for _, r := range results {
			byID[r.ID] = r.SequenceNumber
		}
		for _, m := range h.receive(ref, at(time.Second), 10) {
			if m.SequenceNumber != byID[m.ID] {
				t.Fatalf("message %s received with SequenceNumber %q, sent with %q", m.ID, m.SequenceNumber, byID[m.ID])
			}
		}
	})
}

func runFIFODedup(t *testing.T, newStore newStoreFunc) {
	t.Run("DedupWithinWindow", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		first := newGroupMessage("g", "first")
		firstRes := h.send(ref, t0, first)[0]
		second := newGroupMessage("g", "second")
		second.DedupID = first.DedupID
		res := h.send(ref, at(dedupWindow-time.Second), second)[0]
		if !res.Duplicate || res.ID != first.ID || res.SequenceNumber != firstRes.SequenceNumber {
			t.Fatalf("duplicate send = %+v, want Duplicate with ID %s and SequenceNumber %s", res, first.ID, firstRes.SequenceNumber)
		}
		h.wantCounts(ref, at(dedupWindow-time.Second), 1, 0, 0)
		got := h.receiveOne(ref, at(dedupWindow-time.Second))
		if got.ID != first.ID || got.Body != "first" {
			t.Fatalf("received %s %q, want the first message", got.ID, got.Body)
		}
	})
	t.Run("DedupOutlivesDelete", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		first := newGroupMessage("g", "first")
		h.send(ref, t0, first)
		h.deleteMessages(ref, t0, h.receiveOne(ref, t0))
		again := newGroupMessage("g", "again")
		again.DedupID = first.DedupID
		if res := h.send(ref, at(time.Minute), again)[0]; !res.Duplicate || res.ID != first.ID {
			t.Fatalf("send after delete within the window = %+v, want a duplicate of %s", res, first.ID)
		}
		h.wantCounts(ref, at(time.Minute), 0, 0, 0)
	})
	t.Run("DedupExpiresAfterWindow", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		first := newGroupMessage("g", "first")
		h.send(ref, t0, first)
		later := newGroupMessage("g", "later")
		later.DedupID = first.DedupID
		if res := h.send(ref, at(dedupWindow+time.Second), later)[0]; res.Duplicate || res.ID != later.ID {
			t.Fatalf("send after the window = %+v, want a new message %s", res, later.ID)
		}
		wantIDs(t, h.receive(ref, at(dedupWindow+time.Second), 10), first, later)
	})
	t.Run("DedupWithinOneBatch", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		a, b, c := newGroupMessage("g", "a"), newGroupMessage("g", "b"), newGroupMessage("g", "c")
		b.DedupID = a.DedupID
		res := h.send(ref, t0, a, b, c)
		if res[0].Duplicate || !res[1].Duplicate || res[1].ID != a.ID || res[1].SequenceNumber != res[0].SequenceNumber || res[2].Duplicate {
			t.Fatalf("batch results %+v, want only the second entry a duplicate of %s", res, a.ID)
		}
		wantIDs(t, h.receive(ref, t0, 10), a, c)
	})
	t.Run("DedupScope", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		for _, scope := range []struct {
			queue    string
			perGroup bool
		}{{"queue-scope.fifo", false}, {"group-scope.fifo", true}} {
			ref, perGroup := h.queue(scope.queue), scope.perGroup
			send := func(group string) store.MessageSendResult {
				m := newGroupMessage(group, group)
				m.DedupID = "same-id"
				entries := []store.MessageSendEntry{{Message: m}}
				return h.sendWith(&store.MessageSendParams{Queue: ref, Now: t0, Entries: entries, DedupWindow: dedupWindow, DedupPerGroup: perGroup})[0]
			}
			first := send("g1")
			if other := send("g2"); other.Duplicate != !perGroup {
				t.Fatalf("DedupPerGroup=%v: same id in another group gave Duplicate=%v", perGroup, other.Duplicate)
			}
			if same := send("g1"); !same.Duplicate || same.ID != first.ID {
				t.Fatalf("DedupPerGroup=%v: same id in the same group = %+v, want a duplicate of %s", perGroup, same, first.ID)
			}
		}
	})
	t.Run("DedupIsPerQueue", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		refs := []store.QueueRef{h.queue("a.fifo"), h.queue("b.fifo"), h.queueIn(otherAccount, "a.fifo")}
		for _, ref := range refs {
			m := newGroupMessage("g", "m")
			m.DedupID = "shared-id"
			if res := h.send(ref, t0, m)[0]; res.Duplicate {
				t.Fatalf("send to %v deduplicated against another queue", ref)
			}
		}
	})
}

func runFIFOHandles(t *testing.T, newStore newStoreFunc) {
	t.Run("StaleHandleIsExpired", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		h.send(ref, t0, newGroupMessage("g", "m"))
		old := h.receiveOne(ref, t0)
		now := at(visibility + time.Second)
		latest := h.receiveOne(ref, now)
		wantErrs(t, h.deleteHandles(ref, now, old.ReceiptHandle), store.ErrReceiptHandleExpired)
		change := store.VisibilityChange{ReceiptHandle: old.ReceiptHandle}
		wantErrs(t, h.changeVisibility(ref, now, change), store.ErrReceiptHandleExpired)
		h.wantCounts(ref, now, 0, 1, 0)
		wantErrs(t, h.deleteHandles(ref, now, latest.ReceiptHandle), nil)
		h.wantCounts(ref, now, 0, 0, 0)
	})
	t.Run("HandleExpiresWithDeadline", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		h.send(ref, t0, newGroupMessage("g", "m"))
		m := h.receiveOne(ref, t0)
		now := at(visibility + time.Second)
		wantErrs(t, h.deleteHandles(ref, now, m.ReceiptHandle), store.ErrReceiptHandleExpired)
		h.wantCounts(ref, now, 1, 0, 0)
	})
	t.Run("AttemptIDRepeatsReceive", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		h.send(ref, t0, newGroupMessage("g1", "a"), newGroupMessage("g1", "b"), newGroupMessage("g2", "c"))
		attempt := func(id string, now time.Time) []*store.Message {
			return h.receiveWith(&store.MessageReceiveParams{
				Queue: ref, Now: now, Max: 10, VisibilityTimeout: visibility,
				AttemptID: id, AttemptWindow: 5 * time.Minute,
			}).Messages
		}
		first := attempt("attempt-1", t0)
		if len(first) != 3 {
			t.Fatalf("first attempt returned %d messages, want 3", len(first))
		}
		again := attempt("attempt-1", at(10*time.Second))
		wantSameIDs(t, again, first...)
		firstHandles := map[string]string{}
		for _, m := range first {
			firstHandles[m.ID] = m.ReceiptHandle
		}
		for _, m := range again {
			if m.ReceiptHandle != firstHandles[m.ID] || m.ReceiveCount != 1 {
				t.Fatalf("repeated attempt: message %s handle %q count %d, want handle %q count 1",
					m.ID, m.ReceiptHandle, m.ReceiveCount, firstHandles[m.ID])
			}
		}
		if other := attempt("attempt-2", at(10*time.Second)); len(other) != 0 {
			t.Fatalf("another attempt id received %d messages while all groups are in flight", len(other))
		}
		h.wantCounts(ref, at(10*time.Second), 0, 3, 0)
		h.deleteMessages(ref, at(10*time.Second), again...)
	})
}

// sequenceNumber parses a decimal sequence number.
func sequenceNumber(t *testing.T, s string) *big.Int {
	t.Helper()
	if s == "" || strings.Trim(s, "0123456789") != "" {
		t.Fatalf("sequence number %q is not decimal", s)
	}
	n, _ := new(big.Int).SetString(s, 10)
	return n
}
