package awscbor

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// stamp is a timestamp type like kinesisapi.Timestamp.
type stamp time.Time

func (s stamp) EpochMillis() int64       { return time.Time(s).UnixMilli() }
func (s *stamp) SetEpochMillis(ms int64) { *s = stamp(time.UnixMilli(ms).UTC()) }

func stampOf(ms int64) *stamp {
	s := stamp(time.UnixMilli(ms).UTC())
	return &s
}

type putRecordsEntry struct {
	Data            []byte `json:"Data"`
	ExplicitHashKey string `json:"ExplicitHashKey,omitempty"`
	PartitionKey    string `json:"PartitionKey"`
}

type putRecordsInput struct {
	Records    []putRecordsEntry `json:"Records"`
	StreamName string            `json:"StreamName,omitempty"`
}

type iteratorInput struct {
	ShardIteratorType string `json:"ShardIteratorType"`
	Timestamp         *stamp `json:"Timestamp,omitempty"`
	Limit             *int   `json:"Limit,omitempty"`
}

type record struct {
	SequenceNumber              string `json:"SequenceNumber"`
	ApproximateArrivalTimestamp *stamp `json:"ApproximateArrivalTimestamp,omitempty"`
	Data                        []byte `json:"Data"`
	PartitionKey                string `json:"PartitionKey"`
}

type childShard struct {
	ShardID      string   `json:"ShardId"`
	ParentShards []string `json:"ParentShards"`
}

type recordsOutput struct {
	Records            []record         `json:"Records"`
	MillisBehindLatest int64            `json:"MillisBehindLatest"`
	ChildShards        []childShard     `json:"ChildShards,omitempty"`
	Created            stamp            `json:"Created"`
	Seen               map[string]stamp `json:"Seen,omitempty"`
	Ranges             [][]*stamp       `json:"Ranges,omitempty"`
	internal           int
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	// 2026-08-18T06:21:26.712Z, as the Java SDK sent it: tag 1, integer ms.
	javaMillis   = 1787036486712
	javaStampHex = "c1 1b 000001a013accc38"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		into any
		want any
	}{
		{"PutRecordsIndefiniteLengths", // as Jackson's CBOR generator writes maps and arrays
			`bf 67 5265636f726473 9f
			   bf 64 44617461 43 000102 6c 506172746974696f6e4b6579 61 61 ff
			   bf 64 44617461 40 6c 506172746974696f6e4b6579 61 62 ff
			 ff 6a 53747265616d4e616d65 66 6f7264657273 ff`,
			&putRecordsInput{}, &putRecordsInput{StreamName: "orders", Records: []putRecordsEntry{
				{Data: []byte{0, 1, 2}, PartitionKey: "a"}, {Data: []byte{}, PartitionKey: "b"}}}},
		{"PutRecordsDefiniteLengths",
			`a1 67 5265636f726473 81 a2 64 44617461 41 ff 6c 506172746974696f6e4b6579 61 6b`,
			&putRecordsInput{}, &putRecordsInput{Records: []putRecordsEntry{{Data: []byte{0xff}, PartitionKey: "k"}}}},
		{"JavaTimestamp", `a2 69 54696d657374616d70 ` + javaStampHex +
			` 71 53686172644974657261746f7254797065 6c 41545f54494d455354414d50`,
			&iteratorInput{}, &iteratorInput{ShardIteratorType: "AT_TIMESTAMP", Timestamp: stampOf(javaMillis)}},
		{"UntaggedMillis", `a1 69 54696d657374616d70 1b 000001a013accc38`,
			&iteratorInput{}, &iteratorInput{Timestamp: stampOf(javaMillis)}},
		{"FloatSeconds", `a1 69 54696d657374616d70 fb 41d5c0b1dd9eb852`,
			&iteratorInput{}, &iteratorInput{Timestamp: stampOf(1459799926480)}},
		{"TaggedFloatSeconds", `a1 69 54696d657374616d70 c1 fa 3fc00000`,
			&iteratorInput{}, &iteratorInput{Timestamp: stampOf(1500)}},
		{"NegativeMillis", `a1 69 54696d657374616d70 39 03e7`,
			&iteratorInput{}, &iteratorInput{Timestamp: stampOf(-1000)}},
		{"RFC3339", `a1 69 54696d657374616d70 c0 78 18 ` + hex.EncodeToString([]byte("2016-04-04T21:18:46.480Z")),
			&iteratorInput{}, &iteratorInput{Timestamp: stampOf(1459804726480)}},
		{"NullTimestamp", `a1 69 54696d657374616d70 f6`, &iteratorInput{}, &iteratorInput{}},
		{"CaseInsensitiveName", `a1 6a 73747265616d6e616d65 61 73`, &putRecordsInput{}, &putRecordsInput{StreamName: "s"}},
		{"UnknownMembersSkipped", `a2 63 466f6f a1 61 78 83 01 02 03 6a 53747265616d4e616d65 61 73`,
			&putRecordsInput{}, &putRecordsInput{StreamName: "s"}},
		{"EmptyBody", ``, &putRecordsInput{}, &putRecordsInput{}},
		{"EmptyMap", `a0`, &putRecordsInput{}, &putRecordsInput{}},
		{"Null", `f6`, &putRecordsInput{}, &putRecordsInput{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := Decode(unhex(t, tt.body), tt.into); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(tt.into, tt.want) {
				t.Errorf("Decode:\n got %+v\nwant %+v", tt.into, tt.want)
			}
		})
	}
}

func TestDecode_Errors(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("81", MaxNestedLevels) + "00"
	long := "a1 67 5265636f726473 99 0401" + strings.Repeat("a0", MaxElements+1)
	tests := []struct {
		name, body, message string
		into                any
	}{
		{"TextForBlob", `a1 67 5265636f726473 81 a1 64 44617461 62 4142`,
			"Invalid value in Records: expected a byte string, got UTF-8 text string.", &putRecordsInput{}},
		{"IntForString", `a1 6a 53747265616d4e616d65 01`,
			"Invalid value in StreamName: expected a text string, got positive integer.", &putRecordsInput{}},
		{"MapForList", `a1 67 5265636f726473 a0`, "Invalid value in Records: expected an array, got map.", &putRecordsInput{}},
		{"NotAMap", `80`, "Expected a CBOR map, got array.", &putRecordsInput{}},
		{"DuplicateKey", `a2 6a 53747265616d4e616d65 61 61 6a 53747265616d4e616d65 61 62`,
			"Malformed CBOR: a map repeats a key.", &putRecordsInput{}},
		{"TooDeep", `a1 63 466f6f ` + deep, "nested deeper than", &putRecordsInput{}},
		{"TooLong", long, "more than 1024 entries", &putRecordsInput{}},
		{"Trailing", `a0 a0`, "Unexpected content after the request's CBOR map.", &putRecordsInput{}},
		{"Truncated", `a1 6a 53747265616d4e616d65`, "Malformed", &putRecordsInput{}},
		{"InvalidUTF8", `a1 6a 53747265616d4e616d65 61 ff`, "Malformed", &putRecordsInput{}},
		{"TaggedTextMillis", `a1 69 54696d657374616d70 c1 61 31`, "Malformed request: tag number 1", &iteratorInput{}},
		{"OtherTag", `a1 69 54696d657374616d70 c2 41 01`, "Invalid timestamp", &iteratorInput{}},
		{"BoolTimestamp", `a1 69 54696d657374616d70 f5`, "Invalid timestamp", &iteratorInput{}},
		{"MillisPastYear9999", `a1 69 54696d657374616d70 1b 7fffffffffffffff`, "Invalid timestamp", &iteratorInput{}},
		{"SecondsPastYear9999", `a1 69 54696d657374616d70 fb 7ff0000000000000`, "Invalid timestamp", &iteratorInput{}},
		{"NaNSeconds", `a1 69 54696d657374616d70 f9 7e00`, "Invalid timestamp", &iteratorInput{}},
		{"BadRFC3339", `a1 69 54696d657374616d70 62 3132`, "Invalid timestamp", &iteratorInput{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Decode(unhex(t, tt.body), tt.into)
			de, ok := errors.AsType[*DecodeError](err)
			if !ok || !strings.Contains(de.Message, tt.message) {
				t.Errorf("Decode = %v, want a *DecodeError saying %q", err, tt.message)
			}
		})
	}
}

func TestDecode_NotAPointer(t *testing.T) {
	t.Parallel()
	for _, v := range []any{putRecordsInput{}, (*putRecordsInput)(nil), nil} {
		err := Decode([]byte{0xa0}, v)
		if _, isClient := errors.AsType[*DecodeError](err); err == nil || isClient {
			t.Errorf("Decode(%#v) = %v, want a non-client error", v, err)
		}
	}
}

func TestDecode_KeepsWhatTheBodyLacks(t *testing.T) {
	t.Parallel()
	limit := 7
	in := iteratorInput{Limit: &limit}
	if err := Decode(unhex(t, `a1 69 54696d657374616d70 00`), &in); err != nil {
		t.Fatal(err)
	}
	if in.Limit == nil || *in.Limit != 7 || in.Timestamp == nil || in.Timestamp.EpochMillis() != 0 {
		t.Errorf("Decode = %+v, want Limit kept and Timestamp set", in)
	}
}

func TestMarshal_Golden(t *testing.T) {
	t.Parallel()
	out := &recordsOutput{
		Records: []record{{SequenceNumber: "1", ApproximateArrivalTimestamp: stampOf(1459799926480),
			Data: []byte{0xff}, PartitionKey: "k"}},
		Created:  *stampOf(1000),
		internal: 5,
	}
	want := unhex(t, `a3
		67 5265636f726473 81 a4
			6e 53657175656e63654e756d626572 61 31
			78 1b 417070726f78696d6174654172726976616c54696d657374616d70 c1 1b 00000153e2db26d0
			64 44617461 41 ff
			6c 506172746974696f6e4b6579 61 6b
		72 4d696c6c6973426568696e644c6174657374 00
		67 43726561746564 c1 19 03e8`)
	got, err := Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Marshal =\n%x\nwant\n%x", got, want)
	}
}

func TestAppendInt(t *testing.T) {
	t.Parallel()
	for _, n := range []int64{0, 1, 23, 24, 255, 256, 65535, 65536, 1<<32 - 1, 1 << 32, math.MaxInt64,
		-1, -24, -25, -256, -257, -65537, -1 << 32, math.MinInt64} {
		want, err := cbor.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendInt(nil, n); !bytes.Equal(got, want) {
			t.Errorf("appendInt(%d) = %x, want %x", n, got, want)
		}
	}
}

func TestMarshal_NoTimestamps(t *testing.T) {
	t.Parallel()
	got, err := Marshal(putRecordsInput{Records: []putRecordsEntry{{Data: []byte("hi"), PartitionKey: "p"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := unhex(t, `a1 67 5265636f726473 81 a2 64 44617461 42 6869 6c 506172746974696f6e4b6579 61 70`)
	if !bytes.Equal(got, want) {
		t.Errorf("Marshal =\n%x\nwant\n%x", got, want)
	}
}

func TestMarshal_Nil(t *testing.T) {
	t.Parallel()
	for _, v := range []any{nil, (*recordsOutput)(nil)} {
		if got, err := Marshal(v); err != nil || !bytes.Equal(got, []byte{0xa0}) {
			t.Errorf("Marshal(%#v) = %x, %v; want a0", v, got, err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	records := make([]putRecordsEntry, 500)
	for i := range records {
		records[i] = putRecordsEntry{Data: bytes.Repeat([]byte{byte(i)}, i), PartitionKey: "pk", ExplicitHashKey: "1"}
	}
	tests := []struct {
		name string
		v    any
	}{
		{"PutRecords500", &putRecordsInput{Records: records, StreamName: "orders"}},
		{"RecordsOutput", &recordsOutput{
			Records: []record{
				{SequenceNumber: "49590338271490256608559692538361571095921575989136588898",
					ApproximateArrivalTimestamp: stampOf(1459799926480), Data: []byte{0, 0xff}, PartitionKey: "é"},
				{SequenceNumber: "2", Data: []byte{}, PartitionKey: "b"},
			},
			MillisBehindLatest: 1 << 40,
			ChildShards:        []childShard{{ShardID: "shardId-000000000002", ParentShards: []string{"a", "b"}}},
			Created:            *stampOf(-62135596800000),
			Seen:               map[string]stamp{"x": *stampOf(253402300799999)},
			Ranges:             [][]*stamp{{stampOf(1), nil}, {}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body, err := Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			got := reflect.New(reflect.TypeOf(tt.v).Elem()).Interface()
			if err := Decode(body, got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.v) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, tt.v)
			}
		})
	}
}

func TestWriteResponse(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	if err := WriteResponse(rec, "rid", &iteratorInput{ShardIteratorType: "LATEST"}); err != nil {
		t.Fatal(err)
	}
	want := unhex(t, `a1 71 53686172644974657261746f7254797065 66 4c4154455354`)
	if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), want) {
		t.Errorf("WriteResponse = %d %x, want 200 %x", rec.Code, rec.Body.Bytes(), want)
	}
	h := rec.Header()
	if h.Get("Content-Type") != ContentType || h.Get("x-amzn-RequestId") != "rid" || h.Get("Content-Length") != "26" {
		t.Errorf("headers = %v", h)
	}
}

func TestWriteResponse_Unencodable(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	if err := WriteResponse(rec, "rid", map[string]any{"c": make(chan int)}); err == nil {
		t.Fatal("WriteResponse(chan) succeeded, want an error")
	}
	if rec.Body.Len() != 0 || len(rec.Header()) != 0 {
		t.Errorf("WriteResponse wrote %q %v before failing", rec.Body, rec.Header())
	}
}

func TestWriteError(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	WriteError(rec, http.StatusBadRequest, Error{Type: "ResourceNotFoundException", Message: "Stream s not found.",
		RequestID: "rid"})
	want := unhex(t, `a2 66 5f5f74797065 78 19 5265736f757263654e6f74466f756e64457863657074696f6e
		67 6d657373616765 73 53747265616d2073206e6f7420666f756e642e`)
	if rec.Code != http.StatusBadRequest || !bytes.Equal(rec.Body.Bytes(), want) {
		t.Errorf("WriteError = %d %x, want 400 %x", rec.Code, rec.Body.Bytes(), want)
	}
	if rec.Header().Get("Content-Type") != ContentType || rec.Header().Get("x-amzn-RequestId") != "rid" {
		t.Errorf("headers = %v", rec.Header())
	}
	var generic map[string]string
	if err := cbor.Unmarshal(rec.Body.Bytes(), &generic); err != nil || generic["__type"] != "ResourceNotFoundException" {
		t.Errorf("body decodes as %v, %v", generic, err)
	}
}

func TestIsContentType(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]bool{
		"application/x-amz-cbor-1.1":               true,
		"application/x-amz-cbor-1.1; charset=utf8": true,
		"Application/X-Amz-Cbor-1.1":               true,
		"application/x-amz-json-1.1":               false,
		"":                                         false,
	} {
		if got := IsContentType(header); got != want {
			t.Errorf("IsContentType(%q) = %v, want %v", header, got, want)
		}
	}
}

func BenchmarkMarshal_Records(b *testing.B) {
	out := &recordsOutput{Records: make([]record, 1000)}
	for i := range out.Records {
		out.Records[i] = record{SequenceNumber: "49590338271490256608559692538361571095921575989136588898",
			ApproximateArrivalTimestamp: stampOf(1459799926480), Data: make([]byte, 100), PartitionKey: "pk"}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode_PutRecords(b *testing.B) {
	in := &putRecordsInput{StreamName: "s", Records: make([]putRecordsEntry, 500)}
	for i := range in.Records {
		in.Records[i] = putRecordsEntry{Data: make([]byte, 100), PartitionKey: "pk"}
	}
	body, err := Marshal(in)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Decode(body, &putRecordsInput{}); err != nil {
			b.Fatal(err)
		}
	}
}
