package streamgroupapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/streamgroup"
)

// JoinGroupInput is the input of JoinGroup.
type JoinGroupInput struct {
	StreamName *string `json:"StreamName,omitempty"`
	StreamARN  *string `json:"StreamARN,omitempty"`
	GroupName  *string `json:"GroupName"`
	// MemberID names the member; absent, the server picks one.
	MemberID *string `json:"MemberId,omitempty"`
	// StartingPosition applies when the join creates the group; absent
	// means LATEST.
	StartingPosition *StartingPosition `json:"StartingPosition,omitempty"`
}

// JoinGroup adds a member to a group of a stream, creating the group when
// it does not exist, and returns the member's assignment.
func (a *API) JoinGroup(ctx context.Context, in *JoinGroupInput) (*Assignment, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	v.group(in.GroupName)
	v.member(in.MemberID, true)
	in.StartingPosition.check(&v, "startingPosition")
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.groupRef(ctx, in.StreamName, in.StreamARN, in.GroupName)
	if err != nil {
		return nil, err
	}
	as, err := a.groups.Join(ctx, &streamgroup.JoinParams{Group: ref, Member: val(in.MemberID),
		Start: in.StartingPosition.start()})
	if err != nil {
		return nil, err
	}
	return toAssignment(as), nil
}
