package streamgroupapi

import "context"

// ListGroupsInput is the input of ListGroups.
type ListGroupsInput struct {
	StreamName *string `json:"StreamName,omitempty"`
	StreamARN  *string `json:"StreamARN,omitempty"`
}

// ListGroupsOutput is the output of ListGroups.
type ListGroupsOutput struct {
	Groups []GroupSummary `json:"Groups"`
}

// GroupSummary is one group of a stream.
type GroupSummary struct {
	GroupName         string    `json:"GroupName"`
	CreationTimestamp Timestamp `json:"CreationTimestamp"`
	StartingPosition  Position  `json:"StartingPosition"`
	// MemberCount counts the members heard from within the lease
	// duration.
	MemberCount int `json:"MemberCount"`
}

// ListGroups lists the groups of a stream in name order.
func (a *API) ListGroups(ctx context.Context, in *ListGroupsInput) (*ListGroupsOutput, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streams.ResolveStream(account(ctx), val(in.StreamName), val(in.StreamARN))
	if err != nil {
		return nil, err
	}
	groups, err := a.groups.List(ctx, ref)
	if err != nil {
		return nil, err
	}
	out := &ListGroupsOutput{Groups: make([]GroupSummary, 0, len(groups))}
	for _, g := range groups {
		out.Groups = append(out.Groups, GroupSummary{GroupName: g.Name, CreationTimestamp: Timestamp(g.CreatedAt),
			StartingPosition: toStartingPosition(g.Start), MemberCount: g.Members})
	}
	return out, nil
}
