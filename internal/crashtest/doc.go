// Package crashtest holds black-box durability tests: they run the sluice
// binary as a separate process, kill it with SIGKILL while clients write,
// restart it, and check that nothing acknowledged was lost or came back.
//
// The checker uses the categories of queue-safety analyses: lost (an
// acknowledged send that is still missing at the end although no client ever
// tried to delete it), resurrected (a message received after its delete was
// acknowledged) and unexpected (a message never sent). A delete that was sent
// but not acknowledged is indeterminate: the server may have applied it just
// before it died.
//
// SIGKILL keeps the page cache, so these tests show that nothing is
// acknowledged before it is written; pebblestore's crash tests (Pebble's
// crashable memory file system) show that nothing is acknowledged before it is
// synced.
package crashtest
