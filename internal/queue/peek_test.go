package queue

import (
	"errors"
	"testing"
	"time"
)

// deleteCounter counts deletes, for RemoveMessage.
type deleteCounter struct {
	noObserver
	deleted int
}

func (o *deleteCounter) Deleted(_ QueueRef, n int) { o.deleted += n }

func TestPeekMessagesChangesNothingAndSkipsExpired(t *testing.T) {
	b := setup(t, Options{})
	q := b.create(t, "q", map[string]string{"MessageRetentionPeriod": "60"})
	b.send(t, q, SendMessageEntry{Body: "old"})
	b.clk.Advance(30 * time.Second)
	b.send(t, q, SendMessageEntry{Body: "new"})
	b.clk.Advance(45 * time.Second) // "old" is past retention, not yet swept
	for range 2 {
		res, err := b.svc.PeekMessages(b.ctx, &PeekParams{Queue: q, Max: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Messages) != 1 || res.Messages[0].Message.Body != "new" || res.Messages[0].Message.ReceiveCount != 0 {
			t.Fatalf("peek = %+v, want only \"new\", never received", res.Messages)
		}
	}
	got := b.receive(t, &ReceiveMessageParams{Queue: q})
	if len(got) != 1 || got[0].Body != "new" || got[0].ReceiveCount != 1 {
		t.Fatalf("receive after peeks = %v, want \"new\" received once", bodies(got))
	}
}

func TestPeekMessagesRefusesBadInput(t *testing.T) {
	b := setup(t, Options{})
	q := b.create(t, "q", nil)
	for _, p := range []*PeekParams{{Queue: q, Max: 0}, {Queue: q, Max: 101}, {Queue: q, Max: 1, After: "x"}} {
		if _, err := b.svc.PeekMessages(b.ctx, p); !errors.Is(err, ErrInvalidParameterValue) {
			t.Errorf("PeekMessages(%+v) = %v, want ErrInvalidParameterValue", p, err)
		}
	}
	if _, err := b.svc.PeekMessages(b.ctx, &PeekParams{Queue: ref("nope"), Max: 1}); !errors.Is(err, ErrQueueDoesNotExist) {
		t.Errorf("PeekMessages of a missing queue = %v, want ErrQueueDoesNotExist", err)
	}
}

func TestRemoveMessage(t *testing.T) {
	obs := &deleteCounter{}
	b := setup(t, Options{Observer: obs})
	q := b.create(t, "q", nil)
	b.send(t, q, SendMessageEntry{Body: "a"})
	res, err := b.svc.PeekMessages(b.ctx, &PeekParams{Queue: q, Max: 1})
	if err != nil {
		t.Fatal(err)
	}
	key := res.Messages[0].Key
	if err := b.svc.RemoveMessage(b.ctx, q, key); err != nil {
		t.Fatalf("RemoveMessage: %v", err)
	}
	if err := b.svc.RemoveMessage(b.ctx, q, key); !errors.Is(err, ErrResourceNotFound) {
		t.Fatalf("RemoveMessage again = %v, want ErrResourceNotFound", err)
	}
	if obs.deleted != 1 {
		t.Fatalf("observer saw %d deletes, want 1", obs.deleted)
	}
	st, err := b.svc.Stats(b.ctx, q)
	if err != nil || st.Visible != 0 || !st.OldestSentAt.IsZero() {
		t.Fatalf("Stats = %+v, %v; want an empty queue", st, err)
	}
}
