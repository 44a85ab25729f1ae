// Package storetest is the conformance suite of the storage contract in
// package store: the executable form of what its doc comments promise. Every
// backend passes all of it; there are no opt-outs for semantics.
//
// A backend runs it from one of its _test.go files:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store {
//			s := openEmptyStore(t)
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// A store that keeps its data across a restart also implements Reopener, so
// the suite can check that what a successful call wrote survives one.
//
// Every subtest gets its own store. Time is a value the suite passes in the
// Now fields of the params, so nothing waits: "thirty seconds later" is
// t0.Add(30*time.Second). Times are whole milliseconds, the precision SQS
// exposes, so a backend may store milliseconds.
package storetest

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// newStoreFunc returns an empty, isolated store whose cleanup is registered
// on t.
type newStoreFunc func(t *testing.T) store.Store

// Run exercises a Store fully. newStore must return an empty, isolated store
// and register its own cleanup with t.Cleanup; it may implement Reopener.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	areas := []struct {
		name string
		run  func(*testing.T, newStoreFunc)
	}{
		{"Queue", runQueue},
		{"SendReceive", runSendReceive},
		{"Visibility", runVisibility},
		{"ReceiptHandle", runReceipt},
		{"FIFO", runFIFO},
		{"Redrive", runRedrive},
		{"Retention", runRetention},
		{"Concurrency", runConcurrency},
		{"Backlog", runBacklog},
		{"Peek", runPeek},
		{"Restart", runRestart},
		{"Close", runClose},
	}
	for _, area := range areas {
		t.Run(area.name, func(t *testing.T) {
			t.Parallel()
			area.run(t, newStore)
		})
	}
}

const (
	// defaultAccount owns the queues of most subtests.
	defaultAccount = "000000000000"
	// otherAccount is a second account, for isolation checks.
	otherAccount = "111111111111"
	// visibility is the visibility timeout of the receive helpers.
	visibility = 30 * time.Second
	// dedupWindow is the FIFO deduplication window of the send helpers.
	dedupWindow = 5 * time.Minute
)

// t0 is the time at which most subtests start.
var t0 = time.Date(2026, time.March, 14, 15, 9, 26, 535_000_000, time.UTC)

// at returns t0+d.
func at(d time.Duration) time.Time { return t0.Add(d) }

// harness is one subtest's store and context, with helpers that fail the
// test on unexpected errors. Its methods must run on the test goroutine.
type harness struct {
	t   *testing.T
	ctx context.Context
	s   store.Store
}

func newHarness(t *testing.T, newStore newStoreFunc) *harness {
	t.Helper()
	return &harness{t: t, ctx: t.Context(), s: newStore(t)}
}

// queue creates a queue of defaultAccount at t0; names ending in ".fifo" make
// FIFO queues.
func (h *harness) queue(name string) store.QueueRef {
	h.t.Helper()
	return h.queueIn(defaultAccount, name)
}

// queueIn creates a queue of account at t0.
func (h *harness) queueIn(account, name string) store.QueueRef {
	h.t.Helper()
	ref := store.QueueRef{Account: account, Name: name}
	_, err := h.s.QueueCreate(h.ctx, &store.QueueCreateParams{Ref: ref, FIFO: isFIFO(ref), Now: t0})
	if err != nil {
		h.t.Fatalf("QueueCreate(%v): %v", ref, err)
	}
	return ref
}

func isFIFO(ref store.QueueRef) bool { return strings.HasSuffix(ref.Name, ".fifo") }

// send sends msgs in one batch without delay.
func (h *harness) send(ref store.QueueRef, now time.Time, msgs ...*store.Message) []store.MessageSendResult {
	h.t.Helper()
	return h.sendDelayed(ref, now, 0, msgs...)
}

// sendDelayed sends msgs in one batch, each delayed by delay.
func (h *harness) sendDelayed(ref store.QueueRef, now time.Time, delay time.Duration, msgs ...*store.Message) []store.MessageSendResult {
	h.t.Helper()
	p := &store.MessageSendParams{Queue: ref, Now: now}
	if isFIFO(ref) {
		p.DedupWindow = dedupWindow
	}
	for _, m := range msgs {
		p.Entries = append(p.Entries, store.MessageSendEntry{Message: m, Delay: delay})
	}
	return h.sendWith(p)
}

func (h *harness) sendWith(p *store.MessageSendParams) []store.MessageSendResult {
	h.t.Helper()
	res, err := h.s.MessageSend(h.ctx, p)
	if err != nil {
		h.t.Fatalf("MessageSend(%v): %v", p.Queue, err)
	}
	if len(res) != len(p.Entries) {
		h.t.Fatalf("MessageSend(%v) returned %d results for %d entries", p.Queue, len(res), len(p.Entries))
	}
	return res
}

// receive receives up to max messages with the helper visibility timeout.
func (h *harness) receive(ref store.QueueRef, now time.Time, max int) []*store.Message {
	h.t.Helper()
	return h.receiveWith(&store.MessageReceiveParams{
		Queue: ref, Now: now, Max: max, VisibilityTimeout: visibility,
	}).Messages
}

func (h *harness) receiveWith(p *store.MessageReceiveParams) *store.MessageReceiveResult {
	h.t.Helper()
	res, err := h.s.MessageReceive(h.ctx, p)
	if err != nil {
		h.t.Fatalf("MessageReceive(%v, now=t0%+v): %v", p.Queue, p.Now.Sub(t0), err)
	}
	if len(res.Messages) > p.Max {
		h.t.Fatalf("MessageReceive(%v) returned %d messages, Max is %d", p.Queue, len(res.Messages), p.Max)
	}
	for _, m := range res.Messages {
		if m.ReceiptHandle == "" {
			h.t.Fatalf("MessageReceive(%v) returned message %s without a receipt handle", p.Queue, m.ID)
		}
	}
	return res
}

// receiveOne receives exactly one message, failing otherwise.
func (h *harness) receiveOne(ref store.QueueRef, now time.Time) *store.Message {
	h.t.Helper()
	got := h.receive(ref, now, 1)
	if len(got) != 1 {
		h.t.Fatalf("receive at t0%+v: got %d messages, want 1", now.Sub(t0), len(got))
	}
	return got[0]
}

// wantNothing fails unless a receive at now returns no message.
func (h *harness) wantNothing(ref store.QueueRef, now time.Time) {
	h.t.Helper()
	if got := h.receive(ref, now, 10); len(got) != 0 {
		h.t.Fatalf("receive at t0%+v: got %d messages (%v), want none", now.Sub(t0), len(got), ids(got))
	}
}

// deleteHandles deletes by handle and returns the per-entry errors.
func (h *harness) deleteHandles(ref store.QueueRef, now time.Time, handles ...string) []error {
	h.t.Helper()
	errs, err := h.s.MessageDelete(h.ctx, &store.MessageDeleteParams{Queue: ref, Now: now, ReceiptHandles: handles})
	if err != nil {
		h.t.Fatalf("MessageDelete(%v): %v", ref, err)
	}
	if len(errs) != len(handles) {
		h.t.Fatalf("MessageDelete(%v) returned %d entry errors for %d handles", ref, len(errs), len(handles))
	}
	return errs
}

// deleteMessages deletes received messages, failing on any entry error.
func (h *harness) deleteMessages(ref store.QueueRef, now time.Time, msgs ...*store.Message) {
	h.t.Helper()
	for i, err := range h.deleteHandles(ref, now, handles(msgs)...) {
		if err != nil {
			h.t.Fatalf("MessageDelete(%v) of message %s: %v", ref, msgs[i].ID, err)
		}
	}
}

// changeVisibility sets new deadlines and returns the per-entry errors.
func (h *harness) changeVisibility(ref store.QueueRef, now time.Time, entries ...store.VisibilityChange) []error {
	h.t.Helper()
	errs, err := h.s.MessageChangeVisibility(h.ctx, &store.MessageChangeVisibilityParams{Queue: ref, Now: now, Entries: entries})
	if err != nil {
		h.t.Fatalf("MessageChangeVisibility(%v): %v", ref, err)
	}
	if len(errs) != len(entries) {
		h.t.Fatalf("MessageChangeVisibility(%v) returned %d entry errors for %d entries", ref, len(errs), len(entries))
	}
	return errs
}

func (h *harness) stats(ref store.QueueRef, now time.Time) *store.QueueStats {
	h.t.Helper()
	st, err := h.s.QueueStats(h.ctx, ref, now)
	if err != nil {
		h.t.Fatalf("QueueStats(%v): %v", ref, err)
	}
	return st
}

// wantCounts checks a queue's message counts at now.
func (h *harness) wantCounts(ref store.QueueRef, now time.Time, visible, inFlight, delayed int64) {
	h.t.Helper()
	st := h.stats(ref, now)
	if st.Visible != visible || st.InFlight != inFlight || st.Delayed != delayed {
		h.t.Fatalf("QueueStats(%v) at t0%+v = visible %d, in flight %d, delayed %d; want %d, %d, %d",
			ref.Name, now.Sub(t0), st.Visible, st.InFlight, st.Delayed, visible, inFlight, delayed)
	}
}

func (h *harness) getQueue(ref store.QueueRef) *store.Queue {
	h.t.Helper()
	q, err := h.s.QueueGet(h.ctx, ref)
	if err != nil {
		h.t.Fatalf("QueueGet(%v): %v", ref, err)
	}
	return q
}

// newMessage returns a message as the semantics layer would fill it for a
// standard queue.
func newMessage(body string) *store.Message {
	return &store.Message{
		ID:        newID(),
		Body:      body,
		MD5OfBody: md5Hex(body),
		SenderID:  "AIDAIENQZJOLO23YVJ4VO",
	}
}

// newGroupMessage returns a FIFO message of group with a unique
// deduplication id.
func newGroupMessage(group, body string) *store.Message {
	m := newMessage(body)
	m.GroupID = group
	m.DedupID = "dedup-" + m.ID
	return m
}

// newID returns a random message id shaped like the UUIDs SQS uses.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func ids(msgs []*store.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.ID
	}
	return out
}

func handles(msgs []*store.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.ReceiptHandle
	}
	return out
}

// wantIDs checks that got holds the messages want, in that order.
func wantIDs(t *testing.T, got []*store.Message, want ...*store.Message) {
	t.Helper()
	if g, w := ids(got), ids(want); !slices.Equal(g, w) {
		t.Fatalf("got messages %v, want %v", g, w)
	}
}

// wantSameIDs checks that got holds the messages want, in any order.
func wantSameIDs(t *testing.T, got []*store.Message, want ...*store.Message) {
	t.Helper()
	g, w := ids(got), ids(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Fatalf("got messages %v, want %v (any order)", g, w)
	}
}

// wantErrs checks per-entry errors with errors.Is; a nil want means success.
func wantErrs(t *testing.T, got []error, want ...error) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d entry errors %v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if (want[i] == nil) != (got[i] == nil) || !errors.Is(got[i], want[i]) {
			t.Fatalf("entry %d: got error %v, want %v (all: %v)", i, got[i], want[i], got)
		}
	}
}

// wantErr checks a call's error with errors.Is.
func wantErr(t *testing.T, op string, got, want error) {
	t.Helper()
	if !errors.Is(got, want) {
		t.Fatalf("%s: got error %v, want %v", op, got, want)
	}
}

// wantTime checks a time with time.Equal.
func wantTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}
