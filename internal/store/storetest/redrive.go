package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runRedrive covers dead-lettering inside MessageReceive and moving messages
// back out with MessageMove.
func runRedrive(t *testing.T, newStore newStoreFunc) {
	runDeadLetter(t, newStore)
	runMessageMove(t, newStore)
}

func runDeadLetter(t *testing.T, newStore newStoreFunc) {
	t.Run("MovedAtMaxReceiveCount", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		src, dlq := h.queue("src"), h.queue("src-dlq")
		redrive := &store.Redrive{DeadLetterQueue: dlq, MaxReceiveCount: 2}
		h.send(src, t0, fullMessage())
		for i, now := range []time.Time{t0, at(visibility + time.Second)} {
			if res := h.receiveRedrive(src, now, 10, redrive); len(res.Messages) != 1 || res.DeadLettered != 0 {
				t.Fatalf("receive %d: %d messages, %d dead-lettered; want 1, 0", i+1, len(res.Messages), res.DeadLettered)
			}
		}
		now := at(2 * (visibility + time.Second))
		res := h.receiveRedrive(src, now, 10, redrive)
		if len(res.Messages) != 0 || res.DeadLettered != 1 {
			t.Fatalf("receive at MaxReceiveCount: %d messages, %d dead-lettered; want 0, 1", len(res.Messages), res.DeadLettered)
		}
		h.wantCounts(src, now, 0, 0, 0)
		h.wantCounts(dlq, now, 1, 0, 0)
		got := h.receiveOne(dlq, now)
		wantSenderFields(t, got, fullMessage())
		if got.DeadLetterSource != src {
			t.Fatalf("DeadLetterSource = %v, want %v", got.DeadLetterSource, src)
		}
		// As on SQS standard queues, the original send time stays.
		wantTime(t, "SentAt in the dead-letter queue", got.SentAt, t0)
	})
	t.Run("OthersReturnedInTheSameReceive", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		src, dlq := h.queue("src"), h.queue("dlq")
		redrive := &store.Redrive{DeadLetterQueue: dlq, MaxReceiveCount: 1}
		tired, fresh := newMessage("tired"), newMessage("fresh")
		h.send(src, t0, tired)
		h.receiveRedrive(src, t0, 10, redrive)
		h.send(src, at(time.Second), fresh)
		now := at(visibility + time.Second)
		res := h.receiveRedrive(src, now, 10, redrive)
		wantIDs(t, res.Messages, fresh)
		if res.DeadLettered != 1 {
			t.Fatalf("DeadLettered = %d, want 1", res.DeadLettered)
		}
		wantIDs(t, h.receive(dlq, now, 10), tired)
	})
	t.Run("FIFOGroupContinuesPastDeadLetter", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		src, dlq := h.queue("src.fifo"), h.queue("dlq.fifo")
		redrive := &store.Redrive{DeadLetterQueue: dlq, MaxReceiveCount: 1}
		a, b := newGroupMessage("g", "a"), newGroupMessage("g", "b")
		h.send(src, t0, a, b)
		wantIDs(t, h.receiveRedrive(src, t0, 1, redrive).Messages, a)
		now := at(visibility + time.Second)
		res := h.receiveRedrive(src, now, 10, redrive)
		wantIDs(t, res.Messages, b)
		if res.DeadLettered != 1 {
			t.Fatalf("DeadLettered = %d, want 1", res.DeadLettered)
		}
		got := h.receive(dlq, now, 10)
		wantIDs(t, got, a)
		if got[0].DeadLetterSource != src || got[0].GroupID != "g" {
			t.Fatalf("dead-lettered message: source %v group %q, want %v, g", got[0].DeadLetterSource, got[0].GroupID, src)
		}
	})
}

func runMessageMove(t *testing.T, newStore newStoreFunc) {
	t.Run("MoveToDestinationOldestFirst", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		dlq, dest := h.queue("dlq"), h.queue("dest")
		var sent []*store.Message
		for i := range 3 {
			m := newMessage(strings.Repeat("m", i+1))
			sent = append(sent, m)
			h.send(dlq, at(time.Duration(i)*time.Second), m)
		}
		now := at(time.Minute)
		res := h.move(&store.MessageMoveParams{Source: dlq, Destination: &dest, Now: now, Max: 2})
		wantMoveResult(t, res, 2, 1, dest)
		h.wantCounts(dest, now, 2, 0, 0)
		wantSameIDs(t, h.receive(dest, now, 10), sent[:2]...)
		res = h.move(&store.MessageMoveParams{Source: dlq, Destination: &dest, Now: now, Max: 10})
		wantMoveResult(t, res, 1, 0, dest)
		res = h.move(&store.MessageMoveParams{Source: dlq, Destination: &dest, Now: now, Max: 10})
		wantMoveResult(t, res, 0, 0)
		wantIDs(t, h.receive(dest, now, 10), sent[2])
	})
	t.Run("MoveBackToDeadLetterSource", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		src1, src2, dlq := h.queue("src1"), h.queue("src2"), h.queue("dlq")
		m1, m2, direct := fullMessage(), newMessage("from src2"), newMessage("sent to the dlq")
		h.deadLetter(src1, dlq, newMessageLike(m1))
		h.deadLetter(src2, dlq, m2)
		h.send(dlq, t0, direct)
		now := at(time.Hour)
		res := h.move(&store.MessageMoveParams{Source: dlq, Now: now, Max: 10})
		wantMoveResult(t, res, 2, 1, src1, src2)
		got := h.receive(src1, now, 10)
		wantIDs(t, got, m1)
		wantSenderFields(t, got[0], m1)
		wantIDs(t, h.receive(src2, now, 10), m2)
		wantIDs(t, h.receive(dlq, now, 10), direct)
	})
	t.Run("MoveIntoFIFOKeepsGroupOrder", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		dlq, dest := h.queue("dlq.fifo"), h.queue("dest.fifo")
		first := newGroupMessage("g", "already there")
		h.send(dest, t0, first)
		a, b := newGroupMessage("g", "a"), newGroupMessage("g", "b")
		h.send(dlq, at(time.Second), a, b)
		now := at(time.Minute)
		res := h.move(&store.MessageMoveParams{Source: dlq, Destination: &dest, Now: now, Max: 10})
		wantMoveResult(t, res, 2, 0, dest)
		got := h.receive(dest, now, 10)
		wantIDs(t, got, first, a, b)
		// Sequence numbers are per queue: the moved messages get new ones.
		for i := 1; i < len(got); i++ {
			if sequenceNumber(t, got[i].SequenceNumber).Cmp(sequenceNumber(t, got[i-1].SequenceNumber)) <= 0 {
				t.Fatalf("sequence numbers %q then %q in %v do not increase", got[i-1].SequenceNumber, got[i].SequenceNumber, dest)
			}
		}
	})
	t.Run("MoveOnlyVisible", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		dlq, dest := h.queue("dlq"), h.queue("dest")
		h.send(dlq, t0, newMessage("in flight"))
		h.receiveOne(dlq, t0)
		visible := newMessage("visible")
		h.send(dlq, t0, visible)
		h.sendDelayed(dlq, t0, time.Hour, newMessage("delayed"))
		now := at(time.Second)
		res := h.move(&store.MessageMoveParams{Source: dlq, Destination: &dest, Now: now, Max: 10})
		wantMoveResult(t, res, 1, 2, dest)
		h.wantCounts(dlq, now, 0, 1, 1)
		wantIDs(t, h.receive(dest, now, 10), visible)
	})
	t.Run("MoveToMissingQueueMovesNothing", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		dlq := h.queue("dlq")
		h.send(dlq, t0, newMessage("m"))
		missing := store.QueueRef{Account: defaultAccount, Name: "gone"}
		_, err := h.s.MessageMove(h.ctx, &store.MessageMoveParams{Source: dlq, Destination: &missing, Now: t0, Max: 10})
		wantErr(t, "MessageMove to a missing queue", err, store.ErrQueueNotFound)
		h.wantCounts(dlq, t0, 1, 0, 0)
	})
}

func (h *harness) receiveRedrive(ref store.QueueRef, now time.Time, max int, redrive *store.Redrive) *store.MessageReceiveResult {
	h.t.Helper()
	return h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: now, Max: max, VisibilityTimeout: visibility, Redrive: redrive})
}

// deadLetter sends m to src at t0 and has a redrive policy move it to dlq by
// a receive at t0+visibility+1s.
func (h *harness) deadLetter(src, dlq store.QueueRef, m *store.Message) {
	h.t.Helper()
	redrive := &store.Redrive{DeadLetterQueue: dlq, MaxReceiveCount: 1}
	h.send(src, t0, m)
	h.receiveRedrive(src, t0, 10, redrive)
	if res := h.receiveRedrive(src, at(visibility+time.Second), 10, redrive); res.DeadLettered != 1 {
		h.t.Fatalf("receive from %v dead-lettered %d messages, want 1", src, res.DeadLettered)
	}
}

func (h *harness) move(p *store.MessageMoveParams) *store.MessageMoveResult {
	h.t.Helper()
	res, err := h.s.MessageMove(h.ctx, p)
	if err != nil {
		h.t.Fatalf("MessageMove(%v): %v", p.Source, err)
	}
	return res
}

// wantMoveResult checks a move's counts and destinations (in any order).
func wantMoveResult(t *testing.T, res *store.MessageMoveResult, moved int, remaining int64, dests ...store.QueueRef) {
	t.Helper()
	got := slices.Clone(res.Destinations)
	cmp := func(a, b store.QueueRef) int { return strings.Compare(a.Account+"/"+a.Name, b.Account+"/"+b.Name) }
	slices.SortFunc(got, cmp)
	slices.SortFunc(dests, cmp)
	if res.Moved != moved || res.Remaining != remaining || !slices.Equal(got, dests) {
		t.Fatalf("MessageMove = moved %d, remaining %d, destinations %v; want %d, %d, %v",
			res.Moved, res.Remaining, res.Destinations, moved, remaining, dests)
	}
}
