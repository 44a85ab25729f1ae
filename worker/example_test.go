package worker_test

import (
	"context"
	"fmt"
	"log"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/sdkhttp"
	"github.com/sluicemq/sluice/worker"
)

// startSluice starts an in-memory sluice for the examples; an application
// has one running already (or uses AWS).
func startSluice() (client *sqs.Client, queueURL string, stop func()) {
	ctx := context.Background()
	srv, err := server.New(server.Config{Listen: "127.0.0.1:0", Memory: true})
	if err != nil || srv.Start(ctx) != nil {
		log.Fatal("cannot start sluice")
	}
	client = sqs.New(sqs.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL()),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), HTTPClient: sdkhttp.NewClient()})
	q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("likes")})
	if err != nil {
		log.Fatal(err)
	}
	return client, *q.QueueUrl, func() { srv.Shutdown(ctx) }
}

// A request handler sends through a Producer; a worker process consumes
// with 8 handlers at most 100 messages a second, heartbeats and backoff
// included.
func Example() {
	client, queueURL, stop := startSluice()
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())

	likes := worker.NewProducer(client, queueURL, worker.ProducerOptions{})
	for post := range 3 {
		if _, err := likes.Send(ctx, &worker.Outgoing{Body: fmt.Sprintf(`{"post":%d}`, post)}); err != nil {
			log.Fatal(err)
		}
	}
	likes.Close()

	var handled atomic.Int32
	consumer := worker.NewConsumer(client, queueURL, worker.Options{Concurrency: 8, Rate: 100, WaitTime: time.Second})
	err := consumer.Run(ctx, func(ctx context.Context, m *worker.Message) error {
		// Raise the post's score, notify its author... An error retries the message later.
		if handled.Add(1) == 3 {
			cancel() // an application stops on SIGTERM instead
		}
		return nil
	})
	fmt.Println(err, handled.Load())
	// Output: <nil> 3
}
