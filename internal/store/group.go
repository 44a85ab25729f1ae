package store

import (
	"context"
	"errors"
	"time"
)

// GroupStore persists the consumer groups of streams (a sluice extension:
// server-side consumer groups). A group belongs to one stream and goes
// with it: StreamDelete removes its groups, and a stream created again
// under the same name starts with none.
//
// Only what must survive a restart is stored: that the group exists, its
// document (Meta, opaque to the store) and how far it got in each shard.
// Members and their leases live in the memory of the semantics layer.
type GroupStore interface {
	// GroupCreate stores a new group of an existing stream
	// (ErrStreamNotFound otherwise), or returns the existing group and
	// ErrGroupExists.
	GroupCreate(ctx context.Context, g *Group) (*Group, error)
	// GroupGet returns a group, ErrGroupNotFound or ErrStreamNotFound.
	GroupGet(ctx context.Context, ref GroupRef) (*Group, error)
	// GroupList returns the groups of a stream ordered by name, or
	// ErrStreamNotFound.
	GroupList(ctx context.Context, stream StreamRef) ([]*Group, error)
	// GroupUpdate applies fn to the current group and stores the result
	// atomically; fn's error aborts the update and is returned as is.
	// Updates of one group are serialized.
	GroupUpdate(ctx context.Context, ref GroupRef, fn func(*Group) error) (*Group, error)
	// GroupDelete removes a group, or returns ErrGroupNotFound.
	GroupDelete(ctx context.Context, ref GroupRef) error
}

// Group sentinel errors.
var (
	ErrGroupNotFound = errors.New("store: group not found")
	ErrGroupExists   = errors.New("store: group already exists")
)

// GroupRef names a consumer group: its stream and its name.
type GroupRef struct {
	Stream StreamRef
	Name   string
}

// Group is the stored record of a consumer group.
type Group struct {
	Ref       GroupRef
	CreatedAt time.Time
	// Checkpoints hold the group's progress, at most one per shard, in
	// shard order.
	Checkpoints []Checkpoint
	// Meta is the rest of the group's state (its start position, its
	// lease epoch allocation), opaque to the store.
	Meta []byte
}

// Checkpoint is how far a group has processed one shard.
type Checkpoint struct {
	// Shard is the shard's index.
	Shard int
	// SequenceNumber is that of the last record processed; empty when
	// none was (a shard finished before any of its records was read).
	SequenceNumber string
	// Finished is set once the shard has been read to its end: its
	// children may then be read.
	Finished bool
}
