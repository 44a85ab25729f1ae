package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sluicemq/sluice/internal/queue"
)

// Limits of the message routes.
const (
	defaultPeek = 20
	maxRepeat   = 10_000
	// batchBodyLimit is the body size above which repeats are sent one at
	// a time instead of in batches of ten (a batch holds 1 MiB at most).
	batchBodyLimit = 64 << 10
	batchSize      = 10
	shownIDs       = 10
)

// peekStates maps the state names of ?state= to store states.
var peekStates = map[string]queue.MessageState{
	"visible":   queue.MessageVisible,
	"in_flight": queue.MessageInFlight,
	"delayed":   queue.MessageDelayed,
}

// peek returns a page of a queue's (or, with dlq=true, its dead-letter
// queue's) messages, changing nothing.
func (a *API) peek(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	p := &queue.PeekParams{Queue: ref, After: q.Get("after"), Max: defaultPeek}
	if v := q.Get("max"); v != "" {
		if p.Max, err = strconv.Atoi(v); err != nil {
			return nil, errBadRequest("max=%q: want a number from 1 to 100", v)
		}
	}
	if v := q.Get("state"); v != "" {
		for _, name := range strings.Split(v, ",") {
			st, ok := peekStates[name]
			if !ok {
				return nil, errBadRequest("state=%q: want visible, in_flight or delayed, comma-separated", name)
			}
			p.States = append(p.States, st)
		}
	}
	if dlq, _ := strconv.ParseBool(q.Get("dlq")); dlq {
		if p.Queue, err = a.deadLetterOf(r, ref); err != nil {
			return nil, err
		}
	}
	res, err := a.opts.Queues.PeekMessages(r.Context(), p)
	if err != nil {
		return nil, err
	}
	out := Peek{Queue: QueueName{Account: p.Queue.Account, Name: p.Queue.Name}, Messages: []Message{}, Next: res.Next}
	for _, pm := range res.Messages {
		out.Messages = append(out.Messages, wireMessage(pm))
	}
	return out, nil
}

// deadLetterOf returns the dead-letter queue of ref's RedrivePolicy.
func (a *API) deadLetterOf(r *http.Request, ref queue.QueueRef) (queue.QueueRef, error) {
	attrs, err := a.opts.Queues.GetQueueAttributes(r.Context(), ref, []string{attrRedrivePolicy})
	if err != nil {
		return ref, err
	}
	dlq, ok := deadLetterQueue(attrs[attrRedrivePolicy])
	if !ok {
		return ref, errNotFound("queue %s has no dead-letter queue (no RedrivePolicy)", ref.Name)
	}
	return dlq, nil
}

// wireMessage is a peeked message as the API shows it.
func wireMessage(pm queue.PeekedMessage) Message {
	m := pm.Message
	out := Message{
		Key: pm.Key, MessageID: m.ID, Body: m.Body, State: pm.State.String(),
		ReceiveCount: m.ReceiveCount, SentAt: m.SentAt, GroupID: m.GroupID, DedupID: m.DedupID,
		SequenceNumber: m.SequenceNumber,
	}
	if !m.FirstReceivedAt.IsZero() {
		out.FirstReceivedAt = timePtr(m.FirstReceivedAt)
	}
	if !pm.VisibleAt.IsZero() {
		out.VisibleAt = timePtr(pm.VisibleAt)
	}
	if m.DeadLetterSource.Name != "" {
		out.DeadLetterSource = m.DeadLetterSource.Name
	}
	if len(m.Attributes) > 0 {
		out.Attributes = make(map[string]MessageAttribute, len(m.Attributes))
		for name, v := range m.Attributes {
			out.Attributes[name] = MessageAttribute{DataType: v.DataType, StringValue: v.StringValue, BinaryValue: v.BinaryValue}
		}
	}
	return out
}

func timePtr(t time.Time) *time.Time { return &t }

// send sends a test message, Repeat times, in batches of ten where the
// body allows.
func (a *API) send(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	var in Send
	if err := readJSON(r, &in); err != nil {
		return nil, err
	}
	if in.Repeat == 0 {
		in.Repeat = 1
	}
	if in.Repeat < 1 || in.Repeat > maxRepeat {
		return nil, errBadRequest("repeat %d: want 1 to %d", in.Repeat, maxRepeat)
	}
	per := batchSize
	if len(in.Body) > batchBodyLimit {
		per = 1
	}
	out := SendResult{MessageIDs: []string{}}
	for first := 0; first < in.Repeat; first += per {
		ids, err := a.sendChunk(r, ref, &in, first, min(per, in.Repeat-first))
		out.Sent += len(ids)
		for _, id := range ids {
			if len(out.MessageIDs) < shownIDs {
				out.MessageIDs = append(out.MessageIDs, id)
			}
		}
		if err != nil {
			if out.Sent > 0 {
				return nil, errBadRequest("sent %d of %d, then: %v", out.Sent, in.Repeat, err)
			}
			return nil, err
		}
	}
	return out, nil
}

// sendChunk sends copies first..first+n-1 of in, one SendMessage or one
// SendMessageBatch, and returns the ids sent.
func (a *API) sendChunk(r *http.Request, ref queue.QueueRef, in *Send, first, n int) ([]string, error) {
	entries := make([]queue.SendMessageEntry, n)
	for i := range entries {
		entries[i] = entryOf(in, first+i)
	}
	if n == 1 {
		res, err := a.opts.Queues.SendMessage(r.Context(), &queue.SendMessageParams{Queue: ref, Entry: entries[0]})
		if err != nil {
			return nil, err
		}
		return []string{res.MessageID}, nil
	}
	results, err := a.opts.Queues.SendMessageBatch(r.Context(), &queue.SendMessageBatchParams{Queue: ref, Entries: entries})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, res := range results {
		if res.Err != nil {
			return ids, res.Err
		}
		ids = append(ids, res.Result.MessageID)
	}
	return ids, nil
}

// entryOf is copy i of a send.
func entryOf(in *Send, i int) queue.SendMessageEntry {
	e := queue.SendMessageEntry{
		ID: "m" + strconv.Itoa(i), Body: in.Body, DelaySeconds: in.DelaySeconds,
		GroupID: in.GroupID, DedupID: in.DedupID,
	}
	if in.DedupID != "" && in.Repeat > 1 {
		e.DedupID = in.DedupID + "-" + strconv.Itoa(i+1)
	}
	if len(in.Attributes) > 0 {
		e.Attributes = make(map[string]queue.MessageAttribute, len(in.Attributes))
		for name, v := range in.Attributes {
			e.Attributes[name] = queue.MessageAttribute{DataType: v.DataType, StringValue: v.StringValue, BinaryValue: v.BinaryValue}
		}
	}
	return e
}

// removeMessage deletes one message by its peek key.
func (a *API) removeMessage(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	key := r.PathValue("key")
	if err := a.opts.Queues.RemoveMessage(r.Context(), ref, key); err != nil {
		return nil, err
	}
	return struct {
		Deleted string `json:"deleted"`
	}{key}, nil
}

// purge deletes every message of a queue (at most once a minute).
func (a *API) purge(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	if err := a.opts.Queues.PurgeQueue(r.Context(), ref); err != nil {
		return nil, err
	}
	return QueueName{Account: ref.Account, Name: ref.Name}, nil
}
