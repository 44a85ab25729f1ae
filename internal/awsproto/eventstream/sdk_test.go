package eventstream_test

// End to end through real client code: aws-sdk-go-v2's Kinesis client
// reads SubscribeToShard event streams served by a Response over HTTP/1.1
// and over HTTP/2 (with and without TLS), from a Kinesis API on an in-memory Pebble store.
// The handler here is the least the router's transport must do.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/awsproto/awsjson"
	"github.com/sluicemq/sluice/internal/awsproto/eventstream"
	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/kinesisapi"
	"github.com/sluicemq/sluice/internal/store/pebblestore/streamkv"
	"github.com/sluicemq/sluice/internal/stream"
	"github.com/sluicemq/sluice/sdkhttp"
)

const account = kinesisapi.DefaultAccount

// source is what the handler streams: kinesisapi.API.SubscribeToShard or
// a stand-in.
type source func(ctx context.Context, in *kinesisapi.SubscribeToShardInput,
	deliver func(*kinesisapi.SubscribeToShardEvent) error) error

// subscribeHandler serves SubscribeToShard from src: an ordinary AWS JSON
// error before the first event, an exception message after it.
func subscribeHandler(api *kinesisapi.API, src source, protoMajor *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		protoMajor.Store(int32(r.ProtoMajor))
		const requestID = "rid"
		var in kinesisapi.SubscribeToShardInput
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ctx := awsproto.WithRequest(r.Context(), &awsproto.Request{ID: requestID, Account: account, Region: "us-east-1"})
		resp := eventstream.NewResponse(w, requestID, eventstream.JSON)
		err := src(ctx, &in, func(ev *kinesisapi.SubscribeToShardEvent) error {
			return resp.Event("SubscribeToShardEvent", ev)
		})
		if err == nil {
			return
		}
		e := api.Error(err)
		if e == nil {
			e = &awsproto.Error{Type: "InternalFailureException", Status: http.StatusInternalServerError,
				Message: "Internal service failure."}
		}
		if !resp.Started() {
			awsjson.WriteError(w, kinesisapi.JSONVersion, e.Status, awsjson.Error{Type: e.Type, Message: e.Message,
				RequestID: requestID})
			return
		}
		resp.Exception(e.Type, e.Message)
	})
}

type quietLogger struct{}

func (quietLogger) Infof(string, ...any)              {}
func (quietLogger) Errorf(string, ...any)             {}
func (quietLogger) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// newAPI returns a Kinesis API with a one-shard stream "s" holding three
// records and an active consumer, whose ARN it returns.
func newAPI(t *testing.T) (*kinesisapi.API, context.Context, string) {
	t.Helper()
	db, err := pebble.Open("", &pebble.Options{FS: vfs.NewMem(), Logger: quietLogger{}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := streamkv.New(db, streamkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := stream.New(st, clocktest.New(time.Date(2026, 3, 4, 5, 6, 7, 480_000_000, time.UTC)), stream.Options{})
	t.Cleanup(func() {
		svc.Close()
		st.Close()
		db.Close()
	})
	api := kinesisapi.New(svc, kinesisapi.Options{})
	ctx := awsproto.WithRequest(context.Background(), &awsproto.Request{ID: "setup", Account: account, Region: "us-east-1"})
	shards := 1
	if _, err := api.CreateStream(ctx, &kinesisapi.CreateStreamInput{StreamName: new("s"), ShardCount: &shards}); err != nil {
		t.Fatal(err)
	}
	for _, data := range []string{"a", "b", "c"} {
		if _, err := api.PutRecord(ctx, &kinesisapi.PutRecordInput{StreamName: new("s"), Data: []byte(data), PartitionKey: new("k")}); err != nil {
			t.Fatal(err)
		}
	}
	reg, err := api.RegisterStreamConsumer(ctx, &kinesisapi.RegisterStreamConsumerInput{
		StreamARN: new("arn:aws:kinesis:us-east-1:" + account + ":stream/s"), ConsumerName: new("app")})
	if err != nil {
		t.Fatal(err)
	}
	return api, ctx, reg.Consumer.ConsumerARN
}

// transport is how a test reaches its server.
type transport struct {
	name       string
	protoMajor int32
	start      func(srv *httptest.Server) *http.Client
}

// transports are HTTP/1.1 (chunked), HTTP/2 over TLS and HTTP/2 without
// TLS (prior knowledge, as Netty-based clients speak it to http://
// endpoints).
var transports = []transport{
	{"HTTP1", 1, func(srv *httptest.Server) *http.Client {
		srv.Start()
		return srv.Client()
	}},
	{"HTTP2TLS", 2, func(srv *httptest.Server) *http.Client {
		srv.EnableHTTP2 = true
		srv.StartTLS()
		return srv.Client()
	}},
	{"H2C", 2, func(srv *httptest.Server) *http.Client {
		var p http.Protocols
		p.SetUnencryptedHTTP2(true)
		srv.Config.Protocols = &p
		srv.Start()
		return &http.Client{Transport: &http.Transport{Protocols: &p}}
	}},
}

// serve starts a loopback server for h and returns a Kinesis client of it.
func serve(t *testing.T, h http.Handler, tr transport) *kinesis.Client {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	httpClient := tr.start(srv)
	httpClient.Transport = &sdkhttp.Transport{Base: httpClient.Transport}
	t.Cleanup(srv.Close)
	return kinesis.New(kinesis.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		HTTPClient:       httpClient,
		RetryMaxAttempts: 1,
	})
}

func TestSDK_SubscribeToShard(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			t.Parallel()
			api, ctx, consumerARN := newAPI(t)
			var proto atomic.Int32
			client := serve(t, subscribeHandler(api, api.SubscribeToShard, &proto), tr)
			out, err := client.SubscribeToShard(context.Background(), &kinesis.SubscribeToShardInput{
				ConsumerARN: aws.String(consumerARN), ShardId: aws.String("shardId-000000000000"),
				StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon}})
			if err != nil {
				t.Fatal(err)
			}
			stream := out.GetStream()
			defer stream.Close()
			if proto.Load() != tr.protoMajor {
				t.Errorf("served over HTTP/%d, want HTTP/%d", proto.Load(), tr.protoMajor)
			}

			first := nextEvent(t, stream)
			if got := recordData(first); got != "a,b,c," {
				t.Errorf("first event's records = %q, want a,b,c", got)
			}
			arrived := first.Records[0].ApproximateArrivalTimestamp
			if want := time.Date(2026, 3, 4, 5, 6, 7, 480_000_000, time.UTC); arrived == nil || !arrived.Equal(want) {
				t.Errorf("ApproximateArrivalTimestamp = %v, want %v", arrived, want)
			}
			if aws.ToString(first.ContinuationSequenceNumber) != aws.ToString(first.Records[2].SequenceNumber) {
				t.Errorf("ContinuationSequenceNumber = %q, want the last record's", aws.ToString(first.ContinuationSequenceNumber))
			}

			// A put reaches the open subscription as the next event.
			if _, err := api.PutRecord(ctx, &kinesisapi.PutRecordInput{StreamName: new("s"), Data: []byte("d"), PartitionKey: new("k")}); err != nil {
				t.Fatal(err)
			}
			if got := recordData(nextEvent(t, stream)); got != "d," {
				t.Errorf("second event's records = %q, want d", got)
			}
		})
	}
}

// nextEvent reads the next SubscribeToShardEvent.
func nextEvent(t *testing.T, stream *kinesis.SubscribeToShardEventStream) types.SubscribeToShardEvent {
	t.Helper()
	ev, ok := <-stream.Events()
	if !ok {
		t.Fatalf("the event stream ended: %v", stream.Err())
	}
	member, ok := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
	if !ok {
		t.Fatalf("event %T, want a SubscribeToShardEvent", ev)
	}
	return member.Value
}

func recordData(ev types.SubscribeToShardEvent) string {
	var b bytes.Buffer
	for _, r := range ev.Records {
		b.Write(r.Data)
		b.WriteByte(',')
	}
	return b.String()
}

func TestSDK_SubscribeToShard_ErrorBeforeFirstEvent(t *testing.T) {
	t.Parallel()
	api, _, consumerARN := newAPI(t)
	var proto atomic.Int32
	client := serve(t, subscribeHandler(api, api.SubscribeToShard, &proto), transports[0])
	_, err := client.SubscribeToShard(context.Background(), &kinesis.SubscribeToShardInput{
		ConsumerARN: aws.String(consumerARN), ShardId: aws.String("shardId-000000000009"),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
	if _, ok := errors.AsType[*types.ResourceNotFoundException](err); !ok {
		t.Errorf("SubscribeToShard = %v, want a ResourceNotFoundException", err)
	}
}

func TestSDK_SubscribeToShard_ExceptionInStream(t *testing.T) {
	t.Parallel()
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			t.Parallel()
			api, _, consumerARN := newAPI(t)
			// One event, then the consumer is found gone.
			src := func(ctx context.Context, in *kinesisapi.SubscribeToShardInput,
				deliver func(*kinesisapi.SubscribeToShardEvent) error) error {
				if err := deliver(&kinesisapi.SubscribeToShardEvent{Records: []kinesisapi.Record{}}); err != nil {
					return err
				}
				return &awsproto.Error{Type: "ResourceNotFoundException", Status: http.StatusBadRequest,
					Message: "Consumer " + *in.ConsumerARN + " not found."}
			}
			var proto atomic.Int32
			client := serve(t, subscribeHandler(api, src, &proto), tr)
			out, err := client.SubscribeToShard(context.Background(), &kinesis.SubscribeToShardInput{
				ConsumerARN: aws.String(consumerARN), ShardId: aws.String("shardId-000000000000"),
				StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
			if err != nil {
				t.Fatal(err)
			}
			stream := out.GetStream()
			defer stream.Close()
			if ev := nextEvent(t, stream); len(ev.Records) != 0 {
				t.Errorf("event = %+v, want no records", ev)
			}
			if ev, ok := <-stream.Events(); ok {
				t.Fatalf("event %T after the exception, want the stream to end", ev)
			}
			var notFound *types.ResourceNotFoundException
			if err := stream.Err(); !errors.As(err, &notFound) || notFound.ErrorMessage() != "Consumer "+consumerARN+" not found." {
				t.Errorf("stream error = %v, want the ResourceNotFoundException", err)
			}
		})
	}
}
