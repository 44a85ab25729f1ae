package query

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"reflect"
	"testing"
)

var fuzzSeeds = []string{
	"Action=SendMessageBatch&QueueUrl=u&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=b" +
		"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=n&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=Binary" +
		"&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.BinaryValue=AAE%3D&SendMessageBatchRequestEntry.1.DelaySeconds=1",
	"QueueName=q&Attribute.1.Name=DelaySeconds&Attribute.1.Value=1&Tag.1.Key=k&Tag.1.Value=%00%FF",
	"QueueUrl=u&AttributeName.1=All&AttributeName.2=x&MaxNumberOfMessages=10&Verbose=true&Nested.Inner=i&Nested.Count=3&Ratio=1e3",
	"AttributeName.0=x",
	"AttributeName.2=x",
	"Attribute.1.Value=v",
	"Tag.1.Key=a&Tag.2.Key=a",
	"MaxNumberOfMessages=99999999999999999999",
	"SendMessageBatchRequestEntry.999999999.Id=x",
	"SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringListValue.1=x&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=a",
	"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r=1",
}

// FuzzQueryDecode checks that no form makes Decode panic or fail with
// anything but a *DecodeError, and that what decodes re-encodes stably and
// renders as well-formed XML.
func FuzzQueryDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, newInput := range []func() any{
			func() any { return &sendBatchInput{} },
			func() any { return &createQueueInput{} },
			func() any { return &receiveInput{} },
		} {
			checkDecode(t, form, newInput)
		}
	})
}

func checkDecode(t *testing.T, form url.Values, newInput func() any) {
	in := newInput()
	if err := Decode(form, in); err != nil {
		if _, ok := errors.AsType[*DecodeError](err); !ok {
			t.Fatalf("Decode(%v) = %v, want a *DecodeError", form, err)
		}
		return
	}
	encoded, err := EncodeForm(in)
	if err != nil {
		t.Fatalf("EncodeForm(%+v): %v", in, err)
	}
	again := newInput()
	if err := Decode(encoded, again); err == nil {
		reencoded, err := EncodeForm(again)
		if err != nil || !reflect.DeepEqual(reencoded, encoded) {
			t.Fatalf("EncodeForm not stable:\n first %v\nsecond %v (%v)", encoded, reencoded, err)
		}
	}
	doc, err := MarshalResponse("ns", "Action", "id", in)
	if err != nil {
		t.Fatalf("MarshalResponse(%+v): %v", in, err)
	}
	wellFormed(t, doc)
}

func wellFormed(t *testing.T, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML (%v):\n%s", err, doc)
		}
	}
}
