// Package worker consumes an Amazon SQS queue (on AWS or on sluice) and
// sends to one, doing for an application what every SQS consumer needs:
//
//   - a receive loop with long polling and a bound on prefetched messages;
//   - handlers run concurrently, one message or a batch at a time, each
//     under an optional timeout;
//   - a visibility heartbeat that extends a message's visibility while its
//     handler runs, so a slow handler is not redelivered;
//   - retries with exponential backoff, set through ChangeMessageVisibility
//     from the message's ApproximateReceiveCount, and sentinels to retry
//     after a given delay (RetryAfter) or to leave a message to the queue's
//     dead-letter queue (GiveUp);
//   - deletes coalesced into DeleteMessageBatch;
//   - FIFO queues: messages of one group handled one at a time, in order,
//     while other groups run in parallel;
//   - a client-side rate limit (messages per second, with a burst), for a
//     flat rate that smooths spiky load on what the handlers write to;
//   - graceful shutdown: receiving stops, running handlers finish, and
//     messages received but not started are made visible again at once;
//   - an Event hook for logs and metrics.
//
// Producer is the other side: Send calls from many goroutines coalesce into
// SendMessageBatch requests, each caller getting its own result.
//
// Both take any client with the methods of *sqs.Client they use (Client),
// so the same code runs against AWS and against sluice. With aws-sdk-go-v2,
// give the client the HTTP client of package sdkhttp (see its comment).
//
// Delivery is at least once, as SQS's is: a handler may see a message again
// (a delete that failed, a visibility that ran out), so handlers should be
// idempotent.
package worker
