package cli

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/worker/stream"
)

func TestStreamGroupsCommand(t *testing.T) {
	t.Parallel()
	const key, secret, account = "AKIDGROUPS0000000001", "groups/Secret+Key0000000000000000000", "111111111111"
	srv := servertest.Start(t, servertest.WithCredentials(server.Credential{AccessKey: key, Secret: secret, Account: account}))
	ctx := t.Context()
	cfg := srv.AWSConfigAs(key, secret)
	kin := kinesis.NewFromConfig(cfg)
	if _, err := kin.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	groups, err := stream.NewGroupClient(cfg, stream.GroupClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := groups.JoinGroup(ctx, &stream.JoinGroupInput{StreamName: "clicks", GroupName: "billing", MemberID: "worker-1",
		StartingPosition: &stream.StartingPosition{Type: "TRIM_HORIZON"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := kin.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("clicks"), PartitionKey: aws.String("k"),
		Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret}
	code, out, errOut := runAdminCLI(t, vars, "stream", "groups", "clicks", "--endpoint", srv.URL)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"GROUP", "billing", "shardId-000000000000", "shardId-000000000001", "LEASED", "worker-1",
		"MS-BEHIND", "LAST-HEARTBEAT"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "billing") != 3 {
		t.Errorf("want two shard lines and one member line of billing:\n%s", out)
	}

	code, out, _ = runAdminCLI(t, vars, "stream", "groups", "clicks", "billing", "-o", "json", "--endpoint", srv.URL)
	var descs []stream.GroupDescription
	if decode(t, out, &descs); code != exitOK || len(descs) != 1 || len(descs[0].Shards) != 2 || descs[0].Members[0].MemberID != "worker-1" {
		t.Fatalf("json output (exit %d): %s", code, out)
	}
	var behind uint64
	for _, s := range descs[0].Shards {
		behind += s.RecordsBehindLatest
	}
	if behind != 1 {
		t.Errorf("records behind = %d, want 1", behind)
	}

	code, _, errOut = runAdminCLI(t, nil, "stream", "groups", "clicks", "--endpoint", srv.URL)
	if code != exitError || !strings.Contains(errOut, "UnrecognizedClientException") {
		t.Errorf("without a key: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runAdminCLI(t, vars, "stream", "groups", "--endpoint", srv.URL); code != exitUsage {
		t.Errorf("without a stream: exit %d, want %d", code, exitUsage)
	}
}
