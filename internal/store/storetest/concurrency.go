package storetest

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runConcurrency covers many senders and receivers on one queue at once.
func runConcurrency(t *testing.T, newStore newStoreFunc) {
	runConcurrencyStill(t, newStore)
	runConcurrencyRaces(t, newStore)
	runConcurrencyMoving(t, newStore)
}

// runConcurrencyStill keeps time still at t0 with a long visibility timeout,
// so every message must be received exactly once.
func runConcurrencyStill(t *testing.T, newStore newStoreFunc) {
	t.Run("StandardExactlyOnce", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		const senders, sends, batch = 8, 20, 5
		sent := make(chan string, senders*sends*batch)
		done := h.startSenders(senders, func(sender int) error {
			for range sends {
				entries := make([]store.MessageSendEntry, batch)
				for i := range entries {
					entries[i].Message = newMessage(fmt.Sprintf("from sender %d", sender))
					sent <- entries[i].Message.ID
				}
				if _, err := h.s.MessageSend(h.ctx, &store.MessageSendParams{Queue: ref, Now: t0, Entries: entries}); err != nil {
					return err
				}
			}
			return nil
		})
		var mu sync.Mutex
		received := map[string]int{}
		h.runReceivers(ref, 8, done, func(msgs []*store.Message) {
			mu.Lock()
			defer mu.Unlock()
			for _, m := range msgs {
				received[m.ID]++
			}
		})
		close(sent)
		for id := range sent {
			if received[id] != 1 {
				t.Errorf("message %s received %d times, want once", id, received[id])
			}
		}
		if len(received) != senders*sends*batch {
			t.Errorf("received %d distinct messages, sent %d", len(received), senders*sends*batch)
		}
		h.wantCounts(ref, t0, 0, 0, 0)
	})
	t.Run("FIFOGroupOrder", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		const groups, perGroup = 4, 50
		done := h.startSenders(groups, func(group int) error {
			for i := range perGroup {
				m := newGroupMessage(fmt.Sprint(group), fmt.Sprint(i))
				entries := []store.MessageSendEntry{{Message: m}}
				if _, err := h.s.MessageSend(h.ctx, &store.MessageSendParams{Queue: ref, Now: t0, Entries: entries, DedupWindow: dedupWindow}); err != nil {
					return err
				}
			}
			return nil
		})
		var mu sync.Mutex
		order := map[string][]string{}
		// A group is blocked while one of its messages is in flight, and a
		// receiver records its messages before deleting them; so the
		// records of each group are in send order.
		h.runReceivers(ref, 6, done, func(msgs []*store.Message) {
			mu.Lock()
			defer mu.Unlock()
			for _, m := range msgs {
				order[m.GroupID] = append(order[m.GroupID], m.Body)
			}
		})
		for g := range groups {
			got := order[fmt.Sprint(g)]
			want := make([]string, perGroup)
			for i := range want {
				want[i] = fmt.Sprint(i)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("group %d received in order %v, want %v", g, got, want)
			}
		}
	})
}

// runConcurrencyRaces has many callers race for the same outcome, of which
// exactly one may win.
func runConcurrencyRaces(t *testing.T, newStore newStoreFunc) {
	t.Run("CreateRace", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := store.QueueRef{Account: defaultAccount, Name: "contested"}
		const callers = 8
		var wg sync.WaitGroup
		results := make([]struct {
			q   *store.Queue
			err error
		}, callers)
		for i := range callers {
			wg.Go(func() {
				attrs := map[string]string{"Caller": fmt.Sprint(i)}
				results[i].q, results[i].err = h.s.QueueCreate(h.ctx, &store.QueueCreateParams{Ref: ref, Attributes: attrs, Now: t0})
			})
		}
		wg.Wait()
		winner := h.getQueue(ref).Attributes["Caller"]
		for i, r := range results {
			won := fmt.Sprint(i) == winner
			if (won && r.err != nil) || (!won && !errors.Is(r.err, store.ErrQueueExists)) {
				t.Fatalf("caller %d (winner %s): error %v", i, winner, r.err)
			}
			if r.q == nil || r.q.Attributes["Caller"] != winner {
				t.Fatalf("caller %d got queue %+v, want the winner's (%s)", i, r.q, winner)
			}
		}
	})
	t.Run("DeleteRacesSends", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		const senders = 4
		var once sync.Once
		started := make(chan struct{})
		done := h.startSenders(senders, func(int) error {
			for {
				entries := []store.MessageSendEntry{{Message: newMessage("racing the delete")}}
				_, err := h.s.MessageSend(h.ctx, &store.MessageSendParams{Queue: ref, Now: t0, Entries: entries})
				if errors.Is(err, store.ErrQueueNotFound) {
					return nil
				}
				if err != nil {
					return err
				}
				once.Do(func() { close(started) })
			}
		})
		select {
		case <-started:
		case <-done:
			t.Fatal("the senders stopped before any send succeeded")
		}
		if err := h.s.QueueDelete(h.ctx, ref); err != nil {
			t.Fatalf("QueueDelete: %v", err)
		}
		<-done
		// No send that raced the delete may land in the queue of the same
		// name created afterwards.
		h.queue("q")
		h.wantCounts(ref, t0, 0, 0, 0)
		h.wantNothing(ref, t0)
	})
	t.Run("DedupRace", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		const callers = 8
		var wg sync.WaitGroup
		results := make([]store.MessageSendResult, callers)
		msgs := make([]*store.Message, callers)
		for i := range msgs {
			msgs[i] = newGroupMessage("g", fmt.Sprint(i))
		}
		for i, m := range msgs {
			wg.Go(func() {
				m.DedupID = "contested"
				entries := []store.MessageSendEntry{{Message: m}}
				res, err := h.s.MessageSend(h.ctx, &store.MessageSendParams{Queue: ref, Now: t0, Entries: entries, DedupWindow: dedupWindow})
				if err != nil {
					t.Errorf("MessageSend: %v", err)
					return
				}
				results[i] = res[0]
			})
		}
		wg.Wait()
		stored := h.receive(ref, t0, 10)
		if len(stored) != 1 {
			t.Fatalf("%d concurrent sends of one deduplication id stored %d messages, want 1", callers, len(stored))
		}
		for i, r := range results {
			won := msgs[i].ID == stored[0].ID
			if r.ID != stored[0].ID || r.SequenceNumber != stored[0].SequenceNumber || r.Duplicate == won {
				t.Fatalf("caller %d got %+v; stored %s", i, r, stored[0].ID)
			}
		}
	})
}

// runConcurrencyMoving lets time run while receivers let messages expire,
// change their visibility and delete them.
func runConcurrencyMoving(t *testing.T, newStore newStoreFunc) {
	t.Run("MovingTimeDrains", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		var elapsed atomic.Int64
		tick := func() time.Time { return t0.Add(time.Duration(elapsed.Add(int64(10 * time.Millisecond)))) }
		const senders, sends, batch = 4, 20, 5
		sent := make(chan string, senders*sends*batch)
		done := h.startSenders(senders, func(int) error {
			for range sends {
				entries := make([]store.MessageSendEntry, batch)
				for i := range entries {
					entries[i].Message = newMessage("churned")
					sent <- entries[i].Message.ID
				}
				if _, err := h.s.MessageSend(h.ctx, &store.MessageSendParams{Queue: ref, Now: tick(), Entries: entries}); err != nil {
					return err
				}
			}
			return nil
		})
		var mu sync.Mutex
		deliveries := map[string]bool{}
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Go(func() {
				if err := h.churn(ref, tick, done, func(m *store.Message) error {
					mu.Lock()
					defer mu.Unlock()
					key := fmt.Sprintf("%s/%d", m.ID, m.ReceiveCount)
					if deliveries[key] {
						return fmt.Errorf("message %s delivered twice with receive count %d", m.ID, m.ReceiveCount)
					}
					deliveries[key] = true
					return nil
				}); err != nil {
					t.Errorf("receiver %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		close(sent)
		for id := range sent {
			if !deliveries[id+"/1"] {
				t.Errorf("message %s was never received", id)
			}
		}
		end := tick().Add(time.Hour)
		h.wantCounts(ref, end, 0, 0, 0)
		wantTime(t, "OldestSentAt of the drained queue", h.stats(ref, end).OldestSentAt, time.Time{})
	})
}

// churn receives with a short visibility timeout until the senders are done
// and the queue is empty. A message's first receive either lets it expire or
// makes it visible at once, its second lets it expire, its third deletes it.
func (h *harness) churn(ref store.QueueRef, tick func() time.Time, sendersDone <-chan struct{}, check func(*store.Message) error) error {
	for range 100_000 {
		var finished bool
		select {
		case <-sendersDone:
			finished = true
		default:
		}
		now := tick()
		res, err := h.s.MessageReceive(h.ctx, &store.MessageReceiveParams{Queue: ref, Now: now, Max: 5, VisibilityTimeout: 50 * time.Millisecond})
		if err != nil {
			return err
		}
		if len(res.Messages) == 0 {
			if finished {
				st, err := h.s.QueueStats(h.ctx, ref, now.Add(time.Hour))
				if err != nil || st.Visible+st.InFlight+st.Delayed == 0 {
					return err
				}
			}
			runtime.Gosched()
			continue
		}
		if err := h.settle(ref, tick, res.Messages, check); err != nil {
			return err
		}
	}
	return fmt.Errorf("queue not drained after 100000 receives")
}

// settle applies churn's rule to received messages.
func (h *harness) settle(ref store.QueueRef, tick func() time.Time, msgs []*store.Message, check func(*store.Message) error) error {
	var deletes []string
	var changes []store.VisibilityChange
	for _, m := range msgs {
		if err := check(m); err != nil {
			return err
		}
		switch {
		case m.ReceiveCount >= 3:
			deletes = append(deletes, m.ReceiptHandle)
		case m.ReceiveCount == 1 && m.ID[0] < '8':
			changes = append(changes, store.VisibilityChange{ReceiptHandle: m.ReceiptHandle})
		}
	}
	if len(changes) > 0 {
		errs, err := h.s.MessageChangeVisibility(h.ctx, &store.MessageChangeVisibilityParams{Queue: ref, Now: tick(), Entries: changes})
		if err != nil {
			return err
		}
		for _, err := range errs {
			// The deadline may have passed, another receiver may hold the
			// message now or have deleted it: only an invalid handle is wrong.
			if errors.Is(err, store.ErrReceiptHandleInvalid) {
				return fmt.Errorf("change visibility: %w", err)
			}
		}
	}
	if len(deletes) > 0 {
		errs, err := h.s.MessageDelete(h.ctx, &store.MessageDeleteParams{Queue: ref, Now: tick(), ReceiptHandles: deletes})
		if err != nil {
			return err
		}
		for _, err := range errs {
			if err != nil {
				return fmt.Errorf("delete: %w", err)
			}
		}
	}
	return nil
}

// startSenders runs send(i) for i in [0, n) concurrently and returns a
// channel closed when all have returned.
func (h *harness) startSenders(n int, send func(i int) error) <-chan struct{} {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := send(i); err != nil {
				h.t.Errorf("sender %d: %v", i, err)
			}
		})
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}

// runReceivers runs n receivers until the senders are done and the queue
// has nothing visible left. Each receiver hands what it receives to record
// and then deletes it.
func (h *harness) runReceivers(ref store.QueueRef, n int, sendersDone <-chan struct{}, record func([]*store.Message)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := h.receiveUntilDrained(ref, sendersDone, record); err != nil {
				h.t.Errorf("receiver %d: %v", i, err)
			}
		})
	}
	wg.Wait()
}

func (h *harness) receiveUntilDrained(ref store.QueueRef, sendersDone <-chan struct{}, record func([]*store.Message)) error {
	p := &store.MessageReceiveParams{Queue: ref, Now: t0, Max: 10, VisibilityTimeout: time.Hour}
	for {
		// Whether the senders were done must be known before the receive:
		// an empty receive after that means nothing is left to receive.
		var finished bool
		select {
		case <-sendersDone:
			finished = true
		default:
		}
		res, err := h.s.MessageReceive(h.ctx, p)
		if err != nil {
			return err
		}
		if len(res.Messages) == 0 {
			if finished {
				return nil
			}
			runtime.Gosched()
			continue
		}
		record(res.Messages)
		errs, err := h.s.MessageDelete(h.ctx, &store.MessageDeleteParams{Queue: ref, Now: t0, ReceiptHandles: handles(res.Messages)})
		if err != nil {
			return err
		}
		for i, err := range errs {
			if err != nil {
				return fmt.Errorf("delete %s: %w", res.Messages[i].ID, err)
			}
		}
	}
}
