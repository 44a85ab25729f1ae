package admin

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/sluicemq/sluice/internal/history"
	"github.com/sluicemq/sluice/internal/queue"
)

// defaultRange is the window of a history without range=.
const defaultRange = 5 * time.Minute

// historyRange reads range= (a duration from 10s to 24h).
func historyRange(r *http.Request) (time.Duration, error) {
	v := r.URL.Query().Get("range")
	if v == "" {
		return defaultRange, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 10*time.Second || d > history.MaxMinutesWindow {
		return 0, errBadRequest("range=%q: want a duration from 10s to 24h, such as 15m", v)
	}
	return d, nil
}

// queueHistory returns a queue's sends, receives and deletes per step and
// the backlog they imply.
func (a *API) queueHistory(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	d, err := historyRange(r)
	if err != nil {
		return nil, err
	}
	st, err := a.opts.Queues.Stats(r.Context(), ref)
	if err != nil {
		return nil, err
	}
	attrs, err := a.opts.Queues.GetQueueAttributes(r.Context(), ref, []string{attrDeliveryRate})
	if err != nil {
		return nil, err
	}
	res := history.QueueResource(ref)
	h := a.opts.History
	sent := h.Window(history.Key{Resource: res, Metric: history.Sent}, d)
	out := QueueHistory{
		Start: sent.Start, StepSeconds: int(sent.Step / time.Second), Sent: sent.Values,
		Received: h.Window(history.Key{Resource: res, Metric: history.Received}, d).Values,
		Deleted:  h.Window(history.Key{Resource: res, Metric: history.Deleted}, d).Values,
	}
	out.Backlog = backlog(st, out.Sent, out.Deleted)
	if v := attrs[attrDeliveryRate]; v != "" {
		if rate, err := strconv.ParseFloat(v, 64); err == nil {
			out.DeliveryRate = &rate
		}
	}
	return out, nil
}

// backlog estimates the messages stored at the end of each step: the depth
// now, then back step by step, taking out what was sent and putting back
// what was deleted in the step after. It is never below zero.
func backlog(st *queue.QueueStats, sent, deleted []uint32) []int64 {
	out := make([]int64, len(sent))
	b := st.Visible + st.InFlight + st.Delayed
	for i := len(sent) - 1; i >= 0; i-- {
		out[i] = max(b, 0)
		b = b - int64(sent[i]) + int64(deleted[i])
	}
	return out
}

// streamHistory returns a stream's records put per step, in total and per
// shard.
func (a *API) streamHistory(r *http.Request, c *caller) (any, error) {
	ref, err := streamRef(r, c)
	if err != nil {
		return nil, err
	}
	if _, err := a.opts.Streams.DescribeStreamSummary(r.Context(), ref); err != nil {
		return nil, err
	}
	d, err := historyRange(r)
	if err != nil {
		return nil, err
	}
	res := history.StreamResource(ref)
	h := a.opts.History
	total := h.Window(history.Key{Resource: res, Metric: history.Incoming}, d)
	out := StreamHistory{Start: total.Start, StepSeconds: int(total.Step / time.Second), Incoming: total.Values,
		Shards: map[string][]uint32{}}
	shards := h.Shards(res, history.Incoming)
	slices.Sort(shards)
	for _, id := range shards {
		out.Shards[id] = h.Window(history.Key{Resource: res, Metric: history.Incoming, Shard: id}, d).Values
	}
	return out, nil
}
