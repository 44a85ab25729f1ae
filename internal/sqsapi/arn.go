package sqsapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/sluicemq/sluice/internal/awsproto"
)

// checkOwnARN rejects a queue ARN (arn:<partition>:sqs:<region>:<account>:<name>)
// of another account than the caller's with ResourceNotFoundException:
// accounts see only their own queues. An empty or malformed ARN passes;
// the queue package judges those.
func checkOwnARN(ctx context.Context, param, arn string) error {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" {
		return nil
	}
	if parts[4] != awsproto.RequestFrom(ctx).Account {
		return errResourceNotFound.New("The resource that you specified for the %s parameter doesn't exist.", param)
	}
	return nil
}

// arnAccount returns the account of an SQS ARN, or "" for anything else.
func arnAccount(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}

// checkOwnRedriveTarget rejects a RedrivePolicy whose dead-letter queue is
// in another account before the queue package looks the queue up, so the
// answer is the same whether or not that account has such a queue. Other
// mistakes in the attributes are left to the queue package.
func checkOwnRedriveTarget(ctx context.Context, attrs map[string]string) error {
	policy, ok := attrs["RedrivePolicy"]
	if !ok {
		return nil
	}
	var p struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	}
	if json.Unmarshal([]byte(policy), &p) != nil {
		return nil
	}
	account := arnAccount(p.DeadLetterTargetArn)
	if account == "" || account == awsproto.RequestFrom(ctx).Account {
		return nil
	}
	return errParameterValue.New("Value %s for parameter RedrivePolicy is invalid. "+
		"Reason: Dead-letter target owner should be same as the source.", policy)
}

// checkOwnTaskHandle rejects the handle of another account's message move
// task as unknown. A handle is base64 JSON naming the task's source ARN;
// one that does not decode is left to the queue package, which knows none.
func checkOwnTaskHandle(ctx context.Context, handle string) error {
	raw, err := base64.StdEncoding.DecodeString(handle)
	if err != nil {
		return nil
	}
	var h struct {
		SourceArn string `json:"sourceArn"`
	}
	if json.Unmarshal(raw, &h) != nil {
		return nil
	}
	if account := arnAccount(h.SourceArn); account != "" && account != awsproto.RequestFrom(ctx).Account {
		return errResourceNotFound.New("Task does not exist.")
	}
	return nil
}
