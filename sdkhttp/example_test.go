package sdkhttp_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/sdkhttp"
)

// An SQS client whose large receives are never cut off. Only the endpoint
// says sluice: the same client works against AWS.
func ExampleNewClient() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Listen: "127.0.0.1:0", Memory: true}) // yours: http://localhost:4566
	if err != nil || srv.Start(ctx) != nil {
		panic("cannot start sluice")
	}
	defer srv.Shutdown(ctx)

	client := sqs.New(sqs.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(srv.URL()),
		HTTPClient:   sdkhttp.NewClient(),
	})
	q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("photos")})
	if err != nil {
		panic(err)
	}
	big := strings.Repeat("x", 1<<20) // the largest message SQS takes
	if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: &big}); err != nil {
		panic(err)
	}
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(out.Messages), len(*out.Messages[0].Body))
	// Output: 1 1048576
}
