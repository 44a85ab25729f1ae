package sqsapi

import (
	"context"
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
