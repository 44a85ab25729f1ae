package admin

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/sluicemq/sluice/internal/history"
	"github.com/sluicemq/sluice/internal/queue"
)

// Attribute names the API reads.
const (
	attrRedrivePolicy = "RedrivePolicy"
	attrDeliveryRate  = "SluiceDeliveryRate"
	attrFifoQueue     = "FifoQueue"
)

// rateWindow is the window of the rates lists show; sparkWindow that of
// their sparklines.
const (
	rateWindow  = 10 * time.Second
	sparkWindow = time.Minute
)

// accountRE matches an account id.
var accountRE = regexp.MustCompile(`^\d{12}$`)

// accounts lists the accounts c sees.
func (a *API) accounts(ctx context.Context, c *caller) ([]string, error) {
	if c.account != "" {
		return []string{c.account}, nil
	}
	if a.opts.Accounts == nil {
		return []string{DefaultAccount}, nil
	}
	list, err := a.opts.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(list, DefaultAccount) {
		list = append(list, DefaultAccount)
	}
	slices.Sort(list)
	return slices.Compact(list), nil
}

// queueRef reads the queue a request names, answering 404 for one the
// caller may not see.
func queueRef(r *http.Request, c *caller) (queue.QueueRef, error) {
	ref := queue.QueueRef{Account: r.PathValue("account"), Name: r.PathValue("name")}
	if !c.may(ref.Account) {
		return ref, errNotFound("The specified queue does not exist.")
	}
	return ref, nil
}

// listQueues lists the queues of every account the caller sees.
func (a *API) listQueues(r *http.Request, c *caller) (any, error) {
	accounts, err := a.accounts(r.Context(), c)
	if err != nil {
		return nil, err
	}
	out := QueueList{Queues: []QueueSummary{}}
	for _, account := range accounts {
		res, err := a.opts.Queues.ListQueues(r.Context(), &queue.ListQueuesParams{Account: account})
		if err != nil {
			return nil, err
		}
		for _, ref := range res.Queues {
			sum, _, err := a.summary(r, ref)
			if err != nil {
				continue // deleted meanwhile
			}
			out.Queues = append(out.Queues, sum)
		}
	}
	return out, nil
}

// summary describes one queue; it also returns its attributes.
func (a *API) summary(r *http.Request, ref queue.QueueRef) (QueueSummary, map[string]string, error) {
	ctx := r.Context()
	attrs, err := a.opts.Queues.GetQueueAttributes(ctx, ref, []string{"All"})
	if err != nil {
		return QueueSummary{}, nil, err
	}
	st, err := a.opts.Queues.Stats(ctx, ref)
	if err != nil {
		return QueueSummary{}, nil, err
	}
	sum := QueueSummary{
		QueueName: QueueName{Account: ref.Account, Name: ref.Name},
		URL:       a.endpoint(r) + "/" + ref.Account + "/" + ref.Name,
		FIFO:      attrs[attrFifoQueue] == "true",
		Visible:   st.Visible, InFlight: st.InFlight, Delayed: st.Delayed,
		DeliveryRate: attrs[attrDeliveryRate],
	}
	if !st.OldestSentAt.IsZero() {
		sum.OldestAgeSeconds = max(a.opts.Clock.Now().Sub(st.OldestSentAt).Seconds(), 0)
	}
	if dlq, ok := deadLetterQueue(attrs[attrRedrivePolicy]); ok {
		d := &DeadLetterQueue{QueueName: QueueName{Account: dlq.Account, Name: dlq.Name}, Depth: -1}
		if dst, err := a.opts.Queues.Stats(ctx, dlq); err == nil {
			d.Depth = dst.Visible + dst.InFlight + dst.Delayed
		}
		sum.DeadLetterQueue = d
	}
	res := history.QueueResource(ref)
	h := a.opts.History
	sum.InRate = h.Rate(history.Key{Resource: res, Metric: history.Sent}, rateWindow)
	sum.ReceiveRate = h.Rate(history.Key{Resource: res, Metric: history.Received}, rateWindow)
	sum.OutRate = h.Rate(history.Key{Resource: res, Metric: history.Deleted}, rateWindow)
	sum.SparkIn = h.Window(history.Key{Resource: res, Metric: history.Sent}, sparkWindow).Values
	sum.SparkOut = h.Window(history.Key{Resource: res, Metric: history.Deleted}, sparkWindow).Values
	return sum, attrs, nil
}

// deadLetterQueue reads the dead-letter queue of a RedrivePolicy.
func deadLetterQueue(policy string) (queue.QueueRef, bool) {
	if policy == "" {
		return queue.QueueRef{}, false
	}
	var p struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	}
	if json.Unmarshal([]byte(policy), &p) != nil {
		return queue.QueueRef{}, false
	}
	return parseQueueArn(p.DeadLetterTargetArn)
}

// parseQueueArn reads arn:aws:sqs:region:account:name.
func parseQueueArn(arn string) (queue.QueueRef, bool) {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sqs" || parts[5] == "" {
		return queue.QueueRef{}, false
	}
	return queue.QueueRef{Account: parts[4], Name: parts[5]}, true
}

// getQueue describes one queue with its attributes, tags and dead-letter
// sources.
func (a *API) getQueue(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	sum, attrs, err := a.summary(r, ref)
	if err != nil {
		return nil, err
	}
	tags, err := a.opts.Queues.ListQueueTags(r.Context(), ref)
	if err != nil {
		return nil, err
	}
	out := QueueDetail{QueueSummary: sum, Attributes: attrs, Tags: tags}
	sources, err := a.opts.Queues.ListDeadLetterSourceQueues(r.Context(), &queue.ListDeadLetterSourceQueuesParams{Queue: ref})
	if err == nil {
		for _, s := range sources.Queues {
			out.DeadLetterSources = append(out.DeadLetterSources, QueueName{Account: s.Account, Name: s.Name})
		}
	}
	return out, nil
}

// createQueue creates a queue in the caller's account (or, open, in the
// account named).
func (a *API) createQueue(r *http.Request, c *caller) (any, error) {
	var in CreateQueue
	if err := readJSON(r, &in); err != nil {
		return nil, err
	}
	account := in.Account
	switch {
	case account == "" && c.account != "":
		account = c.account
	case account == "":
		account = DefaultAccount
	case !accountRE.MatchString(account):
		return nil, errBadRequest("account %q is not a 12-digit account id", account)
	case !c.may(account):
		return nil, errForbidden("a session of account %s cannot create queues of account %s", c.account, account)
	}
	ref := queue.QueueRef{Account: account, Name: in.Name}
	err := a.opts.Queues.CreateQueue(r.Context(), &queue.CreateQueueParams{Queue: ref, Attributes: in.Attributes, Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	sum, _, err := a.summary(r, ref)
	return sum, err
}

// deleteQueue deletes a queue.
func (a *API) deleteQueue(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	if err := a.opts.Queues.DeleteQueue(r.Context(), ref); err != nil {
		return nil, err
	}
	return QueueName{Account: ref.Account, Name: ref.Name}, nil
}

// setAttributes changes attributes, SluiceDeliveryRate among them.
func (a *API) setAttributes(r *http.Request, c *caller) (any, error) {
	ref, err := queueRef(r, c)
	if err != nil {
		return nil, err
	}
	var in SetAttributes
	if err := readJSON(r, &in); err != nil {
		return nil, err
	}
	if len(in.Attributes) == 0 {
		return nil, errBadRequest("no attributes to set")
	}
	if err := a.opts.Queues.SetQueueAttributes(r.Context(), ref, in.Attributes); err != nil {
		return nil, err
	}
	return a.getQueue(r, c)
}
