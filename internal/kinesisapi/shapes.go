package kinesisapi

import (
	"github.com/sluicemq/sluice/internal/stream"
)

// StreamModeDetails is a stream's capacity mode.
type StreamModeDetails struct {
	StreamMode string `json:"StreamMode"`
}

// HashKeyRange is a shard's range of hash keys, in decimal.
type HashKeyRange struct {
	StartingHashKey string `json:"StartingHashKey"`
	EndingHashKey   string `json:"EndingHashKey"`
}

// SequenceNumberRange is a shard's range of sequence numbers; the end is
// set once the shard is closed.
type SequenceNumberRange struct {
	StartingSequenceNumber string `json:"StartingSequenceNumber"`
	EndingSequenceNumber   string `json:"EndingSequenceNumber,omitempty"`
}

// Shard describes a shard.
type Shard struct {
	ShardID               string              `json:"ShardId"`
	ParentShardID         string              `json:"ParentShardId,omitempty"`
	AdjacentParentShardID string              `json:"AdjacentParentShardId,omitempty"`
	HashKeyRange          HashKeyRange        `json:"HashKeyRange"`
	SequenceNumberRange   SequenceNumberRange `json:"SequenceNumberRange"`
}

func toShards(in []stream.ShardInfo) []Shard {
	out := make([]Shard, len(in))
	for i, s := range in {
		out[i] = Shard{
			ShardID: s.ShardID, ParentShardID: s.ParentShardID, AdjacentParentShardID: s.AdjacentParentShardID,
			HashKeyRange: HashKeyRange{StartingHashKey: s.StartingHashKey, EndingHashKey: s.EndingHashKey},
			SequenceNumberRange: SequenceNumberRange{StartingSequenceNumber: s.StartingSequenceNumber,
				EndingSequenceNumber: s.EndingSequenceNumber},
		}
	}
	return out
}

// EnhancedMetrics lists the shard-level metrics enabled on a stream.
type EnhancedMetrics struct {
	ShardLevelMetrics []string `json:"ShardLevelMetrics"`
}

// enhancedMonitoring is the EnhancedMonitoring list of a description: one
// entry, empty when no metric is enabled.
func enhancedMonitoring(metrics []string) []EnhancedMetrics {
	if metrics == nil {
		metrics = []string{}
	}
	return []EnhancedMetrics{{ShardLevelMetrics: metrics}}
}

// Tag is a tag key and value.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value,omitempty"`
}

func toTags(in []stream.Tag) []Tag {
	out := make([]Tag, len(in))
	for i, t := range in {
		out[i] = Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

// Consumer describes a registered consumer.
type Consumer struct {
	ConsumerName              string    `json:"ConsumerName"`
	ConsumerARN               string    `json:"ConsumerARN"`
	ConsumerStatus            string    `json:"ConsumerStatus"`
	ConsumerCreationTimestamp Timestamp `json:"ConsumerCreationTimestamp"`
}

func toConsumer(c *stream.Consumer) Consumer {
	return Consumer{ConsumerName: c.Name, ConsumerARN: c.ARN, ConsumerStatus: c.Status,
		ConsumerCreationTimestamp: Timestamp(c.Created)}
}

// Record is a data record as GetRecords returns it.
type Record struct {
	SequenceNumber              string     `json:"SequenceNumber"`
	ApproximateArrivalTimestamp *Timestamp `json:"ApproximateArrivalTimestamp,omitempty"`
	Data                        []byte     `json:"Data"`
	PartitionKey                string     `json:"PartitionKey"`
	EncryptionType              string     `json:"EncryptionType,omitempty"`
}

func toRecords(in []stream.Record) []Record {
	out := make([]Record, len(in))
	for i, r := range in {
		out[i] = Record{SequenceNumber: r.SequenceNumber, ApproximateArrivalTimestamp: NewTimestamp(r.ArrivedAt),
			Data: r.Data, PartitionKey: r.PartitionKey}
		if r.EncryptionType == stream.EncryptionKMS {
			out[i].EncryptionType = r.EncryptionType
		}
	}
	return out
}

// ChildShard is a shard made from the shard that was read.
type ChildShard struct {
	ShardID      string       `json:"ShardId"`
	ParentShards []string     `json:"ParentShards"`
	HashKeyRange HashKeyRange `json:"HashKeyRange"`
}

func toChildShards(in []stream.ChildShard) []ChildShard {
	if in == nil {
		return nil
	}
	out := make([]ChildShard, len(in))
	for i, c := range in {
		out[i] = ChildShard{ShardID: c.ShardID, ParentShards: c.ParentShards,
			HashKeyRange: HashKeyRange{StartingHashKey: c.StartingHashKey, EndingHashKey: c.EndingHashKey}}
	}
	return out
}

// WarmThroughputObject is a stream's warm throughput.
type WarmThroughputObject struct {
	TargetMiBps  *int `json:"TargetMiBps,omitempty"`
	CurrentMiBps *int `json:"CurrentMiBps,omitempty"`
}

func warmThroughput(mibps int) *WarmThroughputObject {
	return &WarmThroughputObject{TargetMiBps: &mibps, CurrentMiBps: &mibps}
}
