// Package crashtest holds black-box durability tests: they run the sluice
// binary as a separate process, kill it with SIGKILL while clients write,
// restart it, and check that nothing acknowledged was lost or came back.
//
// The checker uses the categories of queue-safety analyses: lost (an
// acknowledged send never seen again), resurrected (a message received after
// its delete was acknowledged) and unexpected (a message never sent).
package crashtest
