package stream_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/sdkhttp"
	"github.com/sluicemq/sluice/worker/stream"
)

// A member of the consumer group "billing" of the stream "clicks": it
// gets the stream's shards from sluice, reads each in order and
// checkpoints every batch its handler accepts. Start more members, in this
// process or others, and they share the shards.
func ExampleConsumer_Consume() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Listen: "127.0.0.1:0", Memory: true}) // yours: http://localhost:4566
	if err != nil || srv.Start(ctx) != nil {
		panic("cannot start sluice")
	}
	defer srv.Shutdown(ctx)

	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(srv.URL()),
		HTTPClient:   sdkhttp.NewClient(),
	}
	kin := kinesis.NewFromConfig(cfg)
	if _, err := kin.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(1)}); err != nil {
		panic(err)
	}
	for _, click := range []string{"home", "cart", "checkout"} {
		if _, err := kin.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("clicks"),
			PartitionKey: aws.String("user-1"), Data: []byte(click)}); err != nil {
			panic(err)
		}
	}

	groups, err := stream.NewGroupClient(cfg, stream.GroupClientOptions{})
	if err != nil {
		panic(err)
	}
	coord := stream.NewGroupCoordinator(groups, "clicks", "billing", stream.TrimHorizon())
	consumer := stream.NewConsumer(kin, "clicks", coord, stream.Options{})

	ctx, stop := context.WithCancel(ctx)
	seen := 0
	err = consumer.Consume(ctx, func(ctx context.Context, records []stream.Record) error {
		for _, r := range records {
			fmt.Println(r.ShardID, string(r.Data))
			if seen++; seen == 3 {
				stop() // Consume finishes this batch, checkpoints it and leaves the group
			}
		}
		return nil
	})
	fmt.Println("stopped:", err)
	// Output:
	// shardId-000000000000 home
	// shardId-000000000000 cart
	// shardId-000000000000 checkout
	// stopped: <nil>
}
