package storetest

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runSendReceive covers MessageSend and the basics of MessageReceive: what a
// message carries, batches, delays, Max and NextVisibleAt.
func runSendReceive(t *testing.T, newStore newStoreFunc) {
	runSend(t, newStore)
	runReceive(t, newStore)
}

func runSend(t *testing.T, newStore newStoreFunc) {
	t.Run("SendReturnsOneResultPerEntry", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		msgs := []*store.Message{newMessage("a"), newMessage("b"), newMessage("c")}
		for i, r := range h.send(ref, t0, msgs...) {
			if r.ID != msgs[i].ID || r.Duplicate || r.SequenceNumber != "" {
				t.Fatalf("result %d = %+v, want ID %s, no duplicate, no sequence number on a standard queue", i, r, msgs[i].ID)
			}
		}
		h.wantCounts(ref, t0, 3, 0, 0)
	})
	t.Run("MessageRoundTrip", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, fullMessage())
		got := h.receiveOne(ref, at(time.Second))
		wantSenderFields(t, got, fullMessage())
		wantTime(t, "SentAt", got.SentAt, t0)
		wantTime(t, "FirstReceivedAt", got.FirstReceivedAt, at(time.Second))
		if got.ReceiveCount != 1 || got.SequenceNumber != "" || got.DeadLetterSource != (store.QueueRef{}) {
			t.Fatalf("ReceiveCount %d, SequenceNumber %q, DeadLetterSource %v; want 1, none, none",
				got.ReceiveCount, got.SequenceNumber, got.DeadLetterSource)
		}
	})
	t.Run("MessageRoundTripFIFO", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q.fifo")
		want := fullMessage()
		want.GroupID, want.DedupID = "group-1", "dedup-ü-1"
		sent := *want
		res := h.send(ref, t0, &sent)
		got := h.receiveOne(ref, at(time.Second))
		wantSenderFields(t, got, want)
		if got.SequenceNumber == "" || got.SequenceNumber != res[0].SequenceNumber {
			t.Fatalf("received SequenceNumber %q, send returned %q", got.SequenceNumber, res[0].SequenceNumber)
		}
	})
	t.Run("MessageWithoutAttributes", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		want := newMessage("plain")
		h.send(ref, t0, newMessageLike(want))
		got := h.receiveOne(ref, t0)
		wantSenderFields(t, got, want)
	})
	t.Run("MaximumSizeBody", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		body := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
		want := newMessage(body)
		h.send(ref, t0, newMessageLike(want))
		if got := h.receiveOne(ref, t0); got.Body != body {
			t.Fatalf("received a body of %d bytes, want the %d bytes sent", len(got.Body), len(body))
		}
	})
	t.Run("BatchIsAtomic", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		const batches, size = 30, 10
		var wg sync.WaitGroup
		done := make(chan struct{})
		wg.Go(func() {
			defer close(done)
			for range batches {
				entries := make([]store.MessageSendEntry, size)
				for i := range entries {
					entries[i].Message = newMessage("batched")
				}
				if _, err := h.s.MessageSend(h.ctx, &store.MessageSendParams{Queue: ref, Now: t0, Entries: entries}); err != nil {
					t.Errorf("MessageSend: %v", err)
					return
				}
			}
		})
		for observing := true; observing; {
			select {
			case <-done:
				observing = false
			default:
			}
			if st := h.stats(ref, t0); st.Visible%size != 0 {
				t.Fatalf("QueueStats saw %d visible messages: part of a batch of %d", st.Visible, size)
			}
		}
		wg.Wait()
		h.wantCounts(ref, t0, batches*size, 0, 0)
	})
}

func runReceive(t *testing.T, newStore newStoreFunc) {
	t.Run("ReceiveFromEmptyQueue", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: t0, Max: 10, VisibilityTimeout: visibility})
		if len(res.Messages) != 0 || !res.NextVisibleAt.IsZero() || res.DeadLettered != 0 {
			t.Fatalf("receive from an empty queue = %+v, want nothing", res)
		}
	})
	t.Run("DelayedUntilDue", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		m := newMessage("later")
		h.sendDelayed(ref, t0, 10*time.Second, m)
		h.wantNothing(ref, t0)
		h.wantCounts(ref, at(10*time.Second-time.Millisecond), 0, 0, 1)
		h.wantNothing(ref, at(10*time.Second-time.Millisecond))
		// Delayed means "first visible time in the future": at that time it is visible.
		h.wantCounts(ref, at(10*time.Second), 1, 0, 0)
		got := h.receiveOne(ref, at(10*time.Second))
		wantIDs(t, []*store.Message{got}, m)
		wantTime(t, "SentAt of a delayed message", got.SentAt, t0)
	})
	t.Run("ReceiveHonorsMax", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		var sent []*store.Message
		for i := range 10 {
			sent = append(sent, newMessage(strings.Repeat("x", i+1)))
		}
		h.send(ref, t0, sent...)
		first := h.receive(ref, t0, 3)
		if len(first) != 3 {
			t.Fatalf("receive Max 3 returned %d messages", len(first))
		}
		rest := h.receive(ref, t0, 10)
		if len(rest) != 7 {
			t.Fatalf("receive Max 10 with 7 visible returned %d messages", len(rest))
		}
		wantSameIDs(t, append(first, rest...), sent...)
		h.wantNothing(ref, t0)
		h.wantCounts(ref, t0, 0, 10, 0)
	})
	t.Run("ReceiveBookkeeping", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("m"))
		first := h.receiveOne(ref, at(time.Second))
		second := h.receiveOne(ref, at(time.Second+visibility+time.Second))
		if first.ReceiveCount != 1 || second.ReceiveCount != 2 {
			t.Fatalf("receive counts %d then %d, want 1 then 2", first.ReceiveCount, second.ReceiveCount)
		}
		wantTime(t, "FirstReceivedAt on the second receive", second.FirstReceivedAt, at(time.Second))
		wantTime(t, "SentAt on the second receive", second.SentAt, t0)
		if first.ReceiptHandle == second.ReceiptHandle {
			t.Fatalf("both receives returned receipt handle %q", first.ReceiptHandle)
		}
	})
	t.Run("NextVisibleAtForDelayed", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.sendDelayed(ref, t0, 20*time.Second, newMessage("late"))
		h.sendDelayed(ref, t0, 10*time.Second, newMessage("early"))
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: at(time.Second), Max: 10, VisibilityTimeout: visibility})
		if len(res.Messages) != 0 {
			t.Fatalf("received %d delayed messages", len(res.Messages))
		}
		wantTime(t, "NextVisibleAt", res.NextVisibleAt, at(10*time.Second))
	})
	t.Run("NextVisibleAtForInFlight", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.send(ref, t0, newMessage("m"))
		h.receiveOne(ref, t0)
		h.sendDelayed(ref, t0, time.Minute, newMessage("delayed"))
		res := h.receiveWith(&store.MessageReceiveParams{Queue: ref, Now: at(time.Second), Max: 10, VisibilityTimeout: visibility})
		if len(res.Messages) != 0 {
			t.Fatalf("received %d messages, want none", len(res.Messages))
		}
		wantTime(t, "NextVisibleAt", res.NextVisibleAt, at(visibility))
	})
}

// fullMessage returns a message using every field a sender fills.
func fullMessage() *store.Message {
	return &store.Message{
		ID:   "3b0b6a5c-1c4e-4c5a-9d43-0d5e8c1f2a77",
		Body: "héllo, wörld — 你好 🌊\ttab\nnewline\r\u00a0end",
		Attributes: map[string]store.MessageAttribute{
			"name":         {DataType: "String", StringValue: "Zoë"},
			"count":        {DataType: "Number", StringValue: "-12.5e3"},
			"payload":      {DataType: "Binary", BinaryValue: []byte{0x00, 0xff, 0x10, 0x80, 0x00}},
			"doc.json":     {DataType: "String.json", StringValue: `{"a":[1,2]}`},
			"id_int":       {DataType: "Number.int64", StringValue: "9007199254740993"},
			"thumb-png":    {DataType: "Binary.png", BinaryValue: []byte("\x89PNG\r\n\x1a\n")},
			"empty-string": {DataType: "String", StringValue: " "},
		},
		TraceHeader:           "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
		MD5OfBody:             "0f343b0931126a20f133d67c2b018a3b",
		MD5OfAttributes:       "a18cbb58171ebf4ce88d9fb787f9210b",
		MD5OfSystemAttributes: "5ae4d5d7636402d80f4eb6d213245a88",
		SenderID:              "AIDAIENQZJOLO23YVJ4VO",
		GroupID:               "tenant-7",
	}
}

// newMessageLike returns a copy of m's sender fields, so that what the store
// does to the sent value cannot change the expectation.
func newMessageLike(m *store.Message) *store.Message {
	c := *m
	return &c
}

// wantSenderFields checks the fields the semantics layer fills.
func wantSenderFields(t *testing.T, got, want *store.Message) {
	t.Helper()
	type fields struct {
		ID, Body, TraceHeader, MD5OfBody, MD5OfAttributes, MD5OfSystemAttributes string
		SenderID, GroupID, DedupID                                               string
	}
	g := fields{got.ID, got.Body, got.TraceHeader, got.MD5OfBody, got.MD5OfAttributes, got.MD5OfSystemAttributes, got.SenderID, got.GroupID, got.DedupID}
	w := fields{want.ID, want.Body, want.TraceHeader, want.MD5OfBody, want.MD5OfAttributes, want.MD5OfSystemAttributes, want.SenderID, want.GroupID, want.DedupID}
	if g != w {
		t.Fatalf("received message fields\n%+v\nwant\n%+v", g, w)
	}
	wantAttributes(t, got.Attributes, want.Attributes)
}

// wantAttributes compares message attributes; nil and empty are the same,
// and so are nil and empty binary values.
func wantAttributes(t *testing.T, got, want map[string]store.MessageAttribute) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d attributes %v, want %d %v", len(got), got, len(want), want)
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok || g.DataType != w.DataType || g.StringValue != w.StringValue || !bytes.Equal(g.BinaryValue, w.BinaryValue) {
			t.Fatalf("attribute %q = %+v (present %v), want %+v", name, g, ok, w)
		}
	}
}
