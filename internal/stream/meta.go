package stream

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// Stream statuses.
const (
	StatusCreating = "CREATING"
	StatusActive   = "ACTIVE"
	StatusUpdating = "UPDATING"
	StatusDeleting = "DELETING"
)

// Capacity modes.
const (
	ModeProvisioned = "PROVISIONED"
	ModeOnDemand    = "ON_DEMAND"
)

// Encryption types.
const (
	EncryptionNone = "NONE"
	EncryptionKMS  = "KMS"
)

// meta is the part of a stream's metadata the store keeps opaque
// (store.Stream.Meta), encoded as JSON.
type meta struct {
	Status string `json:"status"`
	// StatusUntil is when a CREATING or UPDATING stream becomes ACTIVE and
	// a DELETING one disappears.
	StatusUntil       time.Time         `json:"statusUntil,omitzero"`
	Mode              string            `json:"mode"`
	RetentionHours    int               `json:"retentionHours"`
	Tags              map[string]string `json:"tags,omitempty"`
	Consumers         []consumer        `json:"consumers,omitempty"`
	EncryptionType    string            `json:"encryptionType,omitempty"`
	KeyID             string            `json:"keyId,omitempty"`
	ShardLevelMetrics []string          `json:"shardLevelMetrics,omitempty"`
	MaxRecordSizeKiB  int               `json:"maxRecordSizeKiB"`
	WarmThroughput    int               `json:"warmThroughputMiBps,omitempty"`
	// Policies holds resource policies by resource ARN (the stream's or a
	// consumer's).
	Policies map[string]string `json:"policies,omitempty"`
	// Scalings are the times of UpdateShardCount calls in the last day.
	Scalings []time.Time `json:"scalings,omitempty"`
	// Reshard is a reshard that takes effect when UPDATING ends
	// (pending.go).
	Reshard *pendingReshard `json:"reshard,omitempty"`
}

// consumer is a registered enhanced fan-out consumer.
type consumer struct {
	Name        string            `json:"name"`
	Created     time.Time         `json:"created"`
	Status      string            `json:"status"`
	StatusUntil time.Time         `json:"statusUntil,omitzero"`
	Tags        map[string]string `json:"tags,omitempty"`
}

func decodeMeta(b []byte) (meta, error) {
	var m meta
	if err := json.Unmarshal(b, &m); err != nil {
		return meta{}, fmt.Errorf("stream: decode metadata: %w", err)
	}
	return m, nil
}

func encodeMeta(m *meta) []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("stream: encode metadata: %v", err)) // plain data; cannot fail
	}
	return b
}

// settle applies the state changes whose time has come: CREATING and
// UPDATING end in ACTIVE, consumers finish registering, deregistered
// consumers go away. It reports whether anything changed.
func (m *meta) settle(now time.Time) bool {
	changed := false
	if (m.Status == StatusCreating || m.Status == StatusUpdating) && !now.Before(m.StatusUntil) {
		m.Status, m.StatusUntil, changed = StatusActive, time.Time{}, true
	}
	kept := m.Consumers[:0]
	for _, c := range m.Consumers {
		due := !now.Before(c.StatusUntil)
		switch {
		case c.Status == StatusDeleting && due:
			changed = true
			continue
		case c.Status == StatusCreating && due:
			c.Status, c.StatusUntil, changed = StatusActive, time.Time{}, true
		}
		kept = append(kept, c)
	}
	m.Consumers = kept
	return changed
}

// gone reports whether a DELETING stream's deletion is due.
func (m *meta) gone(now time.Time) bool {
	return m.Status == StatusDeleting && !now.Before(m.StatusUntil)
}

// setStatus starts a transition that ends after d; with no delay the
// stream stays ACTIVE.
func (m *meta) setStatus(status string, now time.Time, d time.Duration) {
	if d <= 0 && status != StatusDeleting {
		m.Status, m.StatusUntil = StatusActive, time.Time{}
		return
	}
	m.Status, m.StatusUntil = status, now.Add(d)
}

// findConsumer returns the index of a live consumer, or -1.
func (m *meta) findConsumer(name string) int {
	for i, c := range m.Consumers {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// view is a stream as read at one instant: the stored document and its
// decoded, settled metadata.
type view struct {
	st *store.Stream
	m  meta
}

// shard returns shard index i, or nil.
func (v *view) shard(i int) *store.Shard {
	if i >= 0 && i < len(v.st.Shards) && v.st.Shards[i].Index == i {
		return &v.st.Shards[i]
	}
	for k := range v.st.Shards {
		if v.st.Shards[k].Index == i {
			return &v.st.Shards[k]
		}
	}
	return nil
}

// openShards returns the open shards in index order.
func (v *view) openShards() []*store.Shard {
	var open []*store.Shard
	for k := range v.st.Shards {
		if v.st.Shards[k].ClosedAt.IsZero() {
			open = append(open, &v.st.Shards[k])
		}
	}
	return open
}

// readable reports whether records may be put and read: the stream is
// ACTIVE or UPDATING.
func (v *view) readable() bool {
	return v.m.Status == StatusActive || v.m.Status == StatusUpdating
}

// metaCache keeps the decoded metadata of the streams read lately, so the
// data path does not decode the same document on every request. An entry
// is used only while the stored bytes are the same.
type metaCache struct {
	mu      sync.Mutex
	entries map[StreamRef]cachedMeta
}

type cachedMeta struct {
	raw []byte
	m   meta
}

func newMetaCache() *metaCache { return &metaCache{entries: make(map[StreamRef]cachedMeta)} }

// decode returns the metadata raw encodes. The result's Consumers slice is
// the caller's own (settle rewrites it); its maps are shared and must not
// be changed.
func (c *metaCache) decode(ref StreamRef, raw []byte) (meta, error) {
	c.mu.Lock()
	e, ok := c.entries[ref]
	c.mu.Unlock()
	if !ok || !bytes.Equal(e.raw, raw) {
		m, err := decodeMeta(raw)
		if err != nil {
			return meta{}, err
		}
		e = cachedMeta{raw: raw, m: m}
		c.mu.Lock()
		c.entries[ref] = e
		c.mu.Unlock()
	}
	m := e.m
	m.Consumers = slices.Clone(e.m.Consumers)
	return m, nil
}

// forget drops a stream's entry.
func (c *metaCache) forget(ref StreamRef) {
	c.mu.Lock()
	delete(c.entries, ref)
	c.mu.Unlock()
}
