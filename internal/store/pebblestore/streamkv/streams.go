package streamkv

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/cockroachdb/pebble/v2"

	"github.com/sluicemq/sluice/internal/store"
)

// StreamCreate stores a new stream under a new internal id, or returns the
// existing one and store.ErrStreamExists.
func (s *Store) StreamCreate(ctx context.Context, in *store.Stream) (*store.Stream, error) {
	if err := checkShards(in.Shards); err != nil {
		return nil, err
	}
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	s.createMu.Lock()
	defer s.createMu.Unlock()
	if existing := s.liveDoc(in.Ref); existing != nil {
		return cloneStream(existing), fmt.Errorf("%w: %s/%s", store.ErrStreamExists, in.Ref.Account, in.Ref.Name)
	}
	doc := cloneStream(in)
	id := s.lastID + 1
	enc, err := encodeStream(id, doc)
	if err != nil {
		return nil, err
	}
	b := s.db.NewBatch()
	_ = b.Set(s.keys.stream(doc.Ref.Account, doc.Ref.Name), enc, nil)
	_ = b.Set(s.keys.lastID(), binary.AppendUvarint(nil, id), nil)
	// The id counts as used even if the commit fails: it may have reached
	// the log.
	s.lastID = id
	if err := s.commit(b); err != nil {
		return nil, fmt.Errorf("streamkv: create stream %s/%s: %w", doc.Ref.Account, doc.Ref.Name, err)
	}
	st := newStream(id, doc)
	s.mu.Lock()
	s.streams[doc.Ref] = st
	s.mu.Unlock()
	return cloneStream(doc), nil
}

// liveDoc returns the document of a live stream, or nil.
func (s *Store) liveDoc(ref store.StreamRef) *store.Stream {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.streams[ref]; st != nil {
		return st.current()
	}
	return nil
}

// StreamGet returns a stream or store.ErrStreamNotFound.
func (s *Store) StreamGet(ctx context.Context, ref store.StreamRef) (*store.Stream, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	doc := s.liveDoc(ref)
	if doc == nil {
		return nil, fmt.Errorf("%w: %s/%s", store.ErrStreamNotFound, ref.Account, ref.Name)
	}
	return cloneStream(doc), nil
}

// StreamList returns an account's streams ordered by name (byte order),
// starting after p.After, at most p.Limit (0 = no limit).
func (s *Store) StreamList(ctx context.Context, p *store.StreamListParams) ([]*store.Stream, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	prefix := s.keys.accountStreams(p.Account)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return nil, fmt.Errorf("streamkv: list streams: %w", err)
	}
	defer it.Close()
	var out []*store.Stream
	valid := it.First()
	if p.After != "" {
		// The first name after After is After followed by a zero byte.
		valid = it.SeekGE(s.keys.stream(p.Account, p.After+"\x00"))
	}
	for ; valid; valid = it.Next() {
		if p.Limit > 0 && len(out) == p.Limit {
			break
		}
		v, err := it.ValueAndErr()
		if err != nil {
			return nil, fmt.Errorf("streamkv: list streams: %w", err)
		}
		_, doc, err := decodeStream(v)
		if err != nil {
			return nil, fmt.Errorf("streamkv: list streams: %q: %w", it.Key(), err)
		}
		out = append(out, doc)
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("streamkv: list streams: %w", err)
	}
	return out, nil
}

// StreamRefs returns every live stream of every account, from memory.
func (s *Store) StreamRefs(ctx context.Context) ([]store.StreamRef, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Collect(maps.Keys(s.streams)), nil
}

// StreamUpdate applies fn to a copy of the current document and stores the
// result atomically; fn's error aborts the update and is returned as is.
// Updates of one stream are serialized with each other and with its puts, so
// a put that starts after an update closing its shard returned fails with
// store.ErrShardClosed. fn must not call the store. The stream's Ref cannot
// change.
func (s *Store) StreamUpdate(ctx context.Context, ref store.StreamRef, fn func(*store.Stream) error) (*store.Stream, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	st, err := s.lockStream(ref)
	if err != nil {
		return nil, err
	}
	defer st.writeMu.Unlock()
	cur := st.current()
	next := cloneStream(cur)
	if err := fn(next); err != nil {
		return nil, err
	}
	next.Ref = cur.Ref
	if err := checkShards(next.Shards); err != nil {
		return nil, err
	}
	enc, err := encodeStream(st.id, next)
	if err != nil {
		return nil, err
	}
	b := s.db.NewBatch()
	_ = b.Set(s.keys.stream(ref.Account, ref.Name), enc, nil)
	if err := s.commit(b); err != nil {
		return nil, fmt.Errorf("streamkv: update stream %s/%s: %w", ref.Account, ref.Name, err)
	}
	// fn may keep next: the store keeps its own copy.
	doc := cloneStream(next)
	st.mu.Lock()
	st.install(doc)
	st.mu.Unlock()
	return next, nil
}

// StreamDelete removes a stream's document and range-deletes its records
// and groups.
func (s *Store) StreamDelete(ctx context.Context, ref store.StreamRef) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.leave()
	st, err := s.lockStream(ref)
	if err != nil {
		return err
	}
	defer st.writeMu.Unlock()
	b := s.db.NewBatch()
	_ = b.Delete(s.keys.stream(ref.Account, ref.Name), nil)
	records, highWaters := s.keys.streamRecords(st.id), s.keys.streamHighWaters(st.id)
	groups := s.keys.streamGroups(st.id)
	_ = b.DeleteRange(records, prefixEnd(records), nil)
	_ = b.DeleteRange(highWaters, prefixEnd(highWaters), nil)
	_ = b.DeleteRange(groups, prefixEnd(groups), nil)
	if err := s.commit(b); err != nil {
		return fmt.Errorf("streamkv: delete stream %s/%s: %w", ref.Account, ref.Name, err)
	}
	s.mu.Lock()
	delete(s.streams, ref)
	st.mu.Lock()
	st.deleted = true
	st.mu.Unlock()
	s.mu.Unlock()
	return nil
}

// lockStream returns a live stream with its writeMu held exclusively, or
// ErrStreamNotFound.
func (s *Store) lockStream(ref store.StreamRef) (*stream, error) {
	for {
		st, err := s.lookup(ref)
		if err != nil {
			return nil, err
		}
		st.writeMu.Lock()
		if st.current() != nil {
			return st, nil
		}
		// Deleted meanwhile; the name may already hold a new stream.
		st.writeMu.Unlock()
	}
}
