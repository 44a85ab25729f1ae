package kinesisapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/store/pebblestore/streamkv"
	"github.com/sluicemq/sluice/internal/stream"
)

const testAccount = "123456789012"

// testBundle is an API over a Service on an in-memory Pebble store.
type testBundle struct {
	api   *API
	clock *clocktest.Fake
	ctx   context.Context
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	db, err := pebble.Open("", &pebble.Options{FS: vfs.NewMem(), Logger: quietLogger{}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := streamkv.New(db, streamkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clk := clocktest.New(time.Date(2026, 3, 4, 5, 6, 7, 480_000_000, time.UTC))
	svc := stream.New(st, clk, stream.Options{})
	t.Cleanup(func() {
		svc.Close()
		st.Close()
		db.Close()
	})
	ctx := awsproto.WithRequest(context.Background(), &awsproto.Request{ID: "test", Account: testAccount,
		Region: "us-east-1"})
	return &testBundle{api: New(svc, Options{}), clock: clk, ctx: ctx}
}

// quietLogger keeps Pebble's informational messages out of test output.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any)              {}
func (quietLogger) Errorf(string, ...any)             {}
func (quietLogger) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// wantError checks the AWS error a handler's error becomes.
func wantError(t *testing.T, a *API, err error, typ, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", typ)
	}
	e := a.Error(err)
	if e.Type != typ || e.Status != 400 {
		t.Fatalf("error = %s (%d): %s; want %s", e.Type, e.Status, e.Message, typ)
	}
	if message != "" && e.Message != message {
		t.Fatalf("message = %q\nwant      %q", e.Message, message)
	}
}

func (b *testBundle) createStream(t *testing.T, name string, shards int) {
	t.Helper()
	if _, err := b.api.CreateStream(b.ctx, &CreateStreamInput{StreamName: &name, ShardCount: &shards}); err != nil {
		t.Fatal(err)
	}
}

func TestAPI_Validation(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name string
		call func() error
		typ  string
		msg  string
	}{
		{"StreamNamePattern", func() error {
			_, err := b.api.CreateStream(b.ctx, &CreateStreamInput{StreamName: new("bad name!"), ShardCount: new(1)})
			return err
		}, "ValidationException", "1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy " +
			"constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"StreamNameMissing", func() error {
			_, err := b.api.CreateStream(b.ctx, &CreateStreamInput{ShardCount: new(0)})
			return err
		}, "ValidationException", "2 validation errors detected: Value '0' at 'shardCount' failed to satisfy " +
			"constraint: Member must have value greater than or equal to 1; Value null at 'streamName' failed to " +
			"satisfy constraint: Member must not be null"},
		{"NoNameNoARN", func() error {
			_, err := b.api.DescribeStreamSummary(b.ctx, &DescribeStreamSummaryInput{})
			return err
		}, "InvalidArgumentException", "Stream arn and stream name can't be empty at the same time"},
		{"PutRecordMissing", func() error {
			_, err := b.api.PutRecord(b.ctx, &PutRecordInput{StreamName: new("s"), ExplicitHashKey: new("01")})
			return err
		}, "ValidationException", "3 validation errors detected: Value null at 'partitionKey' failed to satisfy " +
			"constraint: Member must not be null; Value '01' at 'explicitHashKey' failed to satisfy constraint: Member " +
			`must satisfy regular expression pattern: 0|([1-9]\d{0,38}); Value null at 'data' failed to satisfy ` +
			"constraint: Member must not be null"},
		{"PartitionKeyTooLong", func() error {
			_, err := b.api.PutRecord(b.ctx, &PutRecordInput{StreamName: new("s"), Data: []byte{}, PartitionKey: new(strings.Repeat("k", 257))})
			return err
		}, "ValidationException", "1 validation error detected: Value '" + strings.Repeat("k", 257) + "' at " +
			"'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256"},
		{"PutRecordsEntry", func() error {
			_, err := b.api.PutRecords(b.ctx, &PutRecordsInput{StreamName: new("s"),
				Records: []PutRecordsRequestEntry{{Data: []byte("x"), PartitionKey: new("k")}, {Data: []byte("x")}}})
			return err
		}, "ValidationException", "1 validation error detected: Value null at 'records.2.member.partitionKey' " +
			"failed to satisfy constraint: Member must not be null"},
		{"PutRecordsEmpty", func() error {
			_, err := b.api.PutRecords(b.ctx, &PutRecordsInput{StreamName: new("s"), Records: []PutRecordsRequestEntry{}})
			return err
		}, "ValidationException", "1 validation error detected: Value '[0 records]' at 'records' failed to satisfy " +
			"constraint: Member must have length greater than or equal to 1"},
		{"IteratorType", func() error {
			_, err := b.api.GetShardIterator(b.ctx, &GetShardIteratorInput{StreamName: new("s"), ShardID: new("shardId-0"),
				ShardIteratorType: new("OLDEST")})
			return err
		}, "ValidationException", "1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to " +
			"satisfy constraint: Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, " +
			"TRIM_HORIZON, LATEST, AT_TIMESTAMP]"},
		{"GetRecordsLimit", func() error {
			_, err := b.api.GetRecords(b.ctx, &GetRecordsInput{ShardIterator: new("x"), Limit: new(10001)})
			return err
		}, "ValidationException", "1 validation error detected: Value '10001' at 'limit' failed to satisfy " +
			"constraint: Member must have value less than or equal to 10000"},
		{"BadIterator", func() error {
			_, err := b.api.GetRecords(b.ctx, &GetRecordsInput{ShardIterator: new("bm90IGFuIGl0ZXJhdG9y")})
			return err
		}, "InvalidArgumentException", "Invalid ShardIterator."},
		{"MaxRecordSize", func() error {
			_, err := b.api.UpdateMaxRecordSize(b.ctx, &UpdateMaxRecordSizeInput{StreamARN: new("arn:aws:kinesis:us-east-1:123456789012:stream/s"),
				MaxRecordSizeInKiB: new(20000)})
			return err
		}, "ValidationException", "1 validation error detected: Value '20000' at 'maxRecordSizeInKiB' failed to " +
			"satisfy constraint: Member must have value less than or equal to 10240"},
		{"StreamNotFound", func() error {
			_, err := b.api.DescribeStream(b.ctx, &DescribeStreamInput{StreamName: new("missing")})
			return err
		}, "ResourceNotFoundException", "Stream missing under account 123456789012 not found."},
		{"StreamARNNotFound", func() error {
			_, err := b.api.DescribeStream(b.ctx, &DescribeStreamInput{StreamARN: new("arn:aws:kinesis:us-east-1:123456789012:stream/gone")})
			return err
		}, "ResourceNotFoundException", "Stream gone under account 123456789012 not found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, b.api, tt.call(), tt.typ, tt.msg)
		})
	}
}

func TestAPI_ErrorTable(t *testing.T) {
	t.Parallel()
	a := &API{}
	for _, row := range errorTable.Rows {
		e := a.Error(&stream.Error{Kind: row.Kind, Message: "m"})
		if e.Type != row.Spec.Type || e.Message != "m" {
			t.Errorf("%v became %s: %s", row.Kind, e.Type, e.Message)
		}
	}
	e := a.Error(errors.New("disk on fire"))
	if e.Type != "InternalFailure" || e.Status != 500 || strings.Contains(e.Message, "disk") {
		t.Fatalf("an unexpected error became %+v", e)
	}
	if e := a.Error(&stream.Error{Kind: stream.ErrExpiredIterator}); e.Type != "ExpiredIteratorException" || e.Message == "" {
		t.Fatalf("a domain error without message became %+v", e)
	}
}

func TestAPI_RecordsRoundTrip(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.createStream(t, "s", 2)
	put, err := b.api.PutRecords(b.ctx, &PutRecordsInput{StreamARN: new("arn:aws:kinesis:us-east-1:123456789012:stream/s"),
		Records: []PutRecordsRequestEntry{{Data: []byte("one"), PartitionKey: new("a")}, {Data: []byte("two"), PartitionKey: new("a")}}})
	if err != nil || put.FailedRecordCount != 0 || len(put.Records) != 2 || put.Records[0].ShardID != "shardId-000000000000" {
		t.Fatalf("PutRecords = %+v, %v", put, err)
	}
	it, err := b.api.GetShardIterator(b.ctx, &GetShardIteratorInput{StreamName: new("s"), ShardID: new("shardId-000000000000"),
		ShardIteratorType: new("AT_SEQUENCE_NUMBER"), StartingSequenceNumber: &put.Records[1].SequenceNumber})
	if err != nil {
		t.Fatal(err)
	}
	got, err := b.api.GetRecords(b.ctx, &GetRecordsInput{ShardIterator: &it.ShardIterator})
	if err != nil || len(got.Records) != 1 || string(got.Records[0].Data) != "two" ||
		got.Records[0].SequenceNumber != put.Records[1].SequenceNumber || got.NextShardIterator == "" {
		t.Fatalf("GetRecords = %+v, %v", got, err)
	}
	if at := got.Records[0].ApproximateArrivalTimestamp.Time(); !at.Equal(b.clock.Now()) {
		t.Fatalf("arrival %v, want %v", at, b.clock.Now())
	}
}

func TestAPI_ConsumersAndTags(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.createStream(t, "s", 1)
	arn := "arn:aws:kinesis:us-east-1:123456789012:stream/s"
	reg, err := b.api.RegisterStreamConsumer(b.ctx, &RegisterStreamConsumerInput{StreamARN: &arn, ConsumerName: new("app")})
	if err != nil {
		t.Fatal(err)
	}
	wantARN := fmt.Sprintf("%s/consumer/app:%d", arn, b.clock.Now().Unix())
	if reg.Consumer.ConsumerARN != wantARN || reg.Consumer.ConsumerStatus != "ACTIVE" {
		t.Fatalf("consumer = %+v, want ARN %s", reg.Consumer, wantARN)
	}
	desc, err := b.api.DescribeStreamConsumer(b.ctx, &DescribeStreamConsumerInput{ConsumerARN: &wantARN})
	if err != nil || desc.ConsumerDescription.StreamARN != arn {
		t.Fatalf("DescribeStreamConsumer = %+v, %v", desc, err)
	}
	if _, err := b.api.TagResource(b.ctx, &TagResourceInput{ResourceARN: &wantARN, Tags: map[string]string{"team": "x"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := b.api.ListTagsForResource(b.ctx, &ListTagsForResourceInput{ResourceARN: &wantARN})
	if err != nil || len(tags.Tags) != 1 || tags.Tags[0] != (Tag{Key: "team", Value: "x"}) {
		t.Fatalf("consumer tags = %+v, %v", tags, err)
	}
	_, err = b.api.DeleteStream(b.ctx, &DeleteStreamInput{StreamName: new("s")})
	wantError(t, b.api, err, "ResourceInUseException", "")
	if _, err := b.api.DeleteStream(b.ctx, &DeleteStreamInput{StreamName: new("s"), EnforceConsumerDeletion: new(true)}); err != nil {
		t.Fatal(err)
	}
}

func TestAPI_OverHTTP(t *testing.T) {
	t.Parallel()
	b := setup(t)
	rt := awsproto.NewRouter(awsproto.RouterConfig{Operations: b.api.Operations(), Error: b.api.Error,
		TargetPrefix: TargetPrefix, JSONVersion: JSONVersion, DefaultAccount: testAccount})
	call := func(action, body string) (int, string) {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", TargetPrefix+"."+action)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	if code, body := call("CreateStream", `{"StreamName":"s","ShardCount":1}`); code != 200 || body != "{}" {
		t.Fatalf("CreateStream: %d %s", code, body)
	}
	code, body := call("DescribeStreamSummary", `{"StreamName":"nope"}`)
	if code != 400 || body != `{"__type":"ResourceNotFoundException","message":"Stream nope under account 123456789012 not found."}` {
		t.Fatalf("not found: %d %s", code, body)
	}
	code, body = call("DescribeStreamSummary", `{"StreamName":"s"}`)
	if code != 200 || !strings.Contains(body, `"StreamCreationTimestamp":1772600767.480`) ||
		!strings.Contains(body, `"StreamModeDetails":{"StreamMode":"PROVISIONED"}`) {
		t.Fatalf("summary: %d %s", code, body)
	}
	if code, body = call("PutRecord", `{"StreamName":"s","Data":"aGVsbG8=","PartitionKey":"k"}`); code != 200 {
		t.Fatalf("PutRecord: %d %s", code, body)
	}
	code, body = call("ListShards", `{"StreamName":"s","ShardFilter":{"Type":"AT_TIMESTAMP","Timestamp":1772600767.480}}`)
	if code != 200 || !strings.Contains(body, `"ShardId":"shardId-000000000000"`) {
		t.Fatalf("ListShards: %d %s", code, body)
	}
}

func TestTimestamp_JSON(t *testing.T) {
	t.Parallel()
	ts := Timestamp(time.UnixMilli(1459799926480))
	b, _ := ts.MarshalJSON()
	if string(b) != "1459799926.480" {
		t.Fatalf("MarshalJSON = %s", b)
	}
	for _, in := range []string{`1459799926.480`, `1459799926.48`, `1.45979992648E9`} {
		var got Timestamp
		if err := got.UnmarshalJSON([]byte(in)); err != nil || got.EpochMillis() != 1459799926480 {
			t.Errorf("UnmarshalJSON(%s) = %d, %v", in, got.EpochMillis(), err)
		}
	}
	// AWS refuses strings, epoch seconds and ISO 8601 alike.
	for _, in := range []string{`"soon"`, `1.2.3`, `"1.-5"`, `{}`, `"1459799926.480"`, `"2016-04-04T19:58:46.480Z"`, `true`, `[]`} {
		var got Timestamp
		if err := got.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("UnmarshalJSON(%s) accepted", in)
		}
	}
}

func TestOperations_Complete(t *testing.T) {
	t.Parallel()
	a := &API{}
	seen := map[string]bool{}
	for _, op := range a.Operations() {
		seen[op.Name] = true
	}
	// Every action of the Kinesis model but SubscribeToShard, which needs
	// the event-stream transport.
	for _, name := range []string{"AddTagsToStream", "CreateStream", "DecreaseStreamRetentionPeriod",
		"DeleteResourcePolicy", "DeleteStream", "DeregisterStreamConsumer", "DescribeAccountSettings", "DescribeLimits",
		"DescribeStream", "DescribeStreamConsumer", "DescribeStreamSummary", "DisableEnhancedMonitoring",
		"EnableEnhancedMonitoring", "GetRecords", "GetResourcePolicy", "GetShardIterator",
		"IncreaseStreamRetentionPeriod", "ListShards", "ListStreamConsumers", "ListStreams", "ListTagsForResource",
		"ListTagsForStream", "MergeShards", "PutRecord", "PutRecords", "PutResourcePolicy", "RegisterStreamConsumer",
		"RemoveTagsFromStream", "SplitShard", "StartStreamEncryption", "StopStreamEncryption", "TagResource",
		"UntagResource", "UpdateAccountSettings", "UpdateMaxRecordSize", "UpdateShardCount", "UpdateStreamMode",
		"UpdateStreamWarmThroughput"} {
		if !seen[name] {
			t.Errorf("operation %s is missing", name)
		}
	}
}

func TestAPI_SubscribeToShard(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.createStream(t, "s", 1)
	if _, err := b.api.PutRecord(b.ctx, &PutRecordInput{StreamName: new("s"), Data: []byte("x"), PartitionKey: new("k")}); err != nil {
		t.Fatal(err)
	}
	reg, err := b.api.RegisterStreamConsumer(b.ctx, &RegisterStreamConsumerInput{
		StreamARN: new("arn:aws:kinesis:us-east-1:123456789012:stream/s"), ConsumerName: new("app")})
	if err != nil {
		t.Fatal(err)
	}
	err = b.api.SubscribeToShard(b.ctx, &SubscribeToShardInput{ConsumerARN: &reg.Consumer.ConsumerARN, ShardID: new("shardId-0")},
		func(*SubscribeToShardEvent) error { return nil })
	wantError(t, b.api, err, "ValidationException", "1 validation error detected: Value null at 'startingPosition' "+
		"failed to satisfy constraint: Member must not be null")
	stop := errors.New("stop")
	var got *SubscribeToShardEvent
	err = b.api.SubscribeToShard(b.ctx, &SubscribeToShardInput{ConsumerARN: &reg.Consumer.ConsumerARN,
		ShardID: new("shardId-000000000000"), StartingPosition: &StartingPosition{Type: new("TRIM_HORIZON")}},
		func(ev *SubscribeToShardEvent) error { got = ev; return stop })
	if !errors.Is(err, stop) || got == nil || len(got.Records) != 1 || got.ContinuationSequenceNumber != got.Records[0].SequenceNumber {
		t.Fatalf("SubscribeToShard = %v, event %+v", err, got)
	}
}
