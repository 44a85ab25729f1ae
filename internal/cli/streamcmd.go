package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/sluicemq/sluice/internal/admin"
)

// pollInterval is how often redrive --wait and tail --follow ask again.
const pollInterval = 500 * time.Millisecond

// streamVerbs are the subcommands of "sluice stream".
var streamVerbs = []verb{
	{"ls", "list streams with their shards and rates", runStreamList},
	{"tail", "print a stream's records", runStreamTail},
	{"groups", "list a stream's consumer groups: members, shards held, checkpoints and lag", runStreamGroups},
}

// runStream runs "sluice stream VERB".
func runStream(ctx context.Context, args []string, stdio IO) error {
	return runVerb(ctx, "stream", streamVerbs, args, stdio)
}

func runQueueRedrive(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("queue redrive", stdio)
	f := addAdminFlags(fs)
	to := fs.String("to", "", "move to this `queue` of the same account (default: back to where each message came from)")
	rate := fs.Int("rate", 0, "at most this many `messages` a second, 1 to 500 (default: as fast as possible)")
	wait := fs.Bool("wait", false, "wait until the move ends, printing its progress")
	fs.Usage = adminUsage(fs, "Usage: sluice queue redrive DLQ [flags]\n\nMoves the messages of a dead-letter queue back to their source queues, or --to another.\n",
		"to", "rate", "wait")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 1, "one dead-letter queue"); err != nil {
		return err
	}
	if !*wait {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *f.timeout)
		defer cancel()
	}
	s, err := f.connect(ctx, stdio)
	if err != nil {
		return err
	}
	path, err := s.queuePath(pos[0])
	if err != nil {
		return err
	}
	var task admin.MoveTask
	if err := s.post(ctx, path+"/redrive", admin.Redrive{Destination: *to, MaxPerSecond: *rate}, &task); err != nil {
		return err
	}
	for *wait && (task.Status == "RUNNING" || task.Status == "CANCELLING") {
		fmt.Fprintf(stdio.Err, "%s: moved %d of %d\n", task.Status, task.Moved, task.ToMove)
		if err := pause(ctx); err != nil {
			return err
		}
		var tasks admin.MoveTasks
		if err := s.get(ctx, path+"/redrive", &tasks); err != nil {
			return err
		}
		if len(tasks.Tasks) == 0 {
			return errors.New("the move task is gone")
		}
		task = tasks.Tasks[0]
	}
	if s.json {
		return s.printJSON(task)
	}
	fmt.Fprintf(s.out, "%s: moved %d of %d\n", task.Status, task.Moved, task.ToMove)
	if task.FailureReason != "" {
		return errors.New(task.FailureReason)
	}
	return nil
}

// pause waits pollInterval, or returns ctx's error first.
func pause(ctx context.Context) error {
	t := time.NewTimer(pollInterval)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func runStreamList(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("stream ls", stdio)
	f := addAdminFlags(fs)
	fs.Usage = adminUsage(fs, "Usage: sluice stream ls [flags]\n\nLists the streams with their open shards and records put per second (last 10 s).\n")
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
	var list admin.StreamList
	if err := s.get(ctx, "/streams", &list); err != nil {
		return err
	}
	if s.json {
		return s.printJSON(list)
	}
	rows := make([][]string, 0, len(list.Streams))
	for _, st := range list.Streams {
		rows = append(rows, []string{st.Account, st.Name, st.Status, st.Mode, strconv.Itoa(st.OpenShards), ftoa(st.InRate)})
	}
	return s.table([]string{"ACCOUNT", "STREAM", "STATUS", "MODE", "SHARDS", "IN/S"}, rows)
}

// tailFlags are the flags of stream tail.
type tailFlags struct {
	shard, from *string
	limit       *int
	follow      *bool
}

func runStreamTail(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("stream tail", stdio)
	f := addAdminFlags(fs)
	tf := tailFlags{
		shard:  fs.String("shard", "", "read this shard `id` only (default: every shard)"),
		from:   fs.String("from", "trim_horizon", "where to start: trim_horizon, latest, at:SEQ, after:SEQ or time:RFC3339"),
		limit:  fs.Int("limit", 100, "at most this many `records` a shard (without --follow)"),
		follow: fs.Bool("follow", false, "keep printing new records until interrupted"),
	}
	fs.Usage = adminUsage(fs, "Usage: sluice stream tail STREAM [flags]\n\nPrints a stream's records, shard by shard; -o json prints one JSON object a line.\n",
		"shard", "from", "limit", "follow")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 1, "one stream"); err != nil {
		return err
	}
	if !*tf.follow {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *f.timeout)
		defer cancel()
	}
	s, err := f.connect(ctx, stdio)
	if err != nil {
		return err
	}
	path, err := s.streamPath(pos[0])
	if err != nil {
		return err
	}
	shards, err := s.tailShards(ctx, path, *tf.shard)
	if err != nil {
		return err
	}
	return s.tail(ctx, path, shards, tf)
}

// tailShards lists the shards to read: the one asked for, or all.
func (s *adminSession) tailShards(ctx context.Context, path, only string) ([]string, error) {
	if only != "" {
		return []string{only}, nil
	}
	var d admin.StreamDetail
	if err := s.get(ctx, path, &d); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(d.Shards))
	for _, sh := range d.Shards {
		ids = append(ids, sh.ID)
	}
	return ids, nil
}

// tail reads each shard from tf.from: once to its end (at most tf.limit
// records a shard), or, following, round after round until ctx ends.
func (s *adminSession) tail(ctx context.Context, path string, shards []string, tf tailFlags) error {
	iters := make(map[string]string, len(shards))
	read := make(map[string]int, len(shards))
	for _, id := range shards {
		iters[id] = ""
	}
	for {
		progressed := false
		for _, id := range shards {
			if !*tf.follow && read[id] >= *tf.limit {
				continue
			}
			limit := strconv.Itoa(min(*tf.limit-read[id], 1000))
			if *tf.follow {
				limit = "1000"
			}
			q := url.Values{"shard": {id}, "from": {*tf.from}, "limit": {limit}}
			if it := iters[id]; it != "" {
				q = url.Values{"iterator": {it}, "limit": {limit}}
			} else if _, started := iters[id]; !started {
				continue // a closed shard read to its end
			}
			var recs admin.Records
			if err := s.get(ctx, path+"/records?"+q.Encode(), &recs); err != nil {
				return err
			}
			if err := s.printRecords(id, recs.Records); err != nil {
				return err
			}
			read[id] += len(recs.Records)
			iters[id] = recs.NextIterator
			if recs.NextIterator == "" {
				delete(iters, id)
			}
			if len(recs.Records) > 0 {
				progressed = true
			}
		}
		if !*tf.follow && !progressed || len(iters) == 0 {
			return nil
		}
		if !progressed {
			if err := pause(ctx); err != nil {
				return nil // interrupted: the tail simply ends
			}
		}
	}
}

// printRecords prints one shard's records: a table line each, or a JSON
// object a line.
func (s *adminSession) printRecords(shard string, recs []admin.Record) error {
	for _, r := range recs {
		if s.json {
			line, err := json.Marshal(struct {
				Shard string `json:"shard"`
				admin.Record
			}{shard, r})
			if err != nil {
				return err
			}
			fmt.Fprintf(s.out, "%s\n", line)
			continue
		}
		data := oneLine(r.Data, 80)
		if r.Binary {
			data = "base64:" + r.DataBase64
		}
		fmt.Fprintf(s.out, "%s  %s  %s  %s  %s\n", shard, r.SequenceNumber, r.ArrivedAt.Format(time.RFC3339), oneLine(r.PartitionKey, 40), data)
	}
	return nil
}
