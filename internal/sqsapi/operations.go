package sqsapi

import "github.com/sluicemq/sluice/internal/awsproto"

// Operations returns the SQS actions, in alphabetical order, bound to a.
func (a *API) Operations() []awsproto.Operation {
	return []awsproto.Operation{
		awsproto.Op("AddPermission", a.AddPermission),
		awsproto.Op("CancelMessageMoveTask", a.CancelMessageMoveTask),
		awsproto.Op("ChangeMessageVisibility", a.ChangeMessageVisibility),
		awsproto.Op("ChangeMessageVisibilityBatch", a.ChangeMessageVisibilityBatch),
		awsproto.Op("CreateQueue", a.CreateQueue),
		awsproto.Op("DeleteMessage", a.DeleteMessage),
		awsproto.Op("DeleteMessageBatch", a.DeleteMessageBatch),
		awsproto.Op("DeleteQueue", a.DeleteQueue),
		awsproto.Op("GetQueueAttributes", a.GetQueueAttributes),
		awsproto.Op("GetQueueUrl", a.GetQueueUrl),
		awsproto.Op("ListDeadLetterSourceQueues", a.ListDeadLetterSourceQueues),
		awsproto.Op("ListMessageMoveTasks", a.ListMessageMoveTasks),
		awsproto.Op("ListQueueTags", a.ListQueueTags),
		awsproto.Op("ListQueues", a.ListQueues),
		awsproto.Op("PurgeQueue", a.PurgeQueue),
		awsproto.Op("ReceiveMessage", a.ReceiveMessage),
		awsproto.Op("RemovePermission", a.RemovePermission),
		awsproto.Op("SendMessage", a.SendMessage),
		awsproto.Op("SendMessageBatch", a.SendMessageBatch),
		awsproto.Op("SetQueueAttributes", a.SetQueueAttributes),
		awsproto.Op("StartMessageMoveTask", a.StartMessageMoveTask),
		awsproto.Op("TagQueue", a.TagQueue),
		awsproto.Op("UntagQueue", a.UntagQueue),
	}
}
