package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/sdkhttp"
)

func TestKinesis_Consumers(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	arn := aws.String(streamARN(name))
	var consumerARNs []string
	for _, c := range []string{"alpha", "beta"} {
		out, err := h.kin.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: arn, ConsumerName: aws.String(c)})
		if err != nil {
			t.Fatal(err)
		}
		got := aws.ToString(out.Consumer.ConsumerARN)
		if !strings.HasPrefix(got, streamARN(name)+"/consumer/"+c+":") {
			t.Errorf("consumer ARN %s", got)
		}
		consumerARNs = append(consumerARNs, got)
	}
	_, err := h.kin.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: arn, ConsumerName: aws.String("alpha")})
	wantAPIError(t, err, "ResourceInUseException")

	byARN, err := h.kin.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String(consumerARNs[0])})
	if err != nil {
		t.Fatal(err)
	}
	byName, err := h.kin.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{StreamARN: arn, ConsumerName: aws.String("alpha")})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*ktypes.ConsumerDescription{byARN.ConsumerDescription, byName.ConsumerDescription} {
		if aws.ToString(d.ConsumerARN) != consumerARNs[0] || d.ConsumerStatus != ktypes.ConsumerStatusActive ||
			aws.ToString(d.StreamARN) != streamARN(name) {
			t.Errorf("DescribeStreamConsumer = %s %s on %s", aws.ToString(d.ConsumerARN), d.ConsumerStatus, aws.ToString(d.StreamARN))
		}
	}

	var listed []string
	in := &kinesis.ListStreamConsumersInput{StreamARN: arn, MaxResults: aws.Int32(1)}
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatal("ListStreamConsumers does not end")
		}
		out, err := h.kin.ListStreamConsumers(h.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range out.Consumers {
			listed = append(listed, aws.ToString(c.ConsumerName))
		}
		if out.NextToken == nil {
			break
		}
		in = &kinesis.ListStreamConsumersInput{StreamARN: arn, NextToken: out.NextToken, MaxResults: aws.Int32(1)}
	}
	if !slices.Equal(listed, []string{"alpha", "beta"}) {
		t.Errorf("ListStreamConsumers = %q", listed)
	}
	sum, err := h.kin.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamARN: arn})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt32(sum.StreamDescriptionSummary.ConsumerCount) != 2 {
		t.Errorf("ConsumerCount = %d", aws.ToInt32(sum.StreamDescriptionSummary.ConsumerCount))
	}

	_, err = h.kin.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(name)})
	wantAPIError(t, err, "ResourceInUseException")
	if _, err := h.kin.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: aws.String(consumerARNs[0])}); err != nil {
		t.Fatal(err)
	}
	_, err = h.kin.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String(consumerARNs[0])})
	wantAPIError(t, err, "ResourceNotFoundException")
	if _, err := h.kin.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(name), EnforceConsumerDeletion: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
}

// subscription is an open SubscribeToShard event stream.
type subscription struct {
	t      *testing.T
	stream *kinesis.SubscribeToShardEventStream
}

func (h *kinesisHarness) subscribe(t *testing.T, client *kinesis.Client, consumerARN string, pos *ktypes.StartingPosition) *subscription {
	t.Helper()
	out, err := client.SubscribeToShard(h.ctx, &kinesis.SubscribeToShardInput{ConsumerARN: aws.String(consumerARN),
		ShardId: aws.String(shard0), StartingPosition: pos})
	if err != nil {
		t.Fatalf("SubscribeToShard: %v", err)
	}
	s := &subscription{t: t, stream: out.GetStream()}
	t.Cleanup(func() { s.stream.Close() })
	return s
}

// next returns the next SubscribeToShardEvent.
func (s *subscription) next() *ktypes.SubscribeToShardEvent {
	s.t.Helper()
	select {
	case ev, ok := <-s.stream.Events():
		if !ok {
			s.t.Fatalf("event stream ended: %v", s.stream.Err())
		}
		member, ok := ev.(*ktypes.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
		if !ok {
			s.t.Fatalf("event of type %T", ev)
		}
		return &member.Value
	case <-time.After(testTimeout):
		s.t.Fatal("no event")
		return nil
	}
}

// collect reads events until it has n records, and returns their data and
// the last ContinuationSequenceNumber.
func (s *subscription) collect(n int) ([]string, string) {
	s.t.Helper()
	var data []string
	var cont string
	for len(data) < n {
		ev := s.next()
		data = append(data, dataOf(ev.Records)...)
		cont = aws.ToString(ev.ContinuationSequenceNumber)
	}
	return data, cont
}

func TestKinesis_SubscribeToShard(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(epoch)
	h := newKinesisHarness(t, servertest.WithClock(clk))
	name := h.createStream(t, 1)
	h.put(t, name, "k", []byte("before"))
	reg, err := h.kin.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(streamARN(name)),
		ConsumerName: aws.String("efo")})
	if err != nil {
		t.Fatal(err)
	}
	consumer := aws.ToString(reg.Consumer.ConsumerARN)

	sub := h.subscribe(t, h.kin, consumer, &ktypes.StartingPosition{Type: ktypes.ShardIteratorTypeLatest})
	if first := sub.next(); len(first.Records) != 0 || aws.ToString(first.ContinuationSequenceNumber) == "" {
		t.Fatalf("first event = %d records, continuation %q", len(first.Records), aws.ToString(first.ContinuationSequenceNumber))
	}
	// The subscription has started: these arrive as they are put.
	h.put(t, name, "k", []byte("live-1"))
	h.put(t, name, "k", []byte("live-2"))
	data, cont := sub.collect(2)
	if !slices.Equal(data, []string{"live-1", "live-2"}) {
		t.Fatalf("subscription delivered %q", data)
	}
	sub.stream.Close()

	h.put(t, name, "k", []byte("gap-1"))
	h.put(t, name, "k", []byte("gap-2"))
	// A new subscription of the same consumer and shard takes over after
	// five seconds.
	clk.Advance(6 * time.Second)
	resumed := h.subscribe(t, h.http2Client(t), consumer, &ktypes.StartingPosition{
		Type: ktypes.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: aws.String(cont)})
	data, _ = resumed.collect(2)
	if !slices.Equal(data, []string{"gap-1", "gap-2"}) {
		t.Fatalf("resumed subscription delivered %q, want the records put in between", data)
	}

	// A second subscription within five seconds is refused.
	_, err = h.kin.SubscribeToShard(h.ctx, &kinesis.SubscribeToShardInput{ConsumerARN: aws.String(consumer),
		ShardId: aws.String(shard0), StartingPosition: &ktypes.StartingPosition{Type: ktypes.ShardIteratorTypeLatest}})
	wantAPIError(t, err, "ResourceInUseException")
	_, err = h.kin.SubscribeToShard(h.ctx, &kinesis.SubscribeToShardInput{ConsumerARN: aws.String(consumer + "0"),
		ShardId: aws.String(shard0), StartingPosition: &ktypes.StartingPosition{Type: ktypes.ShardIteratorTypeLatest}})
	wantAPIError(t, err, "ResourceNotFoundException")
}

// http2Client returns a Kinesis client that speaks HTTP/2 without TLS
// (prior knowledge), as the Java SDK's Netty client does.
func (h *kinesisHarness) http2Client(t *testing.T) *kinesis.Client {
	t.Helper()
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(tr.CloseIdleConnections)
	return h.srv.Kinesis(t, func(o *kinesis.Options) { o.HTTPClient = &http.Client{Transport: &sdkhttp.Transport{Base: tr}} })
}

// TestKinesis_ShutdownEndsSubscriptions checks that a server shutting down
// ends its subscriptions at once rather than after their five minutes.
func TestKinesis_ShutdownEndsSubscriptions(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(epoch)
	h := newKinesisHarness(t, servertest.WithClock(clk))
	name := h.createStream(t, 1)
	reg, err := h.kin.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(streamARN(name)),
		ConsumerName: aws.String("efo")})
	if err != nil {
		t.Fatal(err)
	}
	sub := h.subscribe(t, h.kin, aws.ToString(reg.Consumer.ConsumerARN), &ktypes.StartingPosition{Type: ktypes.ShardIteratorTypeTrimHorizon})
	sub.next()
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		h.srv.Stop(t)
	}()
	select {
	case <-stopped:
	case <-time.After(20 * time.Second):
		t.Fatal("shutdown waits for the subscription")
	}
	for range sub.stream.Events() {
	}
	if err := sub.stream.Err(); err != nil {
		t.Errorf("subscription ended with %v", err)
	}
}
