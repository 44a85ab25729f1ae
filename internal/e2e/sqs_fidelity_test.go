package e2e

import (
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	awsv1 "github.com/aws/aws-sdk-go/aws"
	sqsv1 "github.com/aws/aws-sdk-go/service/sqs"
)

// TestFidelity_MessageAttributeWildcards: "prefix.*" selects the names
// that start with prefix, "*", ".*" and "All" select all; in both
// protocols.
func TestFidelity_MessageAttributeWildcards(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	query := queryClient(t, h.srv)
	url := h.createQueue(t, queueName(t, ""), map[string]string{"VisibilityTimeout": "0"})
	str := func(v string) types.MessageAttributeValue {
		return types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	if _, err := h.sqs.SendMessage(h.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("m"),
		MessageAttributes: map[string]types.MessageAttributeValue{"Hello": str("1"), "Help.Me": str("2"), "Other": str("3")}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		names []string
		want  []string
	}{
		{[]string{"Hel.*"}, []string{"Hello", "Help.Me"}},
		{[]string{"Help.*"}, []string{"Help.Me"}},
		{[]string{"*"}, []string{"Hello", "Help.Me", "Other"}},
		{[]string{".*"}, []string{"Hello", "Help.Me", "Other"}},
		{[]string{"All"}, []string{"Hello", "Help.Me", "Other"}},
		{[]string{"Other", "Nope.*"}, []string{"Other"}},
	} {
		out, err := h.sqs.ReceiveMessage(h.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MessageAttributeNames: tc.names})
		if err != nil || len(out.Messages) != 1 {
			t.Fatalf("JSON receive %q: %d messages, %v", tc.names, len(out.Messages), err)
		}
		if got := slices.Sorted(maps.Keys(out.Messages[0].MessageAttributes)); !slices.Equal(got, tc.want) {
			t.Errorf("JSON %q selected %q, want %q", tc.names, got, tc.want)
		}
		qout, err := query.ReceiveMessageWithContext(h.ctx, &sqsv1.ReceiveMessageInput{QueueUrl: awsv1.String(url),
			MessageAttributeNames: awsv1.StringSlice(tc.names)})
		if err != nil || len(qout.Messages) != 1 {
			t.Fatalf("query receive %q: %d messages, %v", tc.names, len(qout.Messages), err)
		}
		if got := slices.Sorted(maps.Keys(qout.Messages[0].MessageAttributes)); !slices.Equal(got, tc.want) {
			t.Errorf("query %q selected %q, want %q", tc.names, got, tc.want)
		}
	}
}
