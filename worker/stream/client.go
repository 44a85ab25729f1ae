package stream

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/sluicemq/sluice/worker"
)

// Protocol constants of sluice's consumer group API.
const (
	// TargetPrefix precedes the action in X-Amz-Target.
	TargetPrefix = "SluiceStreamGroups_20261201"
	// SigningService is the service requests are signed for: Kinesis's,
	// so one set of credentials serves both APIs.
	SigningService = "kinesis"
	contentType    = "application/x-amz-json-1.1"
	// maxResponseBytes bounds the body of a response read.
	maxResponseBytes = 8 << 20
)

// GroupClient calls sluice's consumer group API: AWS JSON 1.1 over HTTP,
// signed with SigV4 for the kinesis service. It is safe for concurrent
// use.
type GroupClient struct {
	endpoint string
	region   string
	creds    aws.CredentialsProvider
	http     aws.HTTPClient
	signer   *v4.Signer
	clock    worker.Clock
}

// GroupClientOptions configure NewGroupClient.
type GroupClientOptions struct {
	// Clock tells the signing time; nil means the wall clock.
	Clock worker.Clock
}

// NewGroupClient returns a client for the sluice at cfg.BaseEndpoint,
// signing with cfg.Credentials for cfg.Region and sending with
// cfg.HTTPClient (give it sdkhttp.NewClient(), as for the SDK's clients).
// The group API is sluice's, so BaseEndpoint is required.
func NewGroupClient(cfg aws.Config, opts GroupClientOptions) (*GroupClient, error) {
	if cfg.BaseEndpoint == nil || *cfg.BaseEndpoint == "" {
		return nil, errors.New("stream: the group client needs the sluice endpoint in aws.Config.BaseEndpoint")
	}
	c := &GroupClient{endpoint: strings.TrimSuffix(*cfg.BaseEndpoint, "/"), region: cfg.Region,
		creds: cfg.Credentials, http: cfg.HTTPClient, signer: v4.NewSigner(), clock: opts.Clock}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	if c.clock == nil {
		c.clock = wallClock{}
	}
	if c.region == "" {
		c.region = "us-east-1"
	}
	return c, nil
}

// JoinGroup joins (and, when missing, creates) a group.
func (c *GroupClient) JoinGroup(ctx context.Context, in *JoinGroupInput) (*WireAssignment, error) {
	out := &WireAssignment{}
	return out, c.call(ctx, "JoinGroup", in, out)
}

// Heartbeat renews a member's leases and returns its assignment.
func (c *GroupClient) Heartbeat(ctx context.Context, in *MemberInput) (*WireAssignment, error) {
	out := &WireAssignment{}
	return out, c.call(ctx, "Heartbeat", in, out)
}

// Checkpoint records how far a member processed a shard.
func (c *GroupClient) Checkpoint(ctx context.Context, in *CheckpointInput) error {
	return c.call(ctx, "Checkpoint", in, nil)
}

// LeaveGroup takes a member out of its group, releasing its leases.
func (c *GroupClient) LeaveGroup(ctx context.Context, in *MemberInput) error {
	return c.call(ctx, "LeaveGroup", in, nil)
}

// DescribeGroup returns a group's members, leases, checkpoints and lag.
func (c *GroupClient) DescribeGroup(ctx context.Context, in *GroupInput) (*GroupDescription, error) {
	out := &GroupDescription{}
	return out, c.call(ctx, "DescribeGroup", in, out)
}

// ListGroups lists the groups of a stream.
func (c *GroupClient) ListGroups(ctx context.Context, in *ListGroupsInput) (*ListGroupsOutput, error) {
	out := &ListGroupsOutput{}
	return out, c.call(ctx, "ListGroups", in, out)
}

// ResetGroup makes a group read again from a starting position.
func (c *GroupClient) ResetGroup(ctx context.Context, in *ResetGroupInput) error {
	return c.call(ctx, "ResetGroup", in, nil)
}

// DeleteGroup removes a group.
func (c *GroupClient) DeleteGroup(ctx context.Context, in *GroupInput) error {
	return c.call(ctx, "DeleteGroup", in, nil)
}

// call sends one signed request and decodes its answer into out (nil
// ignores it); an error answer is an *APIError.
func (c *GroupClient) call(ctx context.Context, action string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("stream: %s: %w", action, err)
	}
	req, err := c.newRequest(ctx, action, body)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("stream: %s: %w", action, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return fmt.Errorf("stream: %s: reading the response: %w", action, err)
	}
	if resp.StatusCode != http.StatusOK {
		return newAPIError(action, resp, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("stream: %s: decoding the response: %w", action, err)
	}
	return nil
}

// newRequest builds and signs a request.
func (c *GroupClient) newRequest(ctx context.Context, action string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint+"/", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("stream: %s: %w", action, err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Amz-Target", TargetPrefix+"."+action)
	if c.creds == nil {
		return req, nil
	}
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("stream: %s: credentials: %w", action, err)
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	req.Header.Set("X-Amz-Content-Sha256", hash)
	if err := c.signer.SignHTTP(ctx, creds, req, hash, SigningService, c.region, c.clock.Now()); err != nil {
		return nil, fmt.Errorf("stream: %s: signing: %w", action, err)
	}
	return req, nil
}
