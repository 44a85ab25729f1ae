package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/fxamacker/cbor/v2"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
)

// cborContentType is the Content-Type of AWS CBOR 1.1, which the Java SDK
// and the KCL send to Kinesis by default.
const cborContentType = "application/x-amz-cbor-1.1"

// kinesisCBOR sends a signed Kinesis request with a CBOR body, as the Java
// SDK does, and returns the status and the raw CBOR members of the
// response body (none for an action without output, whose body is empty).
func kinesisCBOR(t *testing.T, base, action string, input map[string]any) (int, map[string]cbor.RawMessage) {
	t.Helper()
	body, err := cbor.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(testContext(t), http.MethodPost, base+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", cborContentType)
	req.Header.Set("X-Amz-Target", "Kinesis_20131202."+action)
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: servertest.AccessKeyID, SecretAccessKey: servertest.SecretAccessKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "kinesis",
		servertest.Region, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != cborContentType {
		t.Fatalf("%s: Content-Type %q, want %q (body %q)", action, ct, cborContentType, raw)
	}
	if resp.Header.Get("x-amzn-RequestId") == "" {
		t.Errorf("%s: no x-amzn-RequestId", action)
	}
	out := map[string]cbor.RawMessage{}
	if len(raw) == 0 && resp.StatusCode == http.StatusOK {
		return resp.StatusCode, out // an action without output
	}
	if err := cbor.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: response is not a CBOR map: %v (%x)", action, err, raw)
	}
	return resp.StatusCode, out
}

// member decodes one member of a CBOR response into v.
func member(t *testing.T, out map[string]cbor.RawMessage, name string, v any) {
	t.Helper()
	raw, ok := out[name]
	if !ok {
		t.Fatalf("response has no %s (members %v)", name, keysOf(out))
	}
	if err := cbor.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func keysOf(m map[string]cbor.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func TestKinesis_CBOR(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(epoch)
	srv := servertest.Start(t, servertest.WithClock(clk))
	name := queueName(t, "")
	if status, out := kinesisCBOR(t, srv.URL, "CreateStream", map[string]any{"StreamName": name, "ShardCount": 1}); status != 200 || len(out) != 0 {
		t.Fatalf("CreateStream = %d %v", status, keysOf(out))
	}

	data := []byte{0x00, 0xff, 'h', 'i', 0x80}
	status, out := kinesisCBOR(t, srv.URL, "PutRecords", map[string]any{"StreamName": name, "Records": []map[string]any{
		{"Data": data, "PartitionKey": "a"}, {"Data": []byte("second"), "PartitionKey": "b"}}})
	if status != 200 {
		t.Fatalf("PutRecords = %d", status)
	}
	var failed int
	member(t, out, "FailedRecordCount", &failed)
	var results []struct {
		SequenceNumber string `cbor:"SequenceNumber"`
		ShardID        string `cbor:"ShardId"`
	}
	member(t, out, "Records", &results)
	if failed != 0 || len(results) != 2 || results[0].ShardID != shard0 || results[0].SequenceNumber == "" {
		t.Fatalf("PutRecords = %d failed, %+v", failed, results)
	}

	status, out = kinesisCBOR(t, srv.URL, "GetShardIterator", map[string]any{"StreamName": name, "ShardId": shard0,
		"ShardIteratorType": "AT_SEQUENCE_NUMBER", "StartingSequenceNumber": results[0].SequenceNumber})
	var it string
	member(t, out, "ShardIterator", &it)
	if status != 200 || it == "" {
		t.Fatalf("GetShardIterator = %d %q", status, it)
	}

	status, out = kinesisCBOR(t, srv.URL, "GetRecords", map[string]any{"ShardIterator": it, "Limit": 1})
	if status != 200 {
		t.Fatalf("GetRecords = %d", status)
	}
	var recs []map[string]cbor.RawMessage
	member(t, out, "Records", &recs)
	if len(recs) != 1 {
		t.Fatalf("GetRecords Limit 1 = %d records", len(recs))
	}
	// Blobs are CBOR byte strings, not base64 text.
	var got any
	member(t, recs[0], "Data", &got)
	if b, ok := got.([]byte); !ok || !bytes.Equal(b, data) {
		t.Errorf("Data = %#v (%T), want the byte string %x", got, got, data)
	}
	var seq string
	member(t, recs[0], "SequenceNumber", &seq)
	if seq != results[0].SequenceNumber {
		t.Errorf("SequenceNumber = %s, want %s", seq, results[0].SequenceNumber)
	}
	// Timestamps are tag 1 around integer epoch milliseconds.
	var ts cbor.RawTag
	member(t, recs[0], "ApproximateArrivalTimestamp", &ts)
	var millis int64
	if err := cbor.Unmarshal(ts.Content, &millis); ts.Number != 1 || err != nil || millis != epoch.UnixMilli() {
		t.Errorf("ApproximateArrivalTimestamp = tag %d content %x, want tag 1 around %d", ts.Number, []byte(ts.Content), epoch.UnixMilli())
	}
	var next string
	member(t, out, "NextShardIterator", &next)
	var behind int64
	member(t, out, "MillisBehindLatest", &behind)
	if next == "" || next == it {
		t.Errorf("NextShardIterator = %q", next)
	}

	status, out = kinesisCBOR(t, srv.URL, "GetRecords", map[string]any{"ShardIterator": next})
	member(t, out, "Records", &recs)
	if status != 200 || len(recs) != 1 {
		t.Fatalf("second GetRecords = %d, %d records", status, len(recs))
	}

	// Errors are CBOR too, with a bare __type and a lower-case message.
	status, out = kinesisCBOR(t, srv.URL, "DescribeStreamSummary", map[string]any{"StreamName": "missing"})
	var typ, msg string
	member(t, out, "__type", &typ)
	member(t, out, "message", &msg)
	if status != 400 || typ != "ResourceNotFoundException" || msg != "Stream missing under account "+account+" not found." {
		t.Errorf("missing stream = %d %s %q", status, typ, msg)
	}
	status, out = kinesisCBOR(t, srv.URL, "PutRecord", map[string]any{"StreamName": name, "PartitionKey": "k", "Data": 42})
	member(t, out, "__type", &typ)
	// Kinesis's framing errors carry a bare type too, the text in "Message".
	member(t, out, "Message", &msg)
	if status != 400 || typ != "SerializationException" || msg == "" {
		t.Errorf("PutRecord with a number for Data = %d %s %q", status, typ, msg)
	}
}
