package workerprom_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/sluicemq/sluice/worker"
	"github.com/sluicemq/sluice/worker/workerprom"
)

func TestObserverCountsEventsAndDurations(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	observe := workerprom.New(reg).Observer("likes")
	observe(worker.Event{Kind: worker.Handled, Duration: 3 * time.Millisecond})
	observe(worker.Event{Kind: worker.Handled, Duration: 5 * time.Millisecond})
	observe(worker.Event{Kind: worker.Failed, Err: errors.New("boom"), Duration: time.Second})
	observe(worker.Event{Kind: worker.ReceiveFailed, Err: errors.New("down")})

	want := `
# HELP sluice_worker_events_total Events of worker consumers: messages handled, failed, given up, released, failed deletes and receives.
# TYPE sluice_worker_events_total counter
sluice_worker_events_total{kind="failed",queue="likes"} 1
sluice_worker_events_total{kind="handled",queue="likes"} 2
sluice_worker_events_total{kind="receive_failed",queue="likes"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "sluice_worker_events_total"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(reg, "sluice_worker_handler_duration_seconds"); n != 2 {
		t.Errorf("%d duration series, want 2 (handled, failed)", n)
	}
}
