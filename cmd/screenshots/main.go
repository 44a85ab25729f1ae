// Command screenshots remakes the console's pictures in docs/: it starts
// sluice in memory, makes a few queues and a stream, sends a burst of
// messages to a queue with a SluiceDeliveryRate, drains it with a few
// consumers and, partway through, saves the queue list and the queue's
// smoothing chart as headless chromium draws them.
//
//	go run ./cmd/screenshots [-out docs] [-chromium /usr/bin/chromium]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/chromedp/chromedp"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/sdkhttp"
)

// The scene: a burst of burst messages drained at rate a second; the
// pictures are taken once shotAfter of them are deleted.
const (
	burst     = 6000
	rate      = 200
	shotAfter = 2400
	consumers = 4
)

func main() {
	out := flag.String("out", "docs", "`directory` the pictures are written to")
	chromium := flag.String("chromium", "", "`path` of chromium (default: chromium on PATH)")
	flag.Parse()
	if err := run(*out, *chromium); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(out, chromium string) error {
	if chromium == "" {
		p, err := exec.LookPath("chromium")
		if err != nil {
			return errors.New("no chromium on PATH (apt-get install chromium, or give -chromium)")
		}
		chromium = p
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv, err := server.New(server.Config{Listen: "127.0.0.1:0", Memory: true})
	if err != nil {
		return err
	}
	defer func() { _ = srv.Shutdown(context.Background()) }()
	if err := srv.Start(ctx); err != nil {
		return err
	}
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL()), HTTPClient: sdkhttp.NewClient(),
		Credentials: credentials.NewStaticCredentialsProvider("demo", "demo", "")}
	s := &scene{sqs: sqs.NewFromConfig(cfg), kinesis: kinesis.NewFromConfig(cfg)}
	likes, err := s.setUp(ctx)
	if err != nil {
		return err
	}
	if err := s.send(ctx, likes, burst); err != nil {
		return err
	}
	drainCtx, stopDrain := context.WithCancel(ctx)
	defer stopDrain()
	reached := s.drain(drainCtx, likes)
	select {
	case <-reached:
	case <-ctx.Done():
		return ctx.Err()
	}
	err = shoot(ctx, chromium, srv.URL(), out)
	stopDrain()
	s.wg.Wait()
	return err
}

// scene holds the clients and the consumers' count.
type scene struct {
	sqs     *sqs.Client
	kinesis *kinesis.Client
	deleted atomic.Int64
	wg      sync.WaitGroup
}

// setUp makes the queues and the stream and returns the URL of the queue
// that gets the burst.
func (s *scene) setUp(ctx context.Context) (string, error) {
	if _, err := s.createQueue(ctx, "likes-dlq", nil); err != nil {
		return "", err
	}
	likes, err := s.createQueue(ctx, "likes", map[string]string{
		"SluiceDeliveryRate": strconv.Itoa(rate),
		"RedrivePolicy":      `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:likes-dlq","maxReceiveCount":5}`,
	})
	if err != nil {
		return "", err
	}
	orders, err := s.createQueue(ctx, "orders", map[string]string{"DelaySeconds": "30"})
	if err != nil {
		return "", err
	}
	if err := s.send(ctx, orders, 40); err != nil {
		return "", err
	}
	if _, err := s.createQueue(ctx, "emails.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"}); err != nil {
		return "", err
	}
	return likes, s.stream(ctx)
}

func (s *scene) createQueue(ctx context.Context, name string, attrs map[string]string) (string, error) {
	res, err := s.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	return *res.QueueUrl, nil
}

// stream makes a four-shard stream with records skewed to one shard.
func (s *scene) stream(ctx context.Context) error {
	if _, err := s.kinesis.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(4)}); err != nil {
		return err
	}
	for i := range 300 {
		key := "user-" + strconv.Itoa(i%7)
		if i%3 == 0 {
			key = "hot-user"
		}
		if _, err := s.kinesis.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("clicks"),
			PartitionKey: aws.String(key), Data: []byte(`{"click":` + strconv.Itoa(i) + `}`)}); err != nil {
			return err
		}
	}
	return nil
}

// send sends n messages in batches of ten.
func (s *scene) send(ctx context.Context, url string, n int) error {
	for first := 0; first < n; first += 10 {
		var entries []sqstypes.SendMessageBatchRequestEntry
		for i := first; i < min(first+10, n); i++ {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{
				Id: aws.String("m" + strconv.Itoa(i-first)), MessageBody: aws.String(`{"like":` + strconv.Itoa(i) + `}`)})
		}
		if _, err := s.sqs.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries}); err != nil {
			return err
		}
	}
	return nil
}

// drain runs the consumers until ctx ends; the channel closes once
// shotAfter messages are deleted.
func (s *scene) drain(ctx context.Context, url string) <-chan struct{} {
	reached := make(chan struct{})
	var once sync.Once
	for range consumers {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for ctx.Err() == nil {
				res, err := s.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 5})
				if err != nil || len(res.Messages) == 0 {
					continue
				}
				var entries []sqstypes.DeleteMessageBatchRequestEntry
				for i, m := range res.Messages {
					entries = append(entries, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle})
				}
				if _, err := s.sqs.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(url), Entries: entries}); err == nil {
					if s.deleted.Add(int64(len(entries))) >= shotAfter {
						once.Do(func() { close(reached) })
					}
				}
			}
		}()
	}
	return reached
}

// shoot saves the queue list and the burst queue's page.
func shoot(ctx context.Context, chromium, base, out string) error {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Headless, chromedp.WindowSize(1280, 800), chromedp.Flag("disable-gpu", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()
	list, err := shot(tab, base+"/console/#/queues", `document.querySelectorAll('#queue-rows tr').length === 4`)
	if err != nil {
		return fmt.Errorf("queue list: %w", err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(base+"/console/#/queue/000000000000/likes"),
		chromedp.WaitVisible(`button[data-range="1m"]`), chromedp.Click(`button[data-range="1m"]`)); err != nil {
		return err
	}
	chart, err := shot(tab, "", `document.getElementById('drain')?.textContent.includes('time to drain')`)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	for name, png := range map[string][]byte{"console-queues.png": list, "console-chart.png": chart} {
		if err := os.WriteFile(filepath.Join(out, name), png, 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", filepath.Join(out, name))
	}
	return nil
}

// shot opens url (unless empty), waits for ready to hold and captures the
// window.
func shot(tab context.Context, url, ready string) ([]byte, error) {
	if url != "" {
		if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
			return nil, err
		}
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[chromedp.Void](ready, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		return nil, err
	}
	return chromedp.Run(tab, chromedp.CaptureScreenshot())
}
