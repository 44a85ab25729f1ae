package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/sluicemq/sluice/worker/stream"
)

// TestGroups_AccountsAndSignatures checks that the group API, with
// credentials configured, acts in the signer's account only and refuses
// what is not signed by a known key as Kinesis does, changing nothing.
func TestGroups_AccountsAndSignatures(t *testing.T) {
	t.Parallel()
	srv := authServer(t)
	ctx := testContext(t)
	for _, k := range []authKey{keyAlice, keyBob} {
		_, err := kinesisAs(srv, k).CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(1)})
		if err != nil {
			t.Fatalf("CreateStream as %s: %v", k.Account, err)
		}
	}
	alice := groupClientOf(t, srv.AWSConfigAs(keyAlice.ID, keyAlice.Secret), nil)
	bob := groupClientOf(t, srv.AWSConfigAs(keyBob.ID, keyBob.Secret), nil)
	a, err := alice.JoinGroup(ctx, &stream.JoinGroupInput{StreamName: "clicks", GroupName: "billing", MemberID: "a"})
	if err != nil || len(a.Leases) != 1 {
		t.Fatalf("alice's JoinGroup = %+v, %v", a, err)
	}

	list, err := bob.ListGroups(ctx, &stream.ListGroupsInput{StreamName: "clicks"})
	if err != nil || len(list.Groups) != 0 {
		t.Fatalf("bob's stream of the same name lists %+v, %v", list, err)
	}
	aliceARN := "arn:aws:kinesis:us-east-1:" + keyAlice.Account + ":stream/clicks"
	_, err = bob.DescribeGroup(ctx, &stream.GroupInput{StreamARN: aliceARN, GroupName: "billing"})
	wantGroupError(t, "bob describing alice's group by her stream's ARN", err, "ResourceNotFoundException",
		"under account "+keyAlice.Account+" not found")
	_, err = bob.Heartbeat(ctx, &stream.MemberInput{StreamName: "clicks", GroupName: "billing", MemberID: "a"})
	wantGroupError(t, "bob's heartbeat as alice's member", err, "ResourceNotFoundException", "Group billing of stream clicks")
	err = bob.Checkpoint(ctx, &stream.CheckpointInput{StreamName: "clicks", GroupName: "billing", MemberID: "a",
		ShardID: a.Leases[0].ShardID, LeaseEpoch: a.Leases[0].LeaseEpoch, Release: true})
	wantGroupError(t, "bob releasing alice's lease", err, "ResourceNotFoundException", "Group billing")

	body := []byte(`{"StreamName":"clicks","GroupName":"intruder","MemberId":"x"}`)
	for _, c := range []struct {
		what string
		key  *authKey
		want authWant
	}{
		{"unsigned", nil, wantMissing},
		{"an unknown key", &keyUnknown, wantUnknownKey},
		{"a wrong secret", new(keyAlice.withSecret("wrong/Secret+Key000000000000000000000")), wantMismatch},
	} {
		req := apiGroups.newRequest(t, srv.URL, "JoinGroup", body)
		if c.key != nil {
			apiGroups.sign(t, req, body, *c.key, time.Now())
		}
		t.Run(c.what, func(t *testing.T) { c.want.check(t, apiGroups, sendRaw(t, req, body)) })
	}
	list, err = alice.ListGroups(ctx, &stream.ListGroupsInput{StreamName: "clicks"})
	if err != nil || len(list.Groups) != 1 || list.Groups[0].GroupName != "billing" {
		t.Fatalf("after the refused joins alice's stream lists %+v, %v", list, err)
	}
	d, err := alice.DescribeGroup(ctx, &stream.GroupInput{StreamName: "clicks", GroupName: "billing"})
	if err != nil || len(d.Members) != 1 || d.Shards[0].Owner != "a" {
		t.Fatalf("alice's group after bob's attempts: %+v, %v", d, err)
	}
}
