package kinesisapi

import "github.com/sluicemq/sluice/internal/awsproto"

// Operations returns the action table, in alphabetical order.
// SubscribeToShard answers with an event stream of SubscribeToShardEvent
// messages.
func (a *API) Operations() []awsproto.Operation {
	return []awsproto.Operation{
		awsproto.Op("AddTagsToStream", a.AddTagsToStream),
		awsproto.Op("CreateStream", a.CreateStream),
		awsproto.Op("DecreaseStreamRetentionPeriod", a.DecreaseStreamRetentionPeriod),
		awsproto.Op("DeleteResourcePolicy", a.DeleteResourcePolicy),
		awsproto.Op("DeleteStream", a.DeleteStream),
		awsproto.Op("DeregisterStreamConsumer", a.DeregisterStreamConsumer),
		awsproto.Op("DescribeAccountSettings", a.DescribeAccountSettings),
		awsproto.Op("DescribeLimits", a.DescribeLimits),
		awsproto.Op("DescribeStream", a.DescribeStream),
		awsproto.Op("DescribeStreamConsumer", a.DescribeStreamConsumer),
		awsproto.Op("DescribeStreamSummary", a.DescribeStreamSummary),
		awsproto.Op("DisableEnhancedMonitoring", a.DisableEnhancedMonitoring),
		awsproto.Op("EnableEnhancedMonitoring", a.EnableEnhancedMonitoring),
		awsproto.Op("GetRecords", a.GetRecords),
		awsproto.Op("GetResourcePolicy", a.GetResourcePolicy),
		awsproto.Op("GetShardIterator", a.GetShardIterator),
		awsproto.Op("IncreaseStreamRetentionPeriod", a.IncreaseStreamRetentionPeriod),
		awsproto.Op("ListShards", a.ListShards),
		awsproto.Op("ListStreamConsumers", a.ListStreamConsumers),
		awsproto.Op("ListStreams", a.ListStreams),
		awsproto.Op("ListTagsForResource", a.ListTagsForResource),
		awsproto.Op("ListTagsForStream", a.ListTagsForStream),
		awsproto.Op("MergeShards", a.MergeShards),
		awsproto.Op("PutRecord", a.PutRecord),
		awsproto.Op("PutRecords", a.PutRecords),
		awsproto.Op("PutResourcePolicy", a.PutResourcePolicy),
		awsproto.Op("RegisterStreamConsumer", a.RegisterStreamConsumer),
		awsproto.Op("RemoveTagsFromStream", a.RemoveTagsFromStream),
		awsproto.Op("SplitShard", a.SplitShard),
		awsproto.StreamOp("SubscribeToShard", "SubscribeToShardEvent", a.SubscribeToShard),
		awsproto.Op("StartStreamEncryption", a.StartStreamEncryption),
		awsproto.Op("StopStreamEncryption", a.StopStreamEncryption),
		awsproto.Op("TagResource", a.TagResource),
		awsproto.Op("UntagResource", a.UntagResource),
		awsproto.Op("UpdateAccountSettings", a.UpdateAccountSettings),
		awsproto.Op("UpdateMaxRecordSize", a.UpdateMaxRecordSize),
		awsproto.Op("UpdateShardCount", a.UpdateShardCount),
		awsproto.Op("UpdateStreamMode", a.UpdateStreamMode),
		awsproto.Op("UpdateStreamWarmThroughput", a.UpdateStreamWarmThroughput),
	}
}
