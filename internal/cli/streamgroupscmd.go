package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/sluicemq/sluice/internal/config"
	"github.com/sluicemq/sluice/worker/stream"
)

// devAccessKey signs requests to a server without credentials, which
// accepts any signature.
const devAccessKey = "test"

// runStreamGroups runs "sluice stream groups STREAM [GROUP]": the consumer
// groups of a stream with their members, shards, checkpoints and lag,
// through the group API, signed like any Kinesis request.
func runStreamGroups(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("stream groups", stdio)
	f := addAdminFlags(fs)
	fs.Usage = adminUsage(fs, "Usage: sluice stream groups STREAM [GROUP] [flags]\n\n"+
		"Lists a stream's consumer groups (or one): which member holds each shard, the checkpoints,\n"+
		"the records and milliseconds each group is behind per shard, and the members' heartbeats.\n")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 1 || len(pos) > 2 {
		return wantArgs(fs, pos, 1, "a stream and at most one group")
	}
	if *f.output != "table" && *f.output != "json" {
		return fmt.Errorf("-o %q: want table or json", *f.output)
	}
	ctx, cancel := context.WithTimeout(ctx, *f.timeout)
	defer cancel()
	client, err := f.groupClient(stdio)
	if err != nil {
		return err
	}
	descs, err := describeGroups(ctx, client, pos)
	if err != nil {
		return err
	}
	s := &adminSession{json: *f.output == "json", out: stdio.Out}
	if s.json {
		return s.printJSON(descs)
	}
	return printGroups(s, descs)
}

// groupClient builds a signed group API client for the server the flags
// name, with the credential the admin commands would sign in with (a
// development key when none is configured).
func (f *adminFlags) groupClient(stdio IO) (*stream.GroupClient, error) {
	c, err := config.Load(f.config, stdio.LookupEnv)
	if err != nil {
		return nil, fmt.Errorf("configuration: %s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	c.EnsureDefaults()
	base, hc, err := healthTarget(c, *f.endpoint)
	if err != nil {
		return nil, err
	}
	key, secret, err := f.credential(c, stdio.LookupEnv)
	if err != nil {
		if len(c.Credentials) > 0 || *f.accessKey != "" {
			return nil, err
		}
		key, secret = devAccessKey, devAccessKey
	}
	region := "us-east-1"
	if r, ok := lookup(stdio, "AWS_REGION"); ok && r != "" {
		region = r
	}
	return stream.NewGroupClient(aws.Config{Region: region, BaseEndpoint: aws.String(base), HTTPClient: hc,
		Credentials: credentials.NewStaticCredentialsProvider(key, secret, "")}, stream.GroupClientOptions{})
}

func lookup(stdio IO, key string) (string, bool) {
	if stdio.LookupEnv == nil {
		return "", false
	}
	return stdio.LookupEnv(key)
}

// describeGroups describes the group named in pos[1], or every group of
// the stream pos[0].
func describeGroups(ctx context.Context, client *stream.GroupClient, pos []string) ([]*stream.GroupDescription, error) {
	name, arn := pos[0], ""
	if strings.HasPrefix(name, "arn:") {
		name, arn = "", pos[0]
	}
	groups := pos[1:]
	if len(groups) == 0 {
		list, err := client.ListGroups(ctx, &stream.ListGroupsInput{StreamName: name, StreamARN: arn})
		if err != nil {
			return nil, err
		}
		for _, g := range list.Groups {
			groups = append(groups, g.GroupName)
		}
	}
	out := make([]*stream.GroupDescription, 0, len(groups))
	for _, g := range groups {
		d, err := client.DescribeGroup(ctx, &stream.GroupInput{StreamName: name, StreamARN: arn, GroupName: g})
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// printGroups prints two tables: the shards of every group, then the
// members.
func printGroups(s *adminSession, descs []*stream.GroupDescription) error {
	if len(descs) == 0 {
		fmt.Fprintln(s.out, "no consumer groups")
		return nil
	}
	var shards, members [][]string
	for _, d := range descs {
		for _, sh := range d.Shards {
			epoch := ""
			if sh.LeaseEpoch != 0 {
				epoch = strconv.FormatInt(sh.LeaseEpoch, 10)
			}
			owner := sh.Owner
			if sh.HandoffTo != "" {
				owner += " -> " + sh.HandoffTo
			}
			shards = append(shards, []string{d.GroupName, sh.ShardID, sh.ShardState, sh.State, dash(owner), dash(epoch),
				strconv.FormatUint(sh.RecordsBehindLatest, 10), strconv.FormatInt(sh.MillisBehindLatest, 10), dash(sh.Checkpoint)})
		}
		for _, m := range d.Members {
			members = append(members, []string{d.GroupName, m.MemberID, dash(strings.Join(m.ShardIDs, ",")),
				m.LastHeartbeatTimestamp.Time().UTC().Format(time.RFC3339), m.LeaseExpiryTimestamp.Time().UTC().Format(time.RFC3339)})
		}
	}
	if err := s.table([]string{"GROUP", "SHARD", "SHARD-STATE", "STATE", "OWNER", "EPOCH", "BEHIND", "MS-BEHIND", "CHECKPOINT"}, shards); err != nil {
		return err
	}
	fmt.Fprintln(s.out)
	if len(members) == 0 {
		fmt.Fprintln(s.out, "no members")
		return nil
	}
	return s.table([]string{"GROUP", "MEMBER", "SHARDS", "LAST-HEARTBEAT", "EXPIRES"}, members)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
