package admin

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sluicemq/sluice/internal/history"
	"github.com/sluicemq/sluice/internal/stream"
)

// Limits of the stream routes.
const (
	maxListedStreams = 10_000
	defaultTail      = 100
	maxTail          = 1000
)

// streamRef reads the stream a request names, answering 404 for one the
// caller may not see.
func streamRef(r *http.Request, c *caller) (stream.StreamRef, error) {
	ref := stream.StreamRef{Account: r.PathValue("account"), Name: r.PathValue("name")}
	if !c.may(ref.Account) {
		return ref, errNotFound("Stream %s under account %s not found.", ref.Name, ref.Account)
	}
	return ref, nil
}

// listStreams lists the streams of every account the caller sees.
func (a *API) listStreams(r *http.Request, c *caller) (any, error) {
	accounts, err := a.accounts(r.Context(), c)
	if err != nil {
		return nil, err
	}
	out := StreamList{Streams: []StreamSummary{}}
	for _, account := range accounts {
		res, err := a.opts.Streams.ListStreams(r.Context(), &stream.ListStreamsParams{Account: account, Limit: maxListedStreams})
		if err != nil {
			return nil, err
		}
		for _, s := range res.Streams {
			sum, err := a.streamSummary(r, stream.StreamRef{Account: account, Name: s.Name})
			if err != nil {
				continue // deleted meanwhile
			}
			out.Streams = append(out.Streams, sum)
		}
	}
	return out, nil
}

// streamSummary describes one stream.
func (a *API) streamSummary(r *http.Request, ref stream.StreamRef) (StreamSummary, error) {
	d, err := a.opts.Streams.DescribeStreamSummary(r.Context(), ref)
	if err != nil {
		return StreamSummary{}, err
	}
	key := history.Key{Resource: history.StreamResource(ref), Metric: history.Incoming}
	return StreamSummary{
		Account: ref.Account, Name: ref.Name, Status: d.Status, Mode: d.Mode,
		OpenShards: d.OpenShardCount, RetentionHours: d.RetentionHours,
		InRate: a.opts.History.Rate(key, rateWindow), Spark: a.opts.History.Window(key, sparkWindow).Values,
	}, nil
}

// getStream describes a stream and each of its shards with its incoming
// rate.
func (a *API) getStream(r *http.Request, c *caller) (any, error) {
	ref, err := streamRef(r, c)
	if err != nil {
		return nil, err
	}
	sum, err := a.streamSummary(r, ref)
	if err != nil {
		return nil, err
	}
	out := StreamDetail{StreamSummary: sum, Shards: []Shard{}}
	p := &stream.ListShardsParams{Account: ref.Account, Stream: ref}
	for {
		res, err := a.opts.Streams.ListShards(r.Context(), p)
		if err != nil {
			return nil, err
		}
		for _, sh := range res.Shards {
			out.Shards = append(out.Shards, a.shard(ref, sh))
		}
		if res.NextToken == "" {
			return out, nil
		}
		p = &stream.ListShardsParams{Account: ref.Account, NextToken: res.NextToken}
	}
}

// shard describes one shard with its incoming rate.
func (a *API) shard(ref stream.StreamRef, sh stream.ShardInfo) Shard {
	key := history.Key{Resource: history.StreamResource(ref), Metric: history.Incoming, Shard: sh.ShardID}
	return Shard{
		ID: sh.ShardID, Open: sh.EndingSequenceNumber == "", ParentShardID: sh.ParentShardID,
		StartingHashKey: sh.StartingHashKey, EndingHashKey: sh.EndingHashKey,
		InRate: a.opts.History.Rate(key, rateWindow), Spark: a.opts.History.Window(key, sparkWindow).Values,
	}
}

// records reads records of one shard: from an iterator= a previous answer
// gave, or from shard= and from= (trim_horizon, latest, at:SEQ, after:SEQ
// or time:RFC3339; default trim_horizon).
func (a *API) records(r *http.Request, c *caller) (any, error) {
	ref, err := streamRef(r, c)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	limit := defaultTail
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxTail {
			return nil, errBadRequest("limit=%q: want a number from 1 to %d", v, maxTail)
		}
	}
	it := q.Get("iterator")
	if it == "" {
		if it, err = a.iterator(r, ref, q.Get("shard"), q.Get("from")); err != nil {
			return nil, err
		}
	}
	res, err := a.opts.Streams.GetRecords(r.Context(), &stream.GetRecordsParams{
		Account: ref.Account, ShardIterator: it, Limit: limit, StreamARN: a.opts.Streams.StreamARN(ref),
	})
	if err != nil {
		return nil, err
	}
	out := Records{Records: []Record{}, NextIterator: res.NextShardIterator, MillisBehindLatest: res.MillisBehindLatest}
	for _, rec := range res.Records {
		out.Records = append(out.Records, wireRecord(rec))
	}
	return out, nil
}

// iterator opens a shard iterator at a from= position.
func (a *API) iterator(r *http.Request, ref stream.StreamRef, shard, from string) (string, error) {
	if shard == "" {
		return "", errBadRequest("give shard= (a shard id) or iterator=")
	}
	p := &stream.GetShardIteratorParams{Stream: ref, ShardID: shard, Type: stream.IteratorTrimHorizon}
	kind, arg, _ := strings.Cut(from, ":")
	switch kind {
	case "", "trim_horizon":
	case "latest":
		p.Type = stream.IteratorLatest
	case "at":
		p.Type, p.StartingSequenceNumber = stream.IteratorAtSequenceNumber, arg
	case "after":
		p.Type, p.StartingSequenceNumber = stream.IteratorAfterSequenceNumber, arg
	case "time":
		t, err := time.Parse(time.RFC3339, arg)
		if err != nil {
			return "", errBadRequest("from=%q: want time:RFC3339, such as time:2026-05-01T12:00:00Z", from)
		}
		p.Type, p.Timestamp = stream.IteratorAtTimestamp, &t
	default:
		return "", errBadRequest("from=%q: want trim_horizon, latest, at:SEQ, after:SEQ or time:RFC3339", from)
	}
	return a.opts.Streams.GetShardIterator(r.Context(), p)
}

// wireRecord is a record as the API shows it: its data as text when it is
// UTF-8, and in base64 always.
func wireRecord(rec stream.Record) Record {
	out := Record{SequenceNumber: rec.SequenceNumber, ArrivedAt: rec.ArrivedAt, PartitionKey: rec.PartitionKey,
		DataBase64: base64.StdEncoding.EncodeToString(rec.Data)}
	if utf8.Valid(rec.Data) {
		out.Data = string(rec.Data)
	} else {
		out.Binary = true
	}
	return out
}
