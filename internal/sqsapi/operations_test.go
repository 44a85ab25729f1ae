package sqsapi

import (
	"slices"
	"testing"
)

func TestOperations(t *testing.T) {
	t.Parallel()
	ops := New(nil, Options{}).Operations()
	want := []string{
		"AddPermission", "CancelMessageMoveTask", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch",
		"CreateQueue", "DeleteMessage", "DeleteMessageBatch", "DeleteQueue", "GetQueueAttributes",
		"GetQueueUrl", "ListDeadLetterSourceQueues", "ListMessageMoveTasks", "ListQueueTags", "ListQueues",
		"PurgeQueue", "ReceiveMessage", "RemovePermission", "SendMessage", "SendMessageBatch",
		"SetQueueAttributes", "StartMessageMoveTask", "TagQueue", "UntagQueue",
	}
	var names []string
	for _, op := range ops {
		names = append(names, op.Name)
		if op.NewInput == nil || op.Call == nil {
			t.Errorf("%s: incomplete operation", op.Name)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("operations = %q\nwant %q", names, want)
	}
}
