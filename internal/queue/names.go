package queue

import (
	"strings"
)

// Name and identifier limits.
const (
	maxQueueNameLength = 80
	fifoSuffix         = ".fifo"
	maxFIFOIDLength    = 128 // MessageGroupId, MessageDeduplicationId, ReceiveRequestAttemptId
	maxBatchIDLength   = 80
	maxLabelLength     = 80
)

const (
	msgQueueName     = "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
	msgFIFOQueueName = "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
)

// validateQueueName checks a queue name for a queue of the given type: at
// most 80 characters of [A-Za-z0-9_-], plus the .fifo suffix (which counts
// toward the 80) exactly when the queue is FIFO.
func validateQueueName(name string, fifo bool) error {
	base, hasSuffix := strings.CutSuffix(name, fifoSuffix)
	switch {
	case fifo && (!hasSuffix || !isWordName(base) || len(name) > maxQueueNameLength):
		return errorf(ErrInvalidParameterValue, msgFIFOQueueName)
	case !fifo && (!isWordName(name) || len(name) > maxQueueNameLength):
		return errorf(ErrInvalidParameterValue, msgQueueName)
	}
	return nil
}

// isWordName reports whether s is non-empty and only [A-Za-z0-9_-].
func isWordName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isFIFOID reports whether s is a valid MessageGroupId,
// MessageDeduplicationId or ReceiveRequestAttemptId: 1 to 128 alphanumeric
// or ASCII punctuation characters.
func isFIFOID(s string) bool {
	if s == "" || len(s) > maxFIFOIDLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && !strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", rune(c)) {
			return false
		}
	}
	return true
}

// arnPrefix is the fixed start of every SQS queue ARN.
const arnPrefix = "arn:aws:sqs:"

// parseQueueArn splits arn:<partition>:sqs:<region>:<account>:<name> into a
// queue ref. It reports false for anything else.
func parseQueueArn(arn string) (QueueRef, bool) {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" || !strings.HasPrefix(parts[1], "aws") || parts[2] != "sqs" ||
		parts[4] == "" || parts[5] == "" {
		return QueueRef{}, false
	}
	return QueueRef{Account: parts[4], Name: parts[5]}, true
}

// isArn reports whether s has the general ARN shape
// arn:<partition>:<service>:<region>:<account-id>:<resource-id>.
func isArn(s string) bool {
	parts := strings.SplitN(s, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] != ""
}
