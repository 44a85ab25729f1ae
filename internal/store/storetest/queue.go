package storetest

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// runQueue covers QueueCreate, QueueGet, QueueList, QueueRefs, QueueUpdate,
// QueueDelete, QueuePurge, QueueStats and ErrQueueNotFound on every
// operation.
func runQueue(t *testing.T, newStore newStoreFunc) {
	runQueueCRUD(t, newStore)
	runQueueList(t, newStore)
	runQueueDelete(t, newStore)
	runQueuePurge(t, newStore)
	runQueueStats(t, newStore)
	runQueueNotFound(t, newStore)
}

func runQueueCRUD(t *testing.T, newStore newStoreFunc) {
	t.Run("CreateReturnsQueue", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := store.QueueRef{Account: defaultAccount, Name: "orders.fifo"}
		attrs := map[string]string{"VisibilityTimeout": "45", "ContentBasedDeduplication": "true"}
		tags := map[string]string{"team": "payments"}
		q, err := h.s.QueueCreate(h.ctx, &store.QueueCreateParams{Ref: ref, FIFO: true, Attributes: attrs, Tags: tags, Now: t0})
		if err != nil {
			t.Fatalf("QueueCreate: %v", err)
		}
		wantQueue(t, "QueueCreate", q, ref, true, attrs, tags)
		wantTime(t, "CreatedAt", q.CreatedAt, t0)
		wantTime(t, "ModifiedAt", q.ModifiedAt, t0)
		wantTime(t, "PurgedAt", q.PurgedAt, time.Time{})
		got := h.getQueue(ref)
		wantQueue(t, "QueueGet", got, ref, true, attrs, tags)
		wantTime(t, "QueueGet CreatedAt", got.CreatedAt, t0)
	})
	t.Run("CreateExistingChangesNothing", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := store.QueueRef{Account: defaultAccount, Name: "orders"}
		attrs := map[string]string{"VisibilityTimeout": "30"}
		if _, err := h.s.QueueCreate(h.ctx, &store.QueueCreateParams{Ref: ref, Attributes: attrs, Now: t0}); err != nil {
			t.Fatalf("QueueCreate: %v", err)
		}
		q, err := h.s.QueueCreate(h.ctx, &store.QueueCreateParams{
			Ref:        ref,
			Attributes: map[string]string{"VisibilityTimeout": "60", "DelaySeconds": "5"},
			Tags:       map[string]string{"env": "prod"},
			Now:        at(time.Minute),
		})
		wantErr(t, "second QueueCreate", err, store.ErrQueueExists)
		if q == nil {
			t.Fatal("second QueueCreate returned no queue with ErrQueueExists")
		}
		wantQueue(t, "second QueueCreate", q, ref, false, attrs, nil)
		wantTime(t, "second QueueCreate CreatedAt", q.CreatedAt, t0)
		got := h.getQueue(ref)
		wantQueue(t, "QueueGet", got, ref, false, attrs, nil)
		wantTime(t, "QueueGet ModifiedAt", got.ModifiedAt, t0)
	})
	t.Run("SameNameInTwoAccounts", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		a := store.QueueRef{Account: defaultAccount, Name: "jobs"}
		b := store.QueueRef{Account: otherAccount, Name: "jobs"}
		for _, ref := range []store.QueueRef{a, b} {
			attrs := map[string]string{"Owner": ref.Account}
			if _, err := h.s.QueueCreate(h.ctx, &store.QueueCreateParams{Ref: ref, Attributes: attrs, Now: t0}); err != nil {
				t.Fatalf("QueueCreate(%v): %v", ref, err)
			}
		}
		for _, ref := range []store.QueueRef{a, b} {
			wantQueue(t, "QueueGet", h.getQueue(ref), ref, false, map[string]string{"Owner": ref.Account}, nil)
		}
		h.send(a, t0, newMessage("for a"))
		h.wantCounts(b, t0, 0, 0, 0)
		h.wantNothing(b, t0)
	})
	t.Run("GetMissing", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		h.queue("present")
		for _, ref := range []store.QueueRef{
			{Account: defaultAccount, Name: "absent"},
			{Account: otherAccount, Name: "present"},
			{Account: defaultAccount, Name: "pres"},
			{Account: defaultAccount, Name: "present-dlq"},
		} {
			_, err := h.s.QueueGet(h.ctx, ref)
			wantErr(t, "QueueGet("+ref.Account+"/"+ref.Name+")", err, store.ErrQueueNotFound)
		}
	})
	t.Run("UpdateMergesAttributes", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := store.QueueRef{Account: defaultAccount, Name: "q"}
		_, err := h.s.QueueCreate(h.ctx, &store.QueueCreateParams{
			Ref: ref, Now: t0,
			Attributes: map[string]string{"DelaySeconds": "1", "VisibilityTimeout": "30", "Policy": "{}"},
			Tags:       map[string]string{"env": "dev"},
		})
		if err != nil {
			t.Fatalf("QueueCreate: %v", err)
		}
		q, err := h.s.QueueUpdate(h.ctx, &store.QueueUpdateParams{
			Ref:           ref,
			SetAttributes: map[string]string{"VisibilityTimeout": "60", "MessageRetentionPeriod": "600", "Policy": ""},
			Now:           at(time.Hour),
		})
		if err != nil {
			t.Fatalf("QueueUpdate: %v", err)
		}
		want := map[string]string{"DelaySeconds": "1", "VisibilityTimeout": "60", "MessageRetentionPeriod": "600"}
		tags := map[string]string{"env": "dev"}
		wantQueue(t, "QueueUpdate", q, ref, false, want, tags)
		wantTime(t, "QueueUpdate ModifiedAt", q.ModifiedAt, at(time.Hour))
		wantTime(t, "QueueUpdate CreatedAt", q.CreatedAt, t0)
		got := h.getQueue(ref)
		wantQueue(t, "QueueGet", got, ref, false, want, tags)
		wantTime(t, "QueueGet ModifiedAt", got.ModifiedAt, at(time.Hour))
	})
	t.Run("UpdateTags", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := store.QueueRef{Account: defaultAccount, Name: "q"}
		attrs := map[string]string{"DelaySeconds": "3"}
		_, err := h.s.QueueCreate(h.ctx, &store.QueueCreateParams{
			Ref: ref, Now: t0, Attributes: attrs,
			Tags: map[string]string{"env": "prod", "team": "a", "cost": "1"},
		})
		if err != nil {
			t.Fatalf("QueueCreate: %v", err)
		}
		q, err := h.s.QueueUpdate(h.ctx, &store.QueueUpdateParams{
			Ref:        ref,
			SetTags:    map[string]string{"team": "b", "owner": "ops", "blank": ""},
			RemoveTags: []string{"env", "never-set"},
			Now:        at(time.Minute),
		})
		if err != nil {
			t.Fatalf("QueueUpdate: %v", err)
		}
		tags := map[string]string{"team": "b", "cost": "1", "owner": "ops", "blank": ""} // "" is a value
		wantQueue(t, "QueueUpdate", q, ref, false, attrs, tags)
		wantQueue(t, "QueueGet", h.getQueue(ref), ref, false, attrs, tags)
	})
}

func runQueueList(t *testing.T, newStore newStoreFunc) {
	t.Run("ListPrefixAfterLimit", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		for _, name := range []string{"b", "ab", "a-1", "c", "a", "b.fifo"} {
			h.queue(name)
		}
		for _, tc := range []struct {
			p    store.QueueListParams
			want []string
		}{
			{store.QueueListParams{}, []string{"a", "a-1", "ab", "b", "b.fifo", "c"}},
			{store.QueueListParams{Prefix: "a"}, []string{"a", "a-1", "ab"}},
			{store.QueueListParams{Prefix: "b"}, []string{"b", "b.fifo"}},
			{store.QueueListParams{Prefix: "x"}, nil},
			{store.QueueListParams{Prefix: "a", After: "a"}, []string{"a-1", "ab"}},
			{store.QueueListParams{Prefix: "a", Limit: 2}, []string{"a", "a-1"}},
			{store.QueueListParams{After: "a-1", Limit: 2}, []string{"ab", "b"}},
			{store.QueueListParams{After: "aa"}, []string{"ab", "b", "b.fifo", "c"}},
			{store.QueueListParams{After: "c"}, nil},
			{store.QueueListParams{Limit: 100}, []string{"a", "a-1", "ab", "b", "b.fifo", "c"}},
		} {
			tc.p.Account = defaultAccount
			got := h.listNames(&tc.p)
			if !slices.Equal(got, tc.want) {
				t.Errorf("QueueList(prefix %q, after %q, limit %d) = %q, want %q",
					tc.p.Prefix, tc.p.After, tc.p.Limit, got, tc.want)
			}
		}
	})
	t.Run("ListIsPerAccount", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		h.queueIn(defaultAccount, "q1")
		h.queueIn(defaultAccount, "q2")
		_, err := h.s.QueueCreate(h.ctx, &store.QueueCreateParams{
			Ref: store.QueueRef{Account: otherAccount, Name: "q1"}, Now: t0,
			Attributes: map[string]string{"DelaySeconds": "7"}, Tags: map[string]string{"env": "test"},
		})
		if err != nil {
			t.Fatalf("QueueCreate: %v", err)
		}
		h.queueIn(otherAccount, "x")
		q, err := h.s.QueueList(h.ctx, &store.QueueListParams{Account: otherAccount})
		if err != nil {
			t.Fatalf("QueueList: %v", err)
		}
		for _, got := range q {
			if got.Ref.Account != otherAccount {
				t.Fatalf("QueueList(%s) returned %v", otherAccount, got.Ref)
			}
			// List returns whole queues, as Get does.
			want := h.getQueue(got.Ref)
			wantQueue(t, "QueueList", got, want.Ref, want.FIFO, want.Attributes, want.Tags)
			wantTime(t, "QueueList CreatedAt", got.CreatedAt, want.CreatedAt)
		}
		if got, want := h.listNames(&store.QueueListParams{Account: defaultAccount}), []string{"q1", "q2"}; !slices.Equal(got, want) {
			t.Fatalf("QueueList(%s) = %q, want %q", defaultAccount, got, want)
		}
		if got := h.listNames(&store.QueueListParams{Account: "222222222222"}); len(got) != 0 {
			t.Fatalf("QueueList of an account without queues = %q, want none", got)
		}
	})
	t.Run("AccountsSharingAPrefixAreSeparate", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		short := h.queueIn("1", "2q")
		long := h.queueIn("12", "q")
		if got := h.listNames(&store.QueueListParams{Account: "1"}); !slices.Equal(got, []string{"2q"}) {
			t.Fatalf("QueueList(1) = %q, want [2q]", got)
		}
		if got := h.listNames(&store.QueueListParams{Account: "12"}); !slices.Equal(got, []string{"q"}) {
			t.Fatalf("QueueList(12) = %q, want [q]", got)
		}
		h.send(short, t0, newMessage("short"))
		h.wantCounts(long, t0, 0, 0, 0)
		if err := h.s.QueueDelete(h.ctx, long); err != nil {
			t.Fatalf("QueueDelete: %v", err)
		}
		h.getQueue(short)
		h.wantCounts(short, t0, 1, 0, 0)
	})
	t.Run("RefsCoverEveryAccount", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		if got := h.queueRefs(); len(got) != 0 {
			t.Fatalf("QueueRefs of an empty store = %v, want none", got)
		}
		want := []store.QueueRef{
			h.queueIn(defaultAccount, "a"),
			h.queueIn(defaultAccount, "b.fifo"),
			h.queueIn(otherAccount, "a"),
			h.queueIn("1", "2q"),
			h.queueIn("12", "q"),
		}
		// An account whose only queue is deleted, and a deleted queue
		// beside live ones, appear nowhere.
		for _, ref := range []store.QueueRef{h.queueIn("222222222222", "gone"), h.queueIn(defaultAccount, "gone")} {
			if err := h.s.QueueDelete(h.ctx, ref); err != nil {
				t.Fatalf("QueueDelete(%v): %v", ref, err)
			}
		}
		if got := h.queueRefs(); !slices.Equal(got, sortRefs(want)) {
			t.Fatalf("QueueRefs = %v, want %v", got, sortRefs(want))
		}
	})
}

// queueRefs returns QueueRefs sorted by account, then name.
func (h *harness) queueRefs() []store.QueueRef {
	h.t.Helper()
	refs, err := h.s.QueueRefs(h.ctx)
	if err != nil {
		h.t.Fatalf("QueueRefs: %v", err)
	}
	return sortRefs(refs)
}

// sortRefs sorts refs by account, then name, and returns them.
func sortRefs(refs []store.QueueRef) []store.QueueRef {
	slices.SortFunc(refs, func(a, b store.QueueRef) int {
		return cmp.Or(strings.Compare(a.Account, b.Account), strings.Compare(a.Name, b.Name))
	})
	return refs
}

func runQueueDelete(t *testing.T, newStore newStoreFunc) {
	t.Run("DeleteRemovesQueueAndMessages", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("orders")
		neighbours := []store.QueueRef{h.queue("orders-dlq"), h.queue("order"), h.queueIn(otherAccount, "orders")}
		h.send(ref, t0, newMessage("visible"), newMessage("in flight"))
		h.sendDelayed(ref, t0, time.Minute, newMessage("delayed"))
		h.receiveOne(ref, t0)
		for _, n := range neighbours {
			h.send(n, t0, newMessage("neighbour of "+n.Name))
		}
		if err := h.s.QueueDelete(h.ctx, ref); err != nil {
			t.Fatalf("QueueDelete: %v", err)
		}
		_, err := h.s.QueueGet(h.ctx, ref)
		wantErr(t, "QueueGet after delete", err, store.ErrQueueNotFound)
		if names := h.listNames(&store.QueueListParams{Account: defaultAccount}); slices.Contains(names, "orders") {
			t.Fatalf("QueueList after delete = %q, still lists orders", names)
		}
		for _, n := range neighbours {
			h.wantCounts(n, t0, 1, 0, 0)
		}
		h.queue("orders")
		h.wantCounts(ref, at(time.Hour), 0, 0, 0)
		h.wantNothing(ref, at(time.Hour))
	})
	t.Run("DeleteThenRecreateIsEmptyFIFO", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("orders.fifo")
		old := newGroupMessage("g", "old")
		h.send(ref, t0, old)
		if err := h.s.QueueDelete(h.ctx, ref); err != nil {
			t.Fatalf("QueueDelete: %v", err)
		}
		h.queue("orders.fifo")
		h.wantNothing(ref, t0)
		// The deduplication history went with the queue.
		again := newGroupMessage("g", "again")
		again.DedupID = old.DedupID
		if res := h.send(ref, at(time.Second), again); res[0].Duplicate {
			t.Fatal("send to the re-created queue was deduplicated against the deleted queue")
		}
		wantIDs(t, h.receive(ref, at(time.Second), 10), again)
	})
}

func runQueuePurge(t *testing.T, newStore newStoreFunc) {
	t.Run("PurgeEmptiesQueue", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		other := h.queue("q2")
		h.send(ref, t0, newMessage("a"), newMessage("b"))
		h.sendDelayed(ref, t0, time.Hour, newMessage("delayed"))
		h.send(other, t0, newMessage("other"))
		h.receiveOne(ref, t0)
		h.wantCounts(ref, t0, 1, 1, 1)
		purgeAt := at(time.Second)
		if err := h.s.QueuePurge(h.ctx, &store.QueuePurgeParams{Ref: ref, Now: purgeAt, MinInterval: time.Minute}); err != nil {
			t.Fatalf("QueuePurge: %v", err)
		}
		h.wantCounts(ref, purgeAt, 0, 0, 0)
		h.wantNothing(ref, at(2*time.Hour))
		wantTime(t, "PurgedAt", h.getQueue(ref).PurgedAt, purgeAt)
		h.wantCounts(other, purgeAt, 1, 0, 0)
		kept := newMessage("after purge")
		h.send(ref, at(3*time.Hour), kept)
		wantIDs(t, h.receive(ref, at(3*time.Hour), 10), kept)
	})
	t.Run("PurgeWithinIntervalFails", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		purge := func(now time.Time) error {
			return h.s.QueuePurge(h.ctx, &store.QueuePurgeParams{Ref: ref, Now: now, MinInterval: time.Minute})
		}
		if err := purge(t0); err != nil {
			t.Fatalf("first QueuePurge: %v", err)
		}
		h.send(ref, at(time.Second), newMessage("sent after the purge"))
		wantErr(t, "QueuePurge 59s later", purge(at(59*time.Second)), store.ErrPurgeInProgress)
		h.wantCounts(ref, at(59*time.Second), 1, 0, 0)
		wantTime(t, "PurgedAt after refused purge", h.getQueue(ref).PurgedAt, t0)
		// "less than MinInterval before Now": exactly MinInterval later is allowed.
		if err := purge(at(time.Minute)); err != nil {
			t.Fatalf("QueuePurge MinInterval later: %v", err)
		}
		h.wantCounts(ref, at(time.Minute), 0, 0, 0)
		wantTime(t, "PurgedAt", h.getQueue(ref).PurgedAt, at(time.Minute))
	})
}

func runQueueStats(t *testing.T, newStore newStoreFunc) {
	t.Run("StatsFollowTime", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		h.wantCounts(ref, t0, 0, 0, 0)
		h.send(ref, t0, newMessage("a"), newMessage("b"))
		h.sendDelayed(ref, t0, 10*time.Second, newMessage("delayed"))
		h.wantCounts(ref, t0, 2, 0, 1)
		got := h.receiveOne(ref, t0)
		h.wantCounts(ref, t0, 1, 1, 1)
		h.deleteMessages(ref, at(time.Second), got)
		h.wantCounts(ref, at(time.Second), 1, 0, 1)
		h.wantCounts(ref, at(10*time.Second), 2, 0, 0)
		h.receiveOne(ref, at(10*time.Second))
		h.wantCounts(ref, at(10*time.Second), 1, 1, 0)
		h.wantCounts(ref, at(10*time.Second+visibility-time.Millisecond), 1, 1, 0)
		h.wantCounts(ref, at(10*time.Second+visibility+time.Second), 2, 0, 0)
	})
	t.Run("StatsOldestSentAt", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		ref := h.queue("q")
		wantTime(t, "OldestSentAt of an empty queue", h.stats(ref, t0).OldestSentAt, time.Time{})
		h.send(ref, t0, newMessage("first"))
		first := h.receiveOne(ref, t0)
		h.sendDelayed(ref, at(5*time.Second), time.Minute, newMessage("second"))
		// The oldest message is in flight; it still counts.
		wantTime(t, "OldestSentAt", h.stats(ref, at(6*time.Second)).OldestSentAt, t0)
		h.deleteMessages(ref, at(6*time.Second), first)
		wantTime(t, "OldestSentAt after delete", h.stats(ref, at(6*time.Second)).OldestSentAt, at(5*time.Second))
		second := h.receiveOne(ref, at(2*time.Minute))
		h.deleteMessages(ref, at(2*time.Minute), second)
		wantTime(t, "OldestSentAt when empty again", h.stats(ref, at(2*time.Minute)).OldestSentAt, time.Time{})
	})
}

func (h *harness) listNames(p *store.QueueListParams) []string {
	h.t.Helper()
	qs, err := h.s.QueueList(h.ctx, p)
	if err != nil {
		h.t.Fatalf("QueueList(%+v): %v", *p, err)
	}
	var names []string
	for _, q := range qs {
		names = append(names, q.Ref.Name)
	}
	return names
}

// wantQueue checks a queue's identity, type, attributes and tags. nil and
// empty maps are the same.
func wantQueue(t *testing.T, op string, q *store.Queue, ref store.QueueRef, fifo bool, attrs, tags map[string]string) {
	t.Helper()
	if q.Ref != ref || q.FIFO != fifo {
		t.Fatalf("%s: queue %v FIFO=%v, want %v FIFO=%v", op, q.Ref, q.FIFO, ref, fifo)
	}
	if !maps.Equal(q.Attributes, attrs) {
		t.Fatalf("%s: attributes %v, want %v", op, q.Attributes, attrs)
	}
	if !maps.Equal(q.Tags, tags) {
		t.Fatalf("%s: tags %v, want %v", op, q.Tags, tags)
	}
}

func runQueueNotFound(t *testing.T, newStore newStoreFunc) {
	t.Run("EveryOperationOnAMissingQueue", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, newStore)
		present := h.queue("present")
		h.send(present, t0, newMessage("kept"))
		// The same name in another account is another, missing queue.
		missing := store.QueueRef{Account: otherAccount, Name: "present"}
		for name, call := range missingQueueCalls(h, present, missing) {
			wantErr(t, name, call(), store.ErrQueueNotFound)
		}
		h.wantCounts(present, t0, 1, 0, 0)
		if names := h.listNames(&store.QueueListParams{Account: otherAccount}); len(names) != 0 {
			t.Fatalf("failed calls created queues %q", names)
		}
	})
}

// missingQueueCalls returns every operation that names a queue, aimed at
// missing; present is an existing queue for the operations that name two.
func missingQueueCalls(h *harness, present, missing store.QueueRef) map[string]func() error {
	ctx, dest := h.ctx, &missing
	return map[string]func() error{
		"QueueGet": func() error { _, err := h.s.QueueGet(ctx, missing); return err },
		"QueueUpdate": func() error {
			_, err := h.s.QueueUpdate(ctx, &store.QueueUpdateParams{Ref: missing, SetAttributes: map[string]string{"DelaySeconds": "1"}, Now: t0})
			return err
		},
		"QueueDelete": func() error { return h.s.QueueDelete(ctx, missing) },
		"QueuePurge":  func() error { return h.s.QueuePurge(ctx, &store.QueuePurgeParams{Ref: missing, Now: t0}) },
		"QueueStats":  func() error { _, err := h.s.QueueStats(ctx, missing, t0); return err },
		"MessageSend": func() error {
			entries := []store.MessageSendEntry{{Message: newMessage("lost")}}
			_, err := h.s.MessageSend(ctx, &store.MessageSendParams{Queue: missing, Now: t0, Entries: entries})
			return err
		},
		"MessageReceive": func() error {
			_, err := h.s.MessageReceive(ctx, &store.MessageReceiveParams{Queue: missing, Now: t0, Max: 10, VisibilityTimeout: visibility})
			return err
		},
		"MessageDelete": func() error {
			_, err := h.s.MessageDelete(ctx, &store.MessageDeleteParams{Queue: missing, Now: t0, ReceiptHandles: []string{"garbage"}})
			return err
		},
		"MessageChangeVisibility": func() error {
			entries := []store.VisibilityChange{{ReceiptHandle: "garbage", Timeout: time.Second}}
			_, err := h.s.MessageChangeVisibility(ctx, &store.MessageChangeVisibilityParams{Queue: missing, Now: t0, Entries: entries})
			return err
		},
		"MessageMove from a missing queue": func() error {
			_, err := h.s.MessageMove(ctx, &store.MessageMoveParams{Source: missing, Destination: &present, Now: t0, Max: 10})
			return err
		},
		"MessageMove to a missing queue": func() error {
			_, err := h.s.MessageMove(ctx, &store.MessageMoveParams{Source: present, Destination: dest, Now: t0, Max: 10})
			return err
		},
		"MessageExpire": func() error {
			_, err := h.s.MessageExpire(ctx, &store.MessageExpireParams{Queue: missing, Now: t0, Retention: time.Minute, Max: 10})
			return err
		},
	}
}
