package streamgroup

import (
	"encoding/json"
	"fmt"
	"time"
)

// Start position types of a group: where a shard without a checkpoint is
// read from.
const (
	// StartTrimHorizon reads every shard from its oldest record.
	StartTrimHorizon = "TRIM_HORIZON"
	// StartLatest reads what arrives after the group was created (or
	// reset): the shards' newest records are checkpointed then. Shards
	// made later by resharding are read from their start.
	StartLatest = "LATEST"
	// StartAtTimestamp reads every shard from its first record that
	// arrived at or after a time.
	StartAtTimestamp = "AT_TIMESTAMP"
)

// StartPosition is where a group starts reading.
type StartPosition struct {
	// Type is StartTrimHorizon, StartLatest or StartAtTimestamp.
	Type string
	// Timestamp is the time of StartAtTimestamp.
	Timestamp time.Time
}

// groupMeta is the part of a group's stored record the store does not
// interpret, encoded as JSON.
type groupMeta struct {
	Start string `json:"start"`
	// AtMillis is the time of an AT_TIMESTAMP start, in Unix milliseconds.
	AtMillis int64 `json:"at,omitempty"`
	// Epochs is the highest lease epoch reserved so far; epochs are handed
	// out from blocks reserved durably, so none is used twice, even across
	// restarts.
	Epochs int64 `json:"epochs,omitempty"`
}

func (m groupMeta) start() StartPosition {
	p := StartPosition{Type: m.Start}
	if m.Start == StartAtTimestamp {
		p.Timestamp = time.UnixMilli(m.AtMillis).UTC()
	}
	return p
}

func (m *groupMeta) setStart(p StartPosition) {
	m.Start, m.AtMillis = p.Type, 0
	if p.Type == StartAtTimestamp {
		m.AtMillis = p.Timestamp.UnixMilli()
	}
}

func encodeMeta(m groupMeta) []byte {
	b, _ := json.Marshal(m) // a struct of strings and numbers always encodes
	return b
}

func decodeMeta(b []byte) (groupMeta, error) {
	var m groupMeta
	if err := json.Unmarshal(b, &m); err != nil {
		return groupMeta{}, fmt.Errorf("streamgroup: stored group document: %w", err)
	}
	return m, nil
}
