package stream

// ShardObserver, when the Observer implements it too, is also told how
// many records of each put went to each shard, by shard id (for the
// console's shard heat).
type ShardObserver interface {
	PutShards(ref StreamRef, perShard map[string]int)
}

// observeShards tells a ShardObserver how the admitted records of one put
// spread over the shards.
func (s *Service) observeShards(ref StreamRef, admitted []routed) {
	so, ok := s.opts.Observer.(ShardObserver)
	if !ok || len(admitted) == 0 {
		return
	}
	perShard := make(map[string]int)
	for _, r := range admitted {
		perShard[ShardID(r.shard.Index)]++
	}
	so.PutShards(ref, perShard)
}
