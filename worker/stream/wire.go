package stream

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The wire forms of sluice's consumer group API (AWS JSON 1.1), as the
// server's README section "Consumer groups" documents them.

// Timestamp is an AWS JSON timestamp: epoch seconds with a millisecond
// fraction (1459799926.480).
type Timestamp time.Time

// MarshalJSON writes epoch seconds with three decimals.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	sign := ""
	if ms < 0 {
		sign, ms = "-", -ms
	}
	return fmt.Appendf(nil, "%s%d.%03d", sign, ms/1000, ms%1000), nil
}

// UnmarshalJSON reads epoch seconds, with or without a fraction.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	whole, frac, _ := strings.Cut(string(b), ".")
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return fmt.Errorf("stream: invalid timestamp %s", b)
	}
	frac = (frac + "000")[:3]
	ms, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return fmt.Errorf("stream: invalid timestamp %s", b)
	}
	if sec < 0 {
		ms = -ms
	}
	*t = Timestamp(time.UnixMilli(sec*1000 + ms).UTC())
	return nil
}

// Time returns the timestamp as a time.Time.
func (t Timestamp) Time() time.Time { return time.Time(t) }

// StartingPosition is where a group starts: TRIM_HORIZON, LATEST, or
// AT_TIMESTAMP with a Timestamp.
type StartingPosition struct {
	Type      string     `json:"Type"`
	Timestamp *Timestamp `json:"Timestamp,omitempty"`
}

// Position is where to start reading a shard: TRIM_HORIZON,
// AFTER_SEQUENCE_NUMBER with a SequenceNumber, or AT_TIMESTAMP with a
// Timestamp (the ShardIteratorType of GetShardIterator).
type Position struct {
	Type           string     `json:"Type"`
	SequenceNumber string     `json:"SequenceNumber,omitempty"`
	Timestamp      *Timestamp `json:"Timestamp,omitempty"`
}

// WireLease is a lease as the group API sends it.
type WireLease struct {
	ShardID          string   `json:"ShardId"`
	LeaseEpoch       int64    `json:"LeaseEpoch"`
	ParentShardIDs   []string `json:"ParentShardIds,omitempty"`
	StartingPosition Position `json:"StartingPosition"`
}

// WireAssignment is the output of JoinGroup and Heartbeat.
type WireAssignment struct {
	MemberID                string      `json:"MemberId"`
	LeaseDurationMillis     int64       `json:"LeaseDurationMillis"`
	HeartbeatIntervalMillis int64       `json:"HeartbeatIntervalMillis"`
	Leases                  []WireLease `json:"Leases"`
	Revoked                 []WireLease `json:"Revoked"`
}

// JoinGroupInput is the input of JoinGroup. Give StreamName or StreamARN.
type JoinGroupInput struct {
	StreamName       string            `json:"StreamName,omitempty"`
	StreamARN        string            `json:"StreamARN,omitempty"`
	GroupName        string            `json:"GroupName"`
	MemberID         string            `json:"MemberId,omitempty"`
	StartingPosition *StartingPosition `json:"StartingPosition,omitempty"`
}

// MemberInput names a member: the input of Heartbeat and LeaveGroup.
type MemberInput struct {
	StreamName string `json:"StreamName,omitempty"`
	StreamARN  string `json:"StreamARN,omitempty"`
	GroupName  string `json:"GroupName"`
	MemberID   string `json:"MemberId"`
}

// CheckpointInput is the input of Checkpoint.
type CheckpointInput struct {
	StreamName     string `json:"StreamName,omitempty"`
	StreamARN      string `json:"StreamARN,omitempty"`
	GroupName      string `json:"GroupName"`
	MemberID       string `json:"MemberId"`
	ShardID        string `json:"ShardId"`
	LeaseEpoch     int64  `json:"LeaseEpoch"`
	SequenceNumber string `json:"SequenceNumber,omitempty"`
	ShardEnd       bool   `json:"ShardEnd,omitempty"`
	Release        bool   `json:"Release,omitempty"`
}

// GroupInput names a group: the input of DescribeGroup and DeleteGroup.
type GroupInput struct {
	StreamName string `json:"StreamName,omitempty"`
	StreamARN  string `json:"StreamARN,omitempty"`
	GroupName  string `json:"GroupName"`
}

// ResetGroupInput is the input of ResetGroup.
type ResetGroupInput struct {
	StreamName       string           `json:"StreamName,omitempty"`
	StreamARN        string           `json:"StreamARN,omitempty"`
	GroupName        string           `json:"GroupName"`
	StartingPosition StartingPosition `json:"StartingPosition"`
}

// ListGroupsInput is the input of ListGroups.
type ListGroupsInput struct {
	StreamName string `json:"StreamName,omitempty"`
	StreamARN  string `json:"StreamARN,omitempty"`
}

// ListGroupsOutput is the output of ListGroups.
type ListGroupsOutput struct {
	Groups []GroupSummary `json:"Groups"`
}

// GroupSummary is one group of ListGroups.
type GroupSummary struct {
	GroupName         string    `json:"GroupName"`
	CreationTimestamp Timestamp `json:"CreationTimestamp"`
	StartingPosition  Position  `json:"StartingPosition"`
	MemberCount       int       `json:"MemberCount"`
}

// GroupDescription is the output of DescribeGroup.
type GroupDescription struct {
	GroupName           string        `json:"GroupName"`
	StreamARN           string        `json:"StreamARN"`
	CreationTimestamp   Timestamp     `json:"CreationTimestamp"`
	StartingPosition    Position      `json:"StartingPosition"`
	LeaseDurationMillis int64         `json:"LeaseDurationMillis"`
	Members             []GroupMember `json:"Members"`
	Shards              []ShardStatus `json:"Shards"`
}

// GroupMember is a member in a GroupDescription.
type GroupMember struct {
	MemberID               string    `json:"MemberId"`
	JoinedTimestamp        Timestamp `json:"JoinedTimestamp"`
	LastHeartbeatTimestamp Timestamp `json:"LastHeartbeatTimestamp"`
	LeaseExpiryTimestamp   Timestamp `json:"LeaseExpiryTimestamp"`
	ShardIDs               []string  `json:"ShardIds"`
}

// ShardStatus is a shard in a GroupDescription: OPEN or CLOSED, its State
// in the group (LEASED, UNLEASED, WAITING for a parent, FINISHED), its
// lease, the group's checkpoint and lag.
type ShardStatus struct {
	ShardID             string   `json:"ShardId"`
	ParentShardIDs      []string `json:"ParentShardIds,omitempty"`
	ShardState          string   `json:"ShardState"`
	State               string   `json:"State"`
	Owner               string   `json:"Owner,omitempty"`
	LeaseEpoch          int64    `json:"LeaseEpoch,omitempty"`
	HandoffTo           string   `json:"HandoffTo,omitempty"`
	Checkpoint          string   `json:"Checkpoint,omitempty"`
	RecordsBehindLatest uint64   `json:"RecordsBehindLatest"`
	MillisBehindLatest  int64    `json:"MillisBehindLatest"`
}
