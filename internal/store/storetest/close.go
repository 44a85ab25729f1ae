package storetest

import (
	"testing"

	"github.com/sluicemq/sluice/internal/store"
)

// runClose covers Close: it succeeds, and queue and stream calls after it
// fail with ErrClosed rather than reach released storage.
func runClose(t *testing.T, newStore newStoreFunc) {
	t.Run("CallsAfterCloseFail", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		if err := h.s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		_, err := h.s.QueueGet(h.ctx, ref)
		wantErr(t, "QueueGet after Close", err, store.ErrClosed)
		_, err = h.s.MessagePeek(h.ctx, &store.MessagePeekParams{Queue: ref, Max: 1})
		wantErr(t, "MessagePeek after Close", err, store.ErrClosed)
		_, err = h.s.MessageRemove(h.ctx, &store.MessageRemoveParams{Queue: ref, Keys: []string{"1"}})
		wantErr(t, "MessageRemove after Close", err, store.ErrClosed)
		_, err = h.s.StreamGet(h.ctx, store.StreamRef{Account: defaultAccount, Name: "s"})
		wantErr(t, "StreamGet after Close", err, store.ErrClosed)
		_, err = h.s.GroupGet(h.ctx, store.GroupRef{Stream: store.StreamRef{Account: defaultAccount, Name: "s"}, Name: "g"})
		wantErr(t, "GroupGet after Close", err, store.ErrClosed)
	})
}
