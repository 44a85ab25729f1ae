// Package streamgroup implements server-side consumer groups of Kinesis
// streams, a sluice extension that lets many services read one stream,
// each at its own pace, without the DynamoDB lease table the Kinesis
// Client Library needs.
//
// A group belongs to one stream. Members join it, heartbeat to keep their
// leases and learn their assignment, checkpoint each shard they process
// and leave. The service hands out shards fairly: unowned shards go to the
// least loaded members at once, and when one member holds two or more
// shards more than another, one shard at a time is handed over (its owner
// is told to release it, checkpoints and does; or the handoff is forced
// once a lease duration has passed). Resharding is followed: a child shard
// is assigned only once each of its parents is finished, that is
// checkpointed at its end, or closed and read to its last record, or past
// the retention period.
//
// Every lease has an epoch that changes whenever the lease changes hands
// or the group is reset; a checkpoint must carry the epoch of the lease
// its member holds, so a member that lost a shard cannot overwrite the
// progress of the one that took it over (fencing).
//
// What must survive a restart lives in the store (store.GroupStore): the
// group, its start position, its checkpoints and the epochs it has used.
// Members and leases live in memory: after a restart members join again
// and get leases with new epochs, resuming from the checkpoints. Leases
// expire when their member has not been heard from for the lease duration
// (Options.LeaseDuration, 10 s by default); every rule reads the injected
// clock and nothing runs in the background: expiry and rebalancing happen
// when a request touches the group.
//
// It knows nothing of HTTP or AWS wire formats; its failures are the Err
// values of errors.go wrapped in *Error, or the stream package's errors
// for streams and shards.
package streamgroup
