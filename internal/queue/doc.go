// Package queue implements Amazon SQS semantics on top of the storage
// contract: queue attributes and their validation, standard and FIFO
// queues, deduplication, delays, visibility, long polling woken by sends,
// dead-letter queues and message move tasks, retention, and the MD5 digests
// clients verify. It knows nothing of HTTP or of AWS wire formats.
//
// # Using the Service
//
// New builds a Service over a store.QueueStore and a clock.Clock; Close
// stops its background work. Each exported method is one SQS action, named
// as AWS names it, taking the action's parameters in semantic form:
//
//   - Queues are QueueRef values (account and name). The caller turns queue
//     URLs into refs and refs into URLs; QueueArn gives a queue's ARN.
//   - Queue attributes are map[string]string keyed by AWS attribute names,
//     with values as AWS writes them (numbers in decimal, booleans as
//     "true"/"false", policies as JSON).
//   - Optional numeric parameters are pointers: nil means "not given", so
//     the queue's default applies.
//   - Received messages are *Message values carrying every system and user
//     attribute; the caller keeps the ones the client asked for.
//
// # Errors
//
// Every error a client caused is an *Error whose Kind is one of the Err
// values in errors.go and whose Message is the text AWS sends, so the wire
// layer maps Kind to an AWS code and shows Message as it is. Batch actions
// report per-entry failures in their results and return an error only for
// failures of the whole request. Any other error (a store I/O failure, a
// closed store) is not the client's fault and should become an internal
// error.
//
// # Time and background work
//
// All time comes from the injected clock: visibility timeouts, delays,
// retention, the deduplication window (5 minutes) and the
// ReceiveRequestAttemptId window (5 minutes) are passed to the store as
// durations from the clock's Now, and long polls and background loops wait
// with clock.After. With clocktest.Fake, tests move time instead of
// sleeping.
//
// Long polls wait on a per-queue notifier that sends, visibility changes to
// zero, redrives and moves signal; they also wake at the next time a
// delayed or in-flight message becomes visible, which the store reports.
// There is no polling loop. The number of waiting long polls is bounded
// (Options.MaxWaiters); past the bound a receive answers at once.
//
// A retention sweeper deletes expired messages every Options.SweepInterval
// so that message counts are exact at rest; GetQueueAttributes also expires
// a queue's messages before counting them. The sweeper asks the store for
// every queue of every account, so after a restart it also reaches queues
// of accounts that no request has named yet.
//
// # Delivery limits
//
// Three sluice attributes, refused by AWS as unknown, hold a queue's
// consumers to a flat rate whatever their number or language:
// SluiceDeliveryRate (messages per second across all receives, a decimal;
// 0 pauses the queue), SluiceDeliveryBurst (the token bucket's size, by
// default a second's worth) and SluiceMaxInFlight (messages in flight at
// once). All receives of a queue share one token bucket
// (golang.org/x/time/rate on the injected clock). A receive takes up to
// MaxNumberOfMessages tokens before it looks at the store and gives back
// those it could not use, so tokens are spent only on messages delivered
// and concurrent receives never hand out more than the bucket holds. A
// long poll with no token waits until the next one is due, alongside the
// queue's notifier; a short poll answers at once. The store applies the
// in-flight cap under the queue's lock; deletes wake the long polls of a
// capped queue.
//
// # What lives in memory
//
// Some state is kept in the Service only and is lost on restart, as AWS
// itself keeps it only for minutes: the names of queues deleted in the last
// 60 seconds (for QueueDeletedRecently), message move tasks and their
// history (a task running at Close ends as CANCELLED), the delivery token
// buckets (each starts full again), and a cache of queue
// metadata that every change made through the Service refreshes. Several
// Services sharing one store would see each other's attribute changes only
// after a cache miss; run one Service per store.
package queue
