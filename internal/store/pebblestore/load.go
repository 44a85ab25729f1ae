package pebblestore

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// load rebuilds memory from disk: counters, queue records and the receive
// state of received messages. It reads O(queues + received messages) keys;
// never-received messages stay on disk until the window loader reaches them.
func (s *Store) load() error {
	high, err := s.readUint64(keySeqHigh)
	if err != nil {
		return fmt.Errorf("sequence high-water mark: %w", err)
	}
	s.lastSeq.Store(high)
	if s.nextQueueID, err = s.readUint64(keyNextQueueID); err != nil {
		return fmt.Errorf("next queue id: %w", err)
	}
	if s.nextQueueID == 0 {
		s.nextQueueID = 1
	}
	byID, err := s.loadQueues()
	if err != nil {
		return err
	}
	if err := s.loadReceived(byID); err != nil {
		return err
	}
	for _, q := range byID {
		n, err := s.readCount(q.id)
		if err != nil {
			return fmt.Errorf("message count of %s/%s: %w", q.ref.Account, q.ref.Name, err)
		}
		q.count.Store(n)
	}
	for _, q := range byID {
		if q.fifo {
			last, err := s.lastReadyTime(q.id)
			if err != nil {
				return err
			}
			q.lastVisibleAt.Store(last)
		}
	}
	return nil
}

// readUint64 reads an 8-byte big-endian value, 0 when absent.
func (s *Store) readUint64(key []byte) (uint64, error) {
	v, closer, err := s.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer closer.Close()
	if len(v) != 8 {
		return 0, errCorrupt
	}
	return binary.BigEndian.Uint64(v), nil
}

func (s *Store) loadQueues() (map[uint64]*queue, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: []byte{prefixQueue}, UpperBound: []byte{prefixQueue + 1},
	})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	byID := make(map[uint64]*queue)
	for it.First(); it.Valid(); it.Next() {
		ref, ok := parseQueueKey(it.Key())
		if !ok {
			return nil, fmt.Errorf("queue key %q: %w", it.Key(), errCorrupt)
		}
		rec, err := decodeQueueRecord(it.Value())
		if err != nil {
			return nil, fmt.Errorf("queue %s/%s: %w", ref.Account, ref.Name, err)
		}
		q := newQueue(ref, rec)
		s.queues[ref] = q
		byID[q.id] = q
	}
	return byID, it.Error()
}

// parseQueueKey is the inverse of queueKey.
func parseQueueKey(k []byte) (store.QueueRef, bool) {
	if len(k) < 3 || k[0] != prefixQueue {
		return store.QueueRef{}, false
	}
	n := int(binary.BigEndian.Uint16(k[1:3]))
	if len(k) < 3+n {
		return store.QueueRef{}, false
	}
	return store.QueueRef{Account: string(k[3 : 3+n]), Name: string(k[3+n:])}, true
}

func (s *Store) loadReceived(byID map[uint64]*queue) error {
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: []byte{prefixReceived}, UpperBound: []byte{prefixReceived + 1},
	})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		qid, seq, ok := splitSeqKey(it.Key())
		if !ok {
			return fmt.Errorf("receive key %q: %w", it.Key(), errCorrupt)
		}
		q, ok := byID[qid]
		if !ok {
			continue // left by a queue deleted in the same batch; unreachable
		}
		r, err := decodeReceive(it.Value())
		if err != nil {
			return fmt.Errorf("receive state %d/%d: %w", qid, seq, err)
		}
		q.addReceived(seq, r)
	}
	return it.Error()
}

// lastReadyTime is the first visible time of a queue's newest never-received
// message, 0 when there is none.
func (s *Store) lastReadyTime(qid uint64) (int64, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{
		LowerBound: tableStart(prefixReady, qid), UpperBound: tableEnd(prefixReady, qid),
	})
	if err != nil {
		return 0, err
	}
	defer it.Close()
	if !it.Last() {
		return 0, it.Error()
	}
	_, at, _, ok := splitTimeSeqKey(it.Key())
	if !ok {
		return 0, errCorrupt
	}
	return at, nil
}
