package worker_test

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/worker"
)

// BenchmarkSend compares one SendMessage per message with the batching
// Producer, 64 callers at once against an in-process durable sluice. It
// reports messages per second and the callers' p99 latency:
//
//	go test -run '^$' -bench BenchmarkSend -benchtime 5s -count 5 ./worker/
func BenchmarkSend(b *testing.B) {
	srv := servertest.Start(b, servertest.WithDataDir(b.TempDir()))
	client := srv.SQS(b)
	ctx := context.Background()
	q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("bench")})
	if err != nil {
		b.Fatal(err)
	}
	url := aws.ToString(q.QueueUrl)
	b.Run("SendMessage", func(b *testing.B) {
		benchCallers(b, func() error {
			_, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("like")})
			return err
		})
	})
	b.Run("Producer", func(b *testing.B) {
		p := worker.NewProducer(client, url, worker.ProducerOptions{})
		defer p.Close()
		benchCallers(b, func() error {
			_, err := p.Send(ctx, &worker.Outgoing{Body: "like"})
			return err
		})
	})
}

// benchCallers runs send from 64 goroutines and reports throughput and p99.
func benchCallers(b *testing.B, send func() error) {
	const callers = 64
	b.SetParallelism((callers + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	var latencies []time.Duration
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			if err := send(); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	slices.Sort(latencies)
	if len(latencies) > 0 {
		b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "msgs/s")
		b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
	}
}
