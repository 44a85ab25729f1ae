package history

import "time"

// Sizes of a ring: an hour of seconds and a day of minutes.
const (
	secondSlots = 3600
	minuteSlots = 1440
)

// ring holds one series: counts per second for the last hour and per
// minute for the last day, each in a circular array indexed by the slot's
// Unix second (or minute) modulo its length. head is the latest slot ever
// written; slots between the old head and a new one are zeroed as the head
// moves, so a slot is valid exactly when it lies in (head-len, head].
type ring struct {
	sec     [secondSlots]uint32
	secHead int64
	min     [minuteSlots]uint32
	minHead int64
	started bool
}

// add counts n events at Unix second s.
func (r *ring) add(s int64, n uint32) {
	if !r.started {
		r.secHead, r.minHead, r.started = s, minuteOf(s), true
	}
	addTo(r.sec[:], &r.secHead, s, n)
	addTo(r.min[:], &r.minHead, minuteOf(s), n)
}

// addTo adds n to the slot of index i of a circular array whose latest slot
// is *head, moving the head forward (zeroing the slots it passes) when i is
// newer. An index older than the array holds is dropped.
func addTo(slots []uint32, head *int64, i int64, n uint32) {
	size := int64(len(slots))
	if i > *head {
		for j := max(*head+1, i-size+1); j <= i; j++ {
			slots[j%size] = 0
		}
		*head = i
	}
	if i <= *head-size {
		return
	}
	v := &slots[i%size]
	if *v > ^uint32(0)-n {
		*v = ^uint32(0)
		return
	}
	*v += n
}

// valueAt returns the count of slot index i, zero when the array does not
// hold it.
func valueAt(slots []uint32, head, i int64) uint32 {
	size := int64(len(slots))
	if i > head || i <= head-size || i < 0 {
		return 0
	}
	return slots[i%size]
}

// seconds returns the per-second counts of the n seconds ending with Unix
// second last (oldest first).
func (r *ring) seconds(last int64, n int) []uint32 {
	out := make([]uint32, n)
	for k := range out {
		out[k] = valueAt(r.sec[:], r.secHead, last-int64(n-1-k))
	}
	return out
}

// minutes returns the per-minute counts of the n minutes ending with Unix
// minute last (oldest first).
func (r *ring) minutes(last int64, n int) []uint32 {
	out := make([]uint32, n)
	for k := range out {
		out[k] = valueAt(r.min[:], r.minHead, last-int64(n-1-k))
	}
	return out
}

// minuteOf is the Unix minute of Unix second s.
func minuteOf(s int64) int64 {
	if s < 0 {
		return (s - 59) / 60
	}
	return s / 60
}

// unixSecond is t's Unix second.
func unixSecond(t time.Time) int64 { return t.Unix() }
