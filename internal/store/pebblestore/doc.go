// Package pebblestore is the embedded storage backend: the store contract on
// a Pebble database, on disk or, with vfs.NewMem(), in memory.
//
// # Durability
//
// Every operation that changes data returns only after its batch is
// committed with pebble.Sync. Throughput comes from Pebble's group commit:
// standard-queue operations do their bookkeeping under the queue's mutex,
// release it, commit, and retake it to settle, so any number of sends,
// receives and deletes wait for the same fsync. FIFO operations hold the
// queue's mutex across the commit, which keeps sequence numbers,
// deduplication and group order simple. If a commit fails (or Pebble reports
// a fatal error while committing), the store stops: memory may be ahead of
// disk, so every later call returns ErrBroken instead of serving state that a
// restart would not reproduce.
//
// # Memory
//
// The key layout is in keys.go. Message bodies stay on disk. Per queue,
// memory holds:
//
//   - every received message that is not deleted (its 'f' entry): in flight
//     in a heap by deadline, or back in the ready window once the deadline
//     passed;
//   - a window of at most windowCap never-received messages (sequence
//     number, group, times), filled from the 'r' index in (first visible
//     time, sequence) order by a cursor. A "clean until" time records that
//     the index holds nothing unseen before it, so idle receives do not scan.
//     Sends commit first and then tell the queue; an arrival behind the
//     cursor moves the cursor back (and the clean time), so the loader reads
//     it from disk and never loses or resurrects a message.
//
// So memory grows with messages in flight, not with backlog, and Open reads
// only queue records and 'f' entries: O(queues + received messages).
//
// # Claims
//
// An operation that changes a message first claims it under the queue's
// mutex (statusClaimed); claimed messages are invisible to receives, the
// loader skips them, and other operations that name them by receipt handle
// wait until the claim ends (never while holding claims of their own). This
// makes each message's count change, 'f' write and deletion happen exactly
// once even though standard-queue commits run unlocked. Purge and queue
// deletion take the queue's rw lock exclusively, every message operation
// holds it shared across its commit, so range deletions never race
// half-applied operations.
//
// # Semantics notes
//
//   - FIFO queues keep first visible times non-decreasing per queue, so the
//     'r' index order is sequence order and groups stay in order. The price:
//     after a queue's delay is lowered, messages sent while earlier, longer
//     delayed ones are pending become visible only with those. A FIFO
//     receive whose window holds only blocked groups examines up to
//     fifoScanLimit further messages on disk.
//   - Messages moved to another queue (dead-lettering, MessageMove) are
//     added without taking its mutex; they get a first visible time no
//     earlier than its latest one, but a FIFO send to the same group at the
//     very same moment may still be ordered differently than committed.
//   - ReceiveRequestAttemptId results are remembered in memory only; after a
//     restart a retried attempt receives afresh.
//   - QueueStats takes the in-flight count and the total from memory (the
//     total mirrors the merged 'c' counter, read once at open) and counts
//     delayed messages by scanning the delayed part of the 'r' index, so its
//     cost grows with the number of delayed messages. Counts are exact when
//     no operation is running.
//   - Memory holds every received message that is not deleted, including
//     those whose deadline passed without a new receive; it is bounded by
//     what was in flight, not by backlog.
package pebblestore
