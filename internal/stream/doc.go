// Package stream implements Amazon Kinesis Data Streams semantics on top of
// the storage contract: stream and shard metadata with their lifecycle,
// hash-key routing (MD5 of the partition key, 128-bit ranges), sequence
// numbers in AWS's layout, tamper-proof expiring shard iterators, GetRecords
// paging with ChildShards at the end of closed shards, resharding
// (SplitShard, MergeShards, UpdateShardCount) with lineage, retention
// trimming, enhanced fan-out consumers and the SubscribeToShard delivery
// loop, and optional per-shard throughput limits.
//
// It knows nothing of HTTP or of AWS wire formats: callers pass typed
// params and get domain values back, and failures are the Err values of
// errors.go, wrapped in *Error with the text AWS shows.
//
// Asynchronous state changes (CREATING, UPDATING, DELETING) are stored with
// the time they end and settle lazily whenever a stream is read, so they
// need no timers, survive restarts and follow the injected clock. A
// reshard changes the shards only when its UPDATING ends (pending.go).
//
// A retention trimmer deletes expired records every Options.TrimInterval
// and removes streams whose deletion is due. It asks the store for every
// stream of every account, so after a restart it also reaches streams of
// accounts that no request has named yet.
package stream
