package streamkv

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// groupLockCount is the number of locks the groups' writes hash to.
const groupLockCount = 64

// groupSeed hashes group keys to their locks.
var groupSeed = maphash.MakeSeed()

// A group's document lives under its stream's internal id, so deleting the
// stream range-deletes its groups and a stream created again under the same
// name has none. Writes hold the stream's writeMu shared, as puts do, so a
// group is never written after its stream's deletion committed, and a lock
// of the group's own, so read-modify-write updates of one group are
// serialized while other groups commit in parallel.

// GroupCreate stores a new group, or returns the existing one and
// store.ErrGroupExists.
func (s *Store) GroupCreate(ctx context.Context, in *store.Group) (*store.Group, error) {
	var out *store.Group
	err := s.writeGroup(ctx, in.Ref, func(b *pebble.Batch, key []byte, cur *store.Group) error {
		if cur != nil {
			out = cur
			return fmt.Errorf("%w: %s", store.ErrGroupExists, groupName(in.Ref))
		}
		g := cloneGroup(in)
		enc, err := encodeGroup(g)
		if err != nil {
			return err
		}
		_ = b.Set(key, enc, nil)
		out = g
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrGroupExists) {
		return nil, err
	}
	return cloneGroup(out), err
}

// GroupGet returns a group, store.ErrGroupNotFound or
// store.ErrStreamNotFound.
func (s *Store) GroupGet(ctx context.Context, ref store.GroupRef) (*store.Group, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	st, err := s.lookup(ref.Stream)
	if err != nil {
		return nil, err
	}
	g, err := s.readGroup(s.db, s.keys.group(st.id, ref.Name), ref)
	if err != nil {
		return nil, err
	}
	if g == nil {
		return nil, fmt.Errorf("%w: %s", store.ErrGroupNotFound, groupName(ref))
	}
	return g, nil
}

// GroupList returns a stream's groups in name order (byte order).
func (s *Store) GroupList(ctx context.Context, ref store.StreamRef) ([]*store.Group, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	st, err := s.lookup(ref)
	if err != nil {
		return nil, err
	}
	prefix := s.keys.streamGroups(st.id)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return nil, fmt.Errorf("streamkv: list groups: %w", err)
	}
	defer it.Close()
	var out []*store.Group
	for valid := it.First(); valid; valid = it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return nil, fmt.Errorf("streamkv: list groups: %w", err)
		}
		gref := store.GroupRef{Stream: ref, Name: string(it.Key()[len(prefix):])}
		g, err := decodeGroup(gref, v)
		if err != nil {
			return nil, fmt.Errorf("streamkv: list groups: %q: %w", it.Key(), err)
		}
		out = append(out, g)
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("streamkv: list groups: %w", err)
	}
	return out, nil
}

// GroupUpdate applies fn to a copy of the current group and stores the
// result atomically; fn's error aborts the update and is returned as is.
// fn must not call the store. The group's Ref cannot change.
func (s *Store) GroupUpdate(ctx context.Context, ref store.GroupRef, fn func(*store.Group) error) (*store.Group, error) {
	var out *store.Group
	err := s.writeGroup(ctx, ref, func(b *pebble.Batch, key []byte, cur *store.Group) error {
		if cur == nil {
			return fmt.Errorf("%w: %s", store.ErrGroupNotFound, groupName(ref))
		}
		next := cloneGroup(cur)
		if err := fn(next); err != nil {
			return err
		}
		next.Ref = cur.Ref
		enc, err := encodeGroup(next)
		if err != nil {
			return err
		}
		_ = b.Set(key, enc, nil)
		out = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return cloneGroup(out), nil
}

// GroupDelete removes a group, or returns store.ErrGroupNotFound.
func (s *Store) GroupDelete(ctx context.Context, ref store.GroupRef) error {
	return s.writeGroup(ctx, ref, func(b *pebble.Batch, key []byte, cur *store.Group) error {
		if cur == nil {
			return fmt.Errorf("%w: %s", store.ErrGroupNotFound, groupName(ref))
		}
		_ = b.Delete(key, nil)
		return nil
	})
}

// writeGroup runs one write of a group: with its stream's writeMu held
// shared and the group's lock held, it reads the current document (nil
// when there is none) and lets fill add to a batch, which it commits
// durably unless fill fails.
func (s *Store) writeGroup(ctx context.Context, ref store.GroupRef,
	fill func(b *pebble.Batch, key []byte, cur *store.Group) error) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.leave()
	st, err := s.sharedStream(ref.Stream)
	if err != nil {
		return err
	}
	defer st.writeMu.RUnlock()
	key := s.keys.group(st.id, ref.Name)
	mu := &s.groupLocks[maphash.Bytes(groupSeed, key)%groupLockCount]
	mu.Lock()
	defer mu.Unlock()
	cur, err := s.readGroup(s.db, key, ref)
	if err != nil {
		return err
	}
	b := s.db.NewBatch()
	if err := fill(b, key, cur); err != nil {
		b.Close()
		return err
	}
	if err := s.commit(b); err != nil {
		return fmt.Errorf("streamkv: write group %s: %w", groupName(ref), err)
	}
	return nil
}

// sharedStream returns a live stream with its writeMu held shared, or
// ErrStreamNotFound.
func (s *Store) sharedStream(ref store.StreamRef) (*stream, error) {
	for {
		st, err := s.lookup(ref)
		if err != nil {
			return nil, err
		}
		st.writeMu.RLock()
		if st.current() != nil {
			return st, nil
		}
		// Deleted meanwhile; the name may already hold a new stream.
		st.writeMu.RUnlock()
	}
}

// readGroup reads and decodes the group document at key, nil when there
// is none.
func (s *Store) readGroup(r pebble.Reader, key []byte, ref store.GroupRef) (*store.Group, error) {
	v, closer, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("streamkv: read group %s: %w", groupName(ref), err)
	}
	defer closer.Close()
	g, err := decodeGroup(ref, v)
	if err != nil {
		return nil, fmt.Errorf("streamkv: read group %s: %w", groupName(ref), err)
	}
	return g, nil
}

// cloneGroup returns a deep copy of g, nil for nil.
func cloneGroup(g *store.Group) *store.Group {
	if g == nil {
		return nil
	}
	c := *g
	c.Checkpoints = slices.Clone(g.Checkpoints)
	c.Meta = slices.Clone(g.Meta)
	return &c
}

// groupName names a group in errors: account/stream/group.
func groupName(ref store.GroupRef) string {
	return ref.Stream.Account + "/" + ref.Stream.Name + "/" + ref.Name
}
