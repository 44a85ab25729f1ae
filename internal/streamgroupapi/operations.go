package streamgroupapi

import "github.com/sluicemq/sluice/internal/awsproto"

// Operations returns the action table, in alphabetical order.
func (a *API) Operations() []awsproto.Operation {
	return []awsproto.Operation{
		awsproto.Op("Checkpoint", a.Checkpoint),
		awsproto.Op("DeleteGroup", a.DeleteGroup),
		awsproto.Op("DescribeGroup", a.DescribeGroup),
		awsproto.Op("Heartbeat", a.Heartbeat),
		awsproto.Op("JoinGroup", a.JoinGroup),
		awsproto.Op("LeaveGroup", a.LeaveGroup),
		awsproto.Op("ListGroups", a.ListGroups),
		awsproto.Op("ResetGroup", a.ResetGroup),
	}
}
