package streamgroupapi

import "context"

// MemberInput names a member of a group: the input of Heartbeat and
// LeaveGroup.
type MemberInput struct {
	StreamName *string `json:"StreamName,omitempty"`
	StreamARN  *string `json:"StreamARN,omitempty"`
	GroupName  *string `json:"GroupName"`
	MemberID   *string `json:"MemberId"`
}

// Heartbeat renews a member's leases and returns its assignment.
func (a *API) Heartbeat(ctx context.Context, in *MemberInput) (*Assignment, error) {
	ref, err := a.member(ctx, in)
	if err != nil {
		return nil, err
	}
	as, err := a.groups.Heartbeat(ctx, ref, *in.MemberID)
	if err != nil {
		return nil, err
	}
	return toAssignment(as), nil
}

// LeaveGroupOutput is the (empty) output of LeaveGroup.
type LeaveGroupOutput struct{}

// LeaveGroup takes a member out of its group, releasing its leases.
func (a *API) LeaveGroup(ctx context.Context, in *MemberInput) (*LeaveGroupOutput, error) {
	ref, err := a.member(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := a.groups.Leave(ctx, ref, *in.MemberID); err != nil {
		return nil, err
	}
	return &LeaveGroupOutput{}, nil
}

// member checks a MemberInput and resolves its group.
func (a *API) member(ctx context.Context, in *MemberInput) (groupRef, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	v.group(in.GroupName)
	v.member(in.MemberID, false)
	if err := v.err(); err != nil {
		return groupRef{}, err
	}
	return a.groupRef(ctx, in.StreamName, in.StreamARN, in.GroupName)
}
