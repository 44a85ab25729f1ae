package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runPeek covers MessagePeek, which reads without changing anything, and
// MessageRemove, which deletes by its keys whatever the state.
func runPeek(t *testing.T, newStore newStoreFunc) {
	runPeekStates(t, newStore)
	runPeekChangesNothing(t, newStore)
	runPeekPages(t, newStore)
	runRemove(t, newStore)
}

// peek returns every message MessagePeek reports at now in the states
// asked, following Next to the end.
func (h *harness) peek(ref store.QueueRef, now time.Time, states ...store.MessageState) []store.PeekedMessage {
	h.t.Helper()
	var out []store.PeekedMessage
	p := &store.MessagePeekParams{Queue: ref, Now: now, States: states, Max: 100}
	for {
		res, err := h.s.MessagePeek(h.ctx, p)
		if err != nil {
			h.t.Fatalf("MessagePeek(%v): %v", ref, err)
		}
		for _, pm := range res.Messages {
			if pm.Message.ReceiptHandle != "" {
				h.t.Fatalf("MessagePeek returned message %s with a receipt handle", pm.Message.ID)
			}
		}
		out = append(out, res.Messages...)
		if res.Next == "" {
			return out
		}
		p.After = res.Next
	}
}

func peekedIDs(pms []store.PeekedMessage) []string {
	out := make([]string, len(pms))
	for i, pm := range pms {
		out[i] = pm.Message.ID
	}
	return out
}

func runPeekStates(t *testing.T, newStore newStoreFunc) {
	t.Run("ReportsEachState", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		inFlight, visible, delayed := newMessage("in flight"), fullMessage(), newMessage("delayed")
		h.send(ref, t0, inFlight, visible)
		h.sendDelayed(ref, t0, time.Minute, delayed)
		h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1, VisibilityTimeout: visibility})
		got := h.peek(ref, at(time.Second))
		if want := []string{inFlight.ID, visible.ID, delayed.ID}; !slices.Equal(peekedIDs(got), want) {
			t.Fatalf("peek = %v, want %v in send order", peekedIDs(got), want)
		}
		wantPeeked(t, got[0], store.MessageInFlight, 1, at(visibility))
		wantPeeked(t, got[1], store.MessageVisible, 0, time.Time{})
		wantPeeked(t, got[2], store.MessageDelayed, 0, at(time.Minute))
		if got[1].Message.Body != visible.Body || len(got[1].Message.Attributes) != len(visible.Attributes) ||
			got[1].Message.MD5OfBody != visible.MD5OfBody {
			t.Fatalf("peeked message = %+v, want body, attributes and MD5 as sent (%+v)", got[1].Message, visible)
		}
		wantTime(t, "FirstReceivedAt of the in-flight message", got[0].Message.FirstReceivedAt, t0)
		if only := h.peek(ref, at(time.Second), store.MessageDelayed, store.MessageInFlight); !slices.Equal(
			peekedIDs(only), []string{inFlight.ID, delayed.ID}) {
			t.Fatalf("peek of delayed and in-flight = %v, want %v", peekedIDs(only), []string{inFlight.ID, delayed.ID})
		}
		after := h.peek(ref, at(2*time.Minute))
		wantPeeked(t, after[0], store.MessageVisible, 1, time.Time{})
		wantPeeked(t, after[2], store.MessageVisible, 0, time.Time{})
	})
	t.Run("FIFOSequenceNumbers", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		sent := h.send(ref, t0, newGroupMessage("g", "a"), newGroupMessage("g", "b"))
		got := h.peek(ref, t0)
		if len(got) != 2 || got[0].Message.SequenceNumber != sent[0].SequenceNumber ||
			got[1].Message.SequenceNumber != sent[1].SequenceNumber {
			t.Fatalf("peek of a FIFO queue = %+v, want both messages with their sequence numbers %v", got, sent)
		}
	})
}

// wantPeeked checks a peeked message's state, receive count and visible time.
func wantPeeked(t *testing.T, pm store.PeekedMessage, state store.MessageState, receives int, visibleAt time.Time) {
	t.Helper()
	if pm.State != state || pm.Message.ReceiveCount != receives || !pm.VisibleAt.Equal(visibleAt) || pm.Key == "" {
		t.Fatalf("message %q: state %v, receive count %d, visible at %v, key %q; want %v, %d, %v and a key",
			pm.Message.Body, pm.State, pm.Message.ReceiveCount, pm.VisibleAt, pm.Key, state, receives, visibleAt)
	}
}

func runPeekChangesNothing(t *testing.T, newStore newStoreFunc) {
	t.Run("ChangesNothing", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		first, second := newMessage("first"), newMessage("second")
		h.send(ref, t0, first, second)
		held := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1, VisibilityTimeout: visibility}).Messages
		for range 3 {
			h.peek(ref, at(time.Second))
		}
		h.wantCounts(ref, at(time.Second), 1, 1, 0)
		got := h.receiveOne(ref, at(time.Second))
		wantIDs(t, []*store.Message{got}, second)
		if got.ReceiveCount != 1 {
			t.Fatalf("ReceiveCount after peeks = %d, want 1", got.ReceiveCount)
		}
		// The handle of the earlier receive still deletes its message.
		wantErrs(t, h.deleteHandles(ref, at(time.Second), held[0].ReceiptHandle), nil)
		h.wantCounts(ref, at(time.Second), 0, 1, 0)
	})
	t.Run("FIFOGroupStaysBlocked", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		h.send(ref, t0, newGroupMessage("g", "a"), newGroupMessage("g", "b"))
		h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1, VisibilityTimeout: visibility})
		h.peek(ref, at(time.Second))
		h.wantNothing(ref, at(time.Second))
	})
}

func runPeekPages(t *testing.T, newStore newStoreFunc) {
	t.Run("Pages", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		var sent []*store.Message
		for i := range 7 {
			m := newMessage("m" + string(rune('0'+i)))
			sent = append(sent, m)
			h.send(ref, t0, m)
		}
		var got []string
		p := &store.MessagePeekParams{Queue: ref, Now: t0, Max: 3}
		for calls := 0; ; calls++ {
			if calls > 7 {
				t.Fatalf("MessagePeek with Max 3 still says Next after %d calls", calls)
			}
			res, err := h.s.MessagePeek(h.ctx, p)
			if err != nil {
				t.Fatalf("MessagePeek: %v", err)
			}
			if len(res.Messages) > 3 {
				t.Fatalf("MessagePeek with Max 3 returned %d", len(res.Messages))
			}
			got = append(got, peekedIDs(res.Messages)...)
			if res.Next == "" {
				break
			}
			p.After = res.Next
		}
		if !slices.Equal(got, ids(sent)) {
			t.Fatalf("pages = %v, want %v", got, ids(sent))
		}
		_, err := h.s.MessagePeek(h.ctx, &store.MessagePeekParams{Queue: store.QueueRef{Account: defaultAccount, Name: "nope"}, Now: t0, Max: 1})
		wantErr(t, "MessagePeek of a missing queue", err, store.ErrQueueNotFound)
	})
}

func runRemove(t *testing.T, newStore newStoreFunc) {
	t.Run("RemoveInEveryState", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		kept := newMessage("kept")
		h.send(ref, t0, newMessage("in flight"), newMessage("visible"))
		h.sendDelayed(ref, t0, time.Minute, newMessage("delayed"))
		held := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1, VisibilityTimeout: visibility}).Messages
		h.send(ref, at(time.Second), kept)
		peeked := h.peek(ref, at(time.Second))
		keys := []string{peeked[0].Key, peeked[1].Key, peeked[2].Key}
		errs, err := h.s.MessageRemove(h.ctx, &store.MessageRemoveParams{Queue: ref, Now: at(time.Second), Keys: append(keys, "not a key")})
		if err != nil {
			t.Fatalf("MessageRemove: %v", err)
		}
		wantErrs(t, errs, nil, nil, nil, store.ErrMessageNotFound)
		h.wantCounts(ref, at(time.Second), 1, 0, 0)
		if got := peekedIDs(h.peek(ref, at(2*time.Minute))); !slices.Equal(got, []string{kept.ID}) {
			t.Fatalf("peek after removal = %v, want only %v", got, kept.ID)
		}
		st := h.stats(ref, at(time.Second))
		wantTime(t, "OldestSentAt after removal", st.OldestSentAt, at(time.Second))
		errs, err = h.s.MessageRemove(h.ctx, &store.MessageRemoveParams{Queue: ref, Now: at(time.Second), Keys: keys[:1]})
		if err != nil {
			t.Fatalf("MessageRemove again: %v", err)
		}
		wantErrs(t, errs, store.ErrMessageNotFound)
		wantErrs(t, h.deleteHandles(ref, at(time.Second), held[0].ReceiptHandle), nil)
		got := h.receive(ref, at(2*time.Minute), 10)
		wantIDs(t, got, kept)
		h.reopenIfAble()
		later := at(2*time.Minute + time.Second)
		h.wantCounts(ref, later, 0, 1, 0)
		if got := peekedIDs(h.peek(ref, later)); !slices.Equal(got, []string{kept.ID}) {
			t.Fatalf("peek after removal and restart = %v, want only %v", got, kept.ID)
		}
	})
	t.Run("RemoveFreesFIFOGroup", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		a, b := newGroupMessage("g", "a"), newGroupMessage("g", "b")
		h.send(ref, t0, a, b)
		h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 1, VisibilityTimeout: visibility})
		errs, err := h.s.MessageRemove(h.ctx, &store.MessageRemoveParams{Queue: ref, Now: t0, Keys: []string{h.peek(ref, t0)[0].Key}})
		if err != nil {
			t.Fatalf("MessageRemove: %v", err)
		}
		wantErrs(t, errs, nil)
		wantIDs(t, h.receive(ref, t0, 10), b)
	})
}

// reopenIfAble restarts the store when it can, so a check that follows
// also holds after a restart; otherwise it does nothing.
func (h *harness) reopenIfAble() {
	h.t.Helper()
	if r, ok := h.s.(Reopener); ok {
		h.s = r.Reopen(h.t)
	}
}
