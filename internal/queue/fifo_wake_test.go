package queue

import "testing"

// TestFIFO_DeleteWakesALongPollOfTheReleasedGroup: a long poll that found
// only a blocked message group answers as soon as a delete releases the
// group, not when its wait runs out.
func TestFIFO_DeleteWakesALongPollOfTheReleasedGroup(t *testing.T) {
	b := setup(t, Options{})
	r := b.create(t, "wake.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	b.send(t, r, SendMessageEntry{Body: "first", GroupID: "g"})
	b.send(t, r, SendMessageEntry{Body: "second", GroupID: "g"})
	one := 1
	first, err := b.svc.ReceiveMessage(b.ctx, &ReceiveMessageParams{Queue: r, MaxNumberOfMessages: &one})
	if err != nil || len(first) != 1 || first[0].Body != "first" {
		t.Fatalf("first receive = %v, %v", first, err)
	}
	poll := b.startPoll(r, 20)
	b.waitTimers(t, 2) // the sweeper and the poll's deadline
	stillWaiting(t, poll, "while the group is in flight")
	if err := b.svc.DeleteMessage(b.ctx, r, first[0].ReceiptHandle); err != nil {
		t.Fatal(err)
	}
	got := awaitPoll(t, poll) // the fake clock has not moved
	if len(got.msgs) != 1 || got.msgs[0].Body != "second" {
		t.Errorf("the woken poll returned %d messages, want the group's second", len(got.msgs))
	}
}
