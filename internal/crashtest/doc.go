// Package crashtest holds black-box durability tests: they run the sluice
// binary as a separate process, stop it while clients write, restart it,
// and check that nothing acknowledged was lost or came back.
//
//   - Queues (queue_crash_test.go): concurrent senders and a
//     receiver-deleter while the server is SIGKILLed five times. The checker
//     uses the categories of queue-safety analyses: lost (an acknowledged
//     send that is still missing at the end although no client ever tried to
//     delete it), resurrected (a message received after its delete was
//     acknowledged) and unexpected (a message never sent). A delete that was
//     sent but not acknowledged is indeterminate: the server may have applied
//     it just before it died.
//   - Streams (stream_crash_test.go): producers put records while the server
//     is SIGKILLed; every acknowledged record is read back exactly once, at
//     the shard and sequence number it was given, in order per partition
//     key, and sequence numbers keep increasing across the restarts.
//   - Shutdown (shutdown_test.go): SIGTERM during sends and long polls ends
//     the process promptly, answers every long poll, and keeps every
//     acknowledged message.
//
// SIGKILL keeps the page cache, so these tests show that nothing is
// acknowledged before it is written; pebblestore's crash tests (Pebble's
// crashable memory file system) show that nothing is acknowledged before it
// is synced.
package crashtest
