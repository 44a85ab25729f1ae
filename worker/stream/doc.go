// Package stream consumes a Kinesis stream as one member of a consumer
// group, so that the members share the stream's shards and each shard is
// read, in order, by one member at a time. It is the stream counterpart of
// package worker:
//
//   - each shard is read by its own goroutine, in order, its batches
//     handed to a Handler; shards run in parallel;
//   - a batch is checkpointed once the handler succeeds; a failure retries
//     the batch with exponential backoff, so nothing is skipped;
//   - shards come from a Coordinator, which keeps leases with epochs (a
//     member that lost a shard cannot checkpoint over its new owner),
//     rebalances when members come and go, and gives out the children of
//     a resharded shard only after their parents are read to their end;
//   - graceful handoff: a shard the coordinator moves elsewhere, and every
//     shard at shutdown, is stopped after the batch under way and its
//     checkpoint, then released, so its next owner starts where this one
//     stopped;
//   - a new group starts at TrimHorizon, Latest or AtTimestamp;
//   - an Event hook for logs and metrics.
//
// Two coordinators come with it. GroupCoordinator speaks sluice's
// server-side consumer groups (GroupClient, a small SigV4-signed JSON
// client): leases, rebalancing and durable checkpoints live in sluice, so
// members in any number of processes and hosts share a group, without
// DynamoDB. MemoryCoordinator keeps a group in the process, for tests and
// for consumers that all run in one process.
//
// Records are read with an *kinesis.Client (KinesisClient); with
// aws-sdk-go-v2, give it the HTTP client of package sdkhttp.
//
// Delivery is at least once: records handled after the last checkpoint of
// a member that dies (or loses its lease) are handled again by the
// shard's next owner, so handlers should be idempotent.
package stream
