package kinesisapi

import "context"

// ListTagsForStreamInput is the input of ListTagsForStream.
type ListTagsForStreamInput struct {
	StreamName           *string `json:"StreamName,omitempty"`
	ExclusiveStartTagKey *string `json:"ExclusiveStartTagKey,omitempty"`
	Limit                *int    `json:"Limit,omitempty"`
	StreamARN            *string `json:"StreamARN,omitempty"`
	StreamID             string  `json:"StreamId,omitempty"`
}

// ListTagsForStreamOutput is the output of ListTagsForStream.
type ListTagsForStreamOutput struct {
	Tags        []Tag `json:"Tags"`
	HasMoreTags bool  `json:"HasMoreTags"`
}

// ListTagsForStream lists a stream's tags in key order.
func (a *API) ListTagsForStream(ctx context.Context, in *ListTagsForStreamInput) (*ListTagsForStreamOutput, error) {
	var v validator
	v.intRange("limit", in.Limit, 1, 50)
	v.str("exclusiveStartTagKey", in.ExclusiveStartTagKey, nil, "", 1, 128)
	v.stream(in.StreamName, in.StreamARN)
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.streamRef(ctx, in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	limit := 0
	if in.Limit != nil {
		limit = *in.Limit
	}
	tags, more, err := a.svc.ListTagsForStream(ctx, ref, val(in.ExclusiveStartTagKey), limit)
	if err != nil {
		return nil, err
	}
	return &ListTagsForStreamOutput{Tags: toTags(tags), HasMoreTags: more}, nil
}
