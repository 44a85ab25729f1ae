package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/sluicemq/sluice/internal/admin"
)

func TestStreamsShardsAndTail(t *testing.T) {
	e := newEnv(t)
	ks := e.srv.Kinesis(t)
	if _, err := ks.CreateStream(e.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	var entries []kinesisEntry
	for i := range 20 {
		entries = append(entries, kinesisEntry{key: "user-" + strconv.Itoa(i), data: "click " + strconv.Itoa(i)})
	}
	entries = append(entries, kinesisEntry{key: "bin", data: "\xff\xfe"})
	for _, en := range entries {
		if _, err := ks.PutRecord(e.ctx, &kinesis.PutRecordInput{StreamName: aws.String("clicks"),
			PartitionKey: aws.String(en.key), Data: []byte(en.data)}); err != nil {
			t.Fatal(err)
		}
	}
	e.clk.Advance(time.Second)
	var list admin.StreamList
	e.do(http.MethodGet, "/streams", nil, &list)
	if len(list.Streams) != 1 || list.Streams[0].OpenShards != 2 || list.Streams[0].InRate != 2.1 {
		t.Fatalf("streams = %+v, want clicks with 2 shards at 2.1 records/s", list.Streams)
	}
	var d admin.StreamDetail
	e.do(http.MethodGet, "/streams/000000000000/clicks", nil, &d)
	if len(d.Shards) != 2 || d.Shards[0].InRate+d.Shards[1].InRate != 2.1 || !d.Shards[0].Open {
		t.Fatalf("shards = %+v, want two open shards sharing 2.1 records/s", d.Shards)
	}
	total := 0
	for _, sh := range d.Shards {
		var recs admin.Records
		e.do(http.MethodGet, "/streams/000000000000/clicks/records?shard="+sh.ID+"&from=trim_horizon&limit=5", nil, &recs)
		for recs.NextIterator != "" && len(recs.Records) > 0 {
			total += len(recs.Records)
			for _, r := range recs.Records {
				if r.PartitionKey == "bin" && (!r.Binary || r.Data != "" || r.DataBase64 != "//4=") {
					t.Fatalf("binary record = %+v", r)
				}
			}
			next := recs.NextIterator
			recs = admin.Records{}
			e.do(http.MethodGet, "/streams/000000000000/clicks/records?iterator="+url.QueryEscape(next), nil, &recs)
		}
	}
	if total != len(entries) {
		t.Fatalf("tail read %d records, want %d", total, len(entries))
	}
	var h admin.StreamHistory
	e.do(http.MethodGet, "/streams/000000000000/clicks/history?range=10s", nil, &h)
	if h.Incoming[8] != 21 || len(h.Shards) != 2 {
		t.Fatalf("history = %+v, want 21 records in the second before last and two shards", h)
	}
	wantStatus(t, e.api, http.StatusBadRequest, http.MethodGet, "/streams/000000000000/clicks/records?shard=shardId-000000000000&from=sideways", nil)
	wantStatus(t, e.api, http.StatusNotFound, http.MethodGet, "/streams/000000000000/nope", nil)
}

type kinesisEntry struct{ key, data string }
