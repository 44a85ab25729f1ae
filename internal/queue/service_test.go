package queue

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/store/pebblestore"
)

const testAccount = "000000000000"

var testStart = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// testBundle is a Service on a memory Pebble store and a fake clock.
type testBundle struct {
	svc *Service
	st  store.Store
	clk *clocktest.Fake
	ctx context.Context
}

func setup(t *testing.T, opts Options) *testBundle {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := pebblestore.Open("", pebblestore.Options{FS: vfs.NewMem(), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	clk := clocktest.New(testStart)
	if opts.Logger == nil {
		opts.Logger = quiet
	}
	svc := New(st, clk, opts)
	t.Cleanup(func() {
		svc.Close()
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	b := &testBundle{svc: svc, st: st, clk: clk, ctx: t.Context()}
	b.waitTimers(t, 1) // the retention sweeper is waiting
	return b
}

// waitTimers waits until n timers wait on the fake clock, so that a
// goroutine is known to be blocked before the test moves time.
func (b *testBundle) waitTimers(t *testing.T, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.clk.AwaitTimers(ctx, n); err != nil {
		t.Fatalf("%d timers never waited on the clock (%d do)", n, b.clk.Timers())
	}
}

func ref(name string) QueueRef { return QueueRef{Account: testAccount, Name: name} }

func (b *testBundle) create(t *testing.T, name string, attrs map[string]string) QueueRef {
	t.Helper()
	r := ref(name)
	if err := b.svc.CreateQueue(b.ctx, &CreateQueueParams{Queue: r, Attributes: attrs}); err != nil {
		t.Fatalf("CreateQueue(%s): %v", name, err)
	}
	return r
}

func (b *testBundle) send(t *testing.T, r QueueRef, e SendMessageEntry) *SendMessageResult {
	t.Helper()
	res, err := b.svc.SendMessage(b.ctx, &SendMessageParams{Queue: r, Entry: e})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	return res
}

func (b *testBundle) receive(t *testing.T, p *ReceiveMessageParams) []*Message {
	t.Helper()
	msgs, err := b.svc.ReceiveMessage(b.ctx, p)
	if err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	return msgs
}

func (b *testBundle) attributes(t *testing.T, r QueueRef, names ...string) map[string]string {
	t.Helper()
	attrs, err := b.svc.GetQueueAttributes(b.ctx, r, names)
	if err != nil {
		t.Fatalf("GetQueueAttributes: %v", err)
	}
	return attrs
}

func wantAttributes(t *testing.T, got map[string]string, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, got[k], v)
		}
	}
}

func bodies(msgs []*Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Body
	}
	return out
}
