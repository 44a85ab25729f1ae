package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/sluicemq/sluice/internal/admin"
)

// queueVerbs are the subcommands of "sluice queue".
var queueVerbs = []verb{
	{"ls", "list queues with their depths and rates", runQueueList},
	{"peek", "show a queue's messages without receiving them", runQueuePeek},
	{"send", "send a test message, or a burst of them", runQueueSend},
	{"purge", "delete every message of a queue", runQueuePurge},
	{"redrive", "move a dead-letter queue's messages back", runQueueRedrive},
}

// commandVerbs are the subcommands of the commands that have them.
func commandVerbs() map[string][]verb {
	return map[string][]verb{"queue": queueVerbs, "stream": streamVerbs}
}

// verb is one subcommand of an admin command.
type verb struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdio IO) error
}

// runQueue runs "sluice queue VERB".
func runQueue(ctx context.Context, args []string, stdio IO) error {
	return runVerb(ctx, "queue", queueVerbs, args, stdio)
}

// runVerb runs the verb args[0] of command name.
func runVerb(ctx context.Context, name string, verbs []verb, args []string, stdio IO) error {
	if len(args) > 0 {
		for _, v := range verbs {
			if v.name == args[0] {
				return v.run(ctx, args[1:], stdio)
			}
		}
	}
	w := stdio.Err
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		w = stdio.Out
	} else if len(args) > 0 {
		fmt.Fprintf(w, "sluice %s: unknown subcommand %q\n\n", name, args[0])
	}
	fmt.Fprintf(w, "Usage: sluice %s <subcommand> [flags]\n\nSubcommands:\n", name)
	for _, v := range verbs {
		fmt.Fprintf(w, "  %-9s %s\n", v.name, v.summary)
	}
	fmt.Fprintf(w, "\nRun \"sluice %s <subcommand> -h\" for its flags.\n", name)
	printExamples(w, name)
	if w == stdio.Out {
		return nil
	}
	return errUsage
}

func runQueueList(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("queue ls", stdio)
	f := addAdminFlags(fs)
	fs.Usage = adminUsage(fs, "Usage: sluice queue ls [flags]\n\nLists the queues with their depths and rates per second (last 10 s).\n")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 0, "no arguments"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *f.timeout)
	defer cancel()
	s, err := f.connect(ctx, stdio)
	if err != nil {
		return err
	}
	var list admin.QueueList
	if err := s.get(ctx, "/queues", &list); err != nil {
		return err
	}
	if s.json {
		return s.printJSON(list)
	}
	rows := make([][]string, 0, len(list.Queues))
	for _, q := range list.Queues {
		dlq := "-"
		if d := q.DeadLetterQueue; d != nil {
			dlq = d.Name + " (" + strconv.FormatInt(d.Depth, 10) + ")"
		}
		rate := q.DeliveryRate
		if rate == "" {
			rate = "-"
		}
		rows = append(rows, []string{q.Account, q.Name, itoa(q.Visible), itoa(q.InFlight), itoa(q.Delayed),
			ftoa(q.OldestAgeSeconds), ftoa(q.InRate), ftoa(q.OutRate), rate, dlq})
	}
	return s.table([]string{"ACCOUNT", "QUEUE", "VISIBLE", "IN FLIGHT", "DELAYED", "OLDEST S", "IN/S", "OUT/S", "RATE", "DLQ (DEPTH)"}, rows)
}

func itoa(n int64) string   { return strconv.FormatInt(n, 10) }
func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func runQueuePeek(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("queue peek", stdio)
	f := addAdminFlags(fs)
	state := fs.String("state", "", "only messages in these `states`: visible, in_flight, delayed, comma-separated (default all)")
	dlq := fs.Bool("dlq", false, "peek the queue's dead-letter queue instead")
	max := fs.Int("max", 20, "at most this many `messages` (1 to 100)")
	fs.Usage = adminUsage(fs, "Usage: sluice queue peek QUEUE [flags]\n\n"+
		"Shows a queue's messages (QUEUE: a name, ACCOUNT/NAME or a queue URL) without receiving\n"+
		"them: no receive count, visibility or order changes.\n", "state", "dlq", "max")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 1, "one queue"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *f.timeout)
	defer cancel()
	s, err := f.connect(ctx, stdio)
	if err != nil {
		return err
	}
	path, err := s.queuePath(pos[0])
	if err != nil {
		return err
	}
	q := url.Values{"max": {strconv.Itoa(*max)}}
	if *state != "" {
		q.Set("state", *state)
	}
	if *dlq {
		q.Set("dlq", "true")
	}
	var peek admin.Peek
	if err := s.get(ctx, path+"/messages?"+q.Encode(), &peek); err != nil {
		return err
	}
	if s.json {
		return s.printJSON(peek)
	}
	rows := make([][]string, 0, len(peek.Messages))
	for _, m := range peek.Messages {
		rows = append(rows, []string{m.MessageID, m.State, strconv.Itoa(m.ReceiveCount),
			m.SentAt.Format("2006-01-02T15:04:05Z07:00"), oneLine(m.Body, 60)})
	}
	return s.table([]string{"MESSAGE ID", "STATE", "RECEIVES", "SENT", "BODY"}, rows)
}

// attrFlag collects --attr NAME=VALUE or NAME=TYPE:VALUE.
type attrFlag map[string]admin.MessageAttribute

func (a attrFlag) String() string { return "" }

func (a attrFlag) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return errors.New("want NAME=VALUE or NAME=TYPE:VALUE (TYPE String or Number)")
	}
	typ := "String"
	if t, rest, ok := strings.Cut(value, ":"); ok && (t == "String" || t == "Number" || strings.HasPrefix(t, "String.") || strings.HasPrefix(t, "Number.")) {
		typ, value = t, rest
	}
	a[name] = admin.MessageAttribute{DataType: typ, StringValue: value}
	return nil
}

func runQueueSend(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("queue send", stdio)
	f := addAdminFlags(fs)
	body := fs.String("body", "", "the message `text`")
	bodyFile := fs.String("body-file", "", "read the message from this `file` (- for standard input is not supported)")
	attrs := attrFlag{}
	fs.Var(attrs, "attr", "a message attribute, `NAME=VALUE` or NAME=TYPE:VALUE; repeatable")
	delay := fs.Int("delay", -1, "delay in `seconds`, 0 to 900 (default: the queue's)")
	group := fs.String("group", "", "MessageGroupId (FIFO queues)")
	dedup := fs.String("dedup", "", "MessageDeduplicationId (FIFO queues); with --repeat, -1, -2 ... is appended")
	repeat := fs.Int("repeat", 1, "send the message this many `times`, 1 to 10000: a burst")
	fs.Usage = adminUsage(fs, "Usage: sluice queue send QUEUE --body TEXT [flags]\n\nSends a test message, or --repeat N of them.\n",
		"body", "body-file", "attr", "delay", "group", "dedup", "repeat")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 1, "one queue"); err != nil {
		return err
	}
	in := admin.Send{Body: *body, Attributes: attrs, GroupID: *group, DedupID: *dedup, Repeat: *repeat}
	if *bodyFile != "" {
		data, err := os.ReadFile(*bodyFile)
		if err != nil {
			return err
		}
		in.Body = string(data)
	}
	if *delay >= 0 {
		in.DelaySeconds = delay
	}
	ctx, cancel := context.WithTimeout(ctx, *f.timeout)
	defer cancel()
	s, err := f.connect(ctx, stdio)
	if err != nil {
		return err
	}
	path, err := s.queuePath(pos[0])
	if err != nil {
		return err
	}
	var res admin.SendResult
	if err := s.post(ctx, path+"/messages", in, &res); err != nil {
		return err
	}
	if s.json {
		return s.printJSON(res)
	}
	fmt.Fprintf(s.out, "sent %d message(s)", res.Sent)
	if len(res.MessageIDs) == 1 {
		fmt.Fprintf(s.out, ": %s", res.MessageIDs[0])
	}
	fmt.Fprintln(s.out)
	return nil
}

func runQueuePurge(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("queue purge", stdio)
	f := addAdminFlags(fs)
	fs.Usage = adminUsage(fs, "Usage: sluice queue purge QUEUE [flags]\n\nDeletes every message of the queue (at most once a minute).\n")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 1, "one queue"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *f.timeout)
	defer cancel()
	s, err := f.connect(ctx, stdio)
	if err != nil {
		return err
	}
	path, err := s.queuePath(pos[0])
	if err != nil {
		return err
	}
	var q admin.QueueName
	if err := s.post(ctx, path+"/purge", nil, &q); err != nil {
		return err
	}
	if s.json {
		return s.printJSON(q)
	}
	fmt.Fprintf(s.out, "purged %s\n", q.Name)
	return nil
}
