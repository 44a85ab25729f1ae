package worker

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// maxBatchBytes is SQS's cap on a SendMessageBatch's total payload.
const maxBatchBytes = 1 << 20

// ErrProducerClosed is what Send returns after Close.
var ErrProducerClosed = errors.New("worker: producer closed")

// Outgoing is a message to send.
type Outgoing struct {
	Body string
	// Delay postpones the first delivery (up to 15 min; not on FIFO).
	Delay time.Duration
	// GroupID and DeduplicationID are for FIFO queues.
	GroupID, DeduplicationID string
	// Attributes are message attributes.
	Attributes map[string]types.MessageAttributeValue
}

// size is what the message counts toward the batch cap: body and
// attribute names, types and values.
func (m *Outgoing) size() int {
	n := len(m.Body)
	for name, v := range m.Attributes {
		n += len(name) + len(aws.ToString(v.DataType)) + len(aws.ToString(v.StringValue)) + len(v.BinaryValue)
	}
	return n
}

// SendError is SQS's refusal of one message of a batch.
type SendError struct {
	Code, Message string
	// SenderFault is true when the message itself was at fault.
	SenderFault bool
}

// Error gives the code and message SQS refused the message with.
func (e *SendError) Error() string { return "worker: send refused: " + e.Code + ": " + e.Message }

// ProducerOptions configure a Producer.
type ProducerOptions struct {
	// Linger is how long a batch waits for more messages once its first
	// arrives (default 2 ms). A full batch (10 messages or 1 MiB) goes at
	// once.
	Linger time.Duration
	// MaxInFlight is how many SendMessageBatch calls may be under way at
	// once (default 16). When all are, messages gather into fuller batches.
	MaxInFlight int
	// Clock is the time source; nil means the wall clock.
	Clock Clock
}

// Producer sends messages to one queue, coalescing the Send calls of many
// goroutines into SendMessageBatch requests. Its zero value is not usable:
// call NewProducer, and Close when done.
type Producer struct {
	client   Client
	queueURL string
	opts     ProducerOptions
	in       chan *pending
	slots    chan struct{}
	closing  chan struct{}
	once     sync.Once
	wg       sync.WaitGroup
}

// pending is one Send waiting for its batch.
type pending struct {
	msg    *Outgoing
	result chan sendResult
}

type sendResult struct {
	id  string
	err error
}

// NewProducer starts a producer for the queue at queueURL.
func NewProducer(client Client, queueURL string, opts ProducerOptions) *Producer {
	if opts.Linger <= 0 {
		opts.Linger = 2 * time.Millisecond
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = 16
	}
	if opts.Clock == nil {
		opts.Clock = wallClock{}
	}
	p := &Producer{client: client, queueURL: queueURL, opts: opts, in: make(chan *pending),
		slots: make(chan struct{}, opts.MaxInFlight), closing: make(chan struct{})}
	p.wg.Go(p.batchLoop)
	return p
}

// Send sends m and returns its MessageId once SQS has stored it. Safe for
// many goroutines at once. If ctx ends first Send returns ctx's error, but
// the message may still be sent.
func (p *Producer) Send(ctx context.Context, m *Outgoing) (string, error) {
	req := &pending{msg: m, result: make(chan sendResult, 1)}
	select {
	case p.in <- req:
	case <-p.closing:
		return "", ErrProducerClosed
	case <-ctx.Done():
		return "", ctx.Err()
	}
	select {
	case r := <-req.result:
		return r.id, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Close sends what is waiting, waits for the calls under way and stops
// the producer. Send then returns ErrProducerClosed.
func (p *Producer) Close() error {
	p.once.Do(func() { close(p.closing) })
	p.wg.Wait()
	return nil
}

// batchLoop gathers messages into batches and sends each batch.
func (p *Producer) batchLoop() {
	var sends sync.WaitGroup
	defer sends.Wait()
	for {
		var first *pending
		select {
		case first = <-p.in:
		case <-p.closing:
			return
		}
		batch := p.gather(first)
		p.slots <- struct{}{}
		sends.Go(func() {
			defer func() { <-p.slots }()
			p.send(batch)
		})
	}
}

// gather fills a batch starting with first until it is full or Linger has
// passed. A message that would push it over 1 MiB waits for the next.
func (p *Producer) gather(first *pending) []*pending {
	batch, size := []*pending{first}, first.msg.size()
	timer, stop := p.opts.Clock.After(p.opts.Linger)
	defer stop()
	for len(batch) < 10 {
		select {
		case next := <-p.in:
			if size+next.msg.size() > maxBatchBytes {
				go p.requeue(next)
				return batch
			}
			batch, size = append(batch, next), size+next.msg.size()
		case <-timer:
			return batch
		case <-p.closing:
			return batch
		}
	}
	return batch
}

// requeue hands a message back to the batch loop, or fails it once the
// producer closes.
func (p *Producer) requeue(req *pending) {
	select {
	case p.in <- req:
	case <-p.closing:
		req.result <- sendResult{err: ErrProducerClosed}
	}
}

// send makes one SendMessageBatch call and answers each caller.
func (p *Producer) send(batch []*pending) {
	entries := make([]types.SendMessageBatchRequestEntry, len(batch))
	for i, req := range batch {
		m := req.msg
		e := types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(m.Body),
			MessageAttributes: m.Attributes, DelaySeconds: seconds(m.Delay)}
		if m.GroupID != "" {
			e.MessageGroupId = aws.String(m.GroupID)
		}
		if m.DeduplicationID != "" {
			e.MessageDeduplicationId = aws.String(m.DeduplicationID)
		}
		entries[i] = e
	}
	out, err := p.client.SendMessageBatch(context.Background(), &sqs.SendMessageBatchInput{
		QueueUrl: aws.String(p.queueURL), Entries: entries})
	if err != nil {
		for _, req := range batch {
			req.result <- sendResult{err: err}
		}
		return
	}
	answered := make([]bool, len(batch))
	for _, ok := range out.Successful {
		if i, valid := entryIndex(ok.Id, len(batch)); valid && !answered[i] {
			batch[i].result <- sendResult{id: aws.ToString(ok.MessageId)}
			answered[i] = true
		}
	}
	for _, f := range out.Failed {
		if i, valid := entryIndex(f.Id, len(batch)); valid && !answered[i] {
			batch[i].result <- sendResult{err: &SendError{Code: aws.ToString(f.Code), Message: aws.ToString(f.Message),
				SenderFault: f.SenderFault}}
			answered[i] = true
		}
	}
	for i, done := range answered {
		if !done {
			batch[i].result <- sendResult{err: errors.New("worker: SendMessageBatch answered nothing for the message")}
		}
	}
}

// entryIndex reads a batch entry id back as an index below n.
func entryIndex(id *string, n int) (int, bool) {
	i, err := strconv.Atoi(aws.ToString(id))
	return i, err == nil && i >= 0 && i < n
}
