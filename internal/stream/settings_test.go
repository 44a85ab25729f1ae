package stream

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestService_MaxRecordSize(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	put := func(data []byte, key string) error {
		_, err := b.svc.PutRecord(b.ctx, &PutRecordParams{Stream: ref("s"), Data: data, PartitionKey: key})
		return err
	}
	if err := put(make([]byte, 1<<20-1), "k"); err != nil {
		t.Fatalf("1 MiB record (data and key) refused: %v", err)
	}
	err := put(make([]byte, 1<<20-1), "kk")
	wantKind(t, err, ErrInvalidArgument, "Record size 1048577 bytes (data plus partition key) exceeds the maximum "+
		"record size of 1024 KiB of stream s under account 000000000000.")
	err = put(make([]byte, 1<<20+1), "k")
	wantKind(t, err, ErrValidation, "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 "+
		"cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576")
	err = b.svc.UpdateMaxRecordSize(b.ctx, ref("s"), 10241)
	wantKind(t, err, ErrValidation, "")
	if err := b.svc.UpdateMaxRecordSize(b.ctx, ref("s"), 10240); err != nil {
		t.Fatal(err)
	}
	if err := put(make([]byte, 10<<20-1), "k"); err != nil {
		t.Fatalf("10 MiB record refused after UpdateMaxRecordSize: %v", err)
	}
	d, err := b.svc.DescribeStreamSummary(b.ctx, ref("s"))
	if err != nil || d.MaxRecordSizeKiB != 10240 {
		t.Fatalf("summary = %+v, %v", d, err)
	}
}

func TestService_Tags(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	tags := map[string]string{}
	for i := range 50 {
		tags[fmt.Sprintf("k%02d", i)] = "v"
	}
	if err := b.svc.AddTagsToStream(b.ctx, ref("s"), tags); err != nil {
		t.Fatal(err)
	}
	err := b.svc.AddTagsToStream(b.ctx, ref("s"), map[string]string{"one-more": "v"})
	wantKind(t, err, ErrInvalidArgument, "Failed to add tags to stream s under account 000000000000 because a given "+
		"stream cannot have more than 50 tags associated with it.")
	err = b.svc.AddTagsToStream(b.ctx, ref("s"), map[string]string{"k00": "bad\x00value"})
	wantKind(t, err, ErrInvalidArgument, "Some tags contain invalid characters. Valid characters: Unicode letters, "+
		"digits, white space, _ . / = + - % @.")
	page, more, err := b.svc.ListTagsForStream(b.ctx, ref("s"), "k09", 5)
	if err != nil || !more || len(page) != 5 || page[0].Key != "k10" {
		t.Fatalf("ListTagsForStream = %v, %v, %v", page, more, err)
	}
	if err := b.svc.RemoveTagsFromStream(b.ctx, ref("s"), []string{"k00", "absent"}); err != nil {
		t.Fatal(err)
	}
	all, err := b.svc.ListTagsForResource(b.ctx, testAccount, b.svc.StreamARN(ref("s")))
	if err != nil || len(all) != 49 || all[0].Key != "k01" {
		t.Fatalf("ListTagsForResource = %d tags, %v", len(all), err)
	}
}

func TestService_EncryptionMonitoringPolicy(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.createStream(t, "s", 1)
	if err := b.svc.StartStreamEncryption(b.ctx, ref("s"), EncryptionKMS, "alias/aws/kinesis"); err != nil {
		t.Fatal(err)
	}
	res := b.put(t, "s", "k", "x")
	if res.EncryptionType != EncryptionKMS {
		t.Fatalf("PutRecord on an encrypted stream says %q", res.EncryptionType)
	}
	if err := b.svc.StopStreamEncryption(b.ctx, ref("s"), EncryptionKMS, "alias/aws/kinesis"); err != nil {
		t.Fatal(err)
	}
	m, err := b.svc.EnableEnhancedMonitoring(b.ctx, ref("s"), []string{"IncomingBytes"})
	if err != nil || len(m.Current) != 0 || !slices.Equal(m.Desired, []string{"IncomingBytes"}) {
		t.Fatalf("EnableEnhancedMonitoring = %+v, %v", m, err)
	}
	m, err = b.svc.EnableEnhancedMonitoring(b.ctx, ref("s"), []string{"ALL"})
	if err != nil || len(m.Desired) != 7 {
		t.Fatalf("EnableEnhancedMonitoring(ALL) = %+v, %v", m, err)
	}
	m, err = b.svc.DisableEnhancedMonitoring(b.ctx, ref("s"), []string{"ALL"})
	if err != nil || len(m.Current) != 7 || len(m.Desired) != 0 {
		t.Fatalf("DisableEnhancedMonitoring(ALL) = %+v, %v", m, err)
	}
	arn := b.svc.StreamARN(ref("s"))
	err = b.svc.PutResourcePolicy(b.ctx, testAccount, arn, "{not json")
	wantKind(t, err, ErrInvalidArgument, "")
	policy := `{"Version":"2012-10-17","Statement":[]}`
	if err := b.svc.PutResourcePolicy(b.ctx, testAccount, arn, policy); err != nil {
		t.Fatal(err)
	}
	if got, err := b.svc.GetResourcePolicy(b.ctx, testAccount, arn); err != nil || got != policy {
		t.Fatalf("GetResourcePolicy = %q, %v", got, err)
	}
	if err := b.svc.DeleteResourcePolicy(b.ctx, testAccount, arn); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.svc.GetResourcePolicy(b.ctx, testAccount, arn); got != "{}" {
		t.Fatalf("policy after delete = %q", got)
	}
	_, err = b.svc.GetResourcePolicy(b.ctx, testAccount, strings.Replace(arn, "stream/s", "stream/s/consumer/c:1", 1))
	wantKind(t, err, ErrResourceNotFound, "")
}

func TestService_Consumers(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{ConsumerLimit: 2, CreateDelay: 0})
	b.createStream(t, "s", 1)
	arn := b.svc.StreamARN(ref("s"))
	for _, name := range []string{"b", "a"} {
		if _, err := b.svc.RegisterStreamConsumer(b.ctx, testAccount, arn, name, nil); err != nil {
			t.Fatal(err)
		}
	}
	_, err := b.svc.RegisterStreamConsumer(b.ctx, testAccount, arn, "a", nil)
	wantKind(t, err, ErrResourceInUse, "")
	_, err = b.svc.RegisterStreamConsumer(b.ctx, testAccount, arn, "c", nil)
	wantKind(t, err, ErrLimitExceeded, "")
	list, next, err := b.svc.ListStreamConsumers(b.ctx, &ListStreamConsumersParams{Account: testAccount, StreamARN: arn,
		MaxResults: 1})
	if err != nil || len(list) != 1 || list[0].Name != "a" || next == "" {
		t.Fatalf("first page = %+v, %q, %v", list, next, err)
	}
	list, next, err = b.svc.ListStreamConsumers(b.ctx, &ListStreamConsumersParams{Account: testAccount, StreamARN: arn,
		NextToken: next})
	if err != nil || len(list) != 1 || list[0].Name != "b" || next != "" {
		t.Fatalf("second page = %+v, %q, %v", list, next, err)
	}
	if err := b.svc.DeregisterStreamConsumer(b.ctx, ConsumerSelector{Account: testAccount, StreamARN: arn,
		ConsumerName: "a"}); err != nil {
		t.Fatal(err)
	}
	_, err = b.svc.DescribeStreamConsumer(b.ctx, ConsumerSelector{Account: testAccount, ConsumerARN: list[0].ARN + "9"})
	wantKind(t, err, ErrResourceNotFound, "")
	d, err := b.svc.DescribeStreamSummary(b.ctx, ref("s"))
	if err != nil || d.ConsumerCount != 1 {
		t.Fatalf("ConsumerCount = %+v, %v", d, err)
	}
}
