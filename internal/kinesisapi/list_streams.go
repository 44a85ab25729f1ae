package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// ListStreamsInput is the input of ListStreams.
type ListStreamsInput struct {
	Limit                    *int    `json:"Limit,omitempty"`
	ExclusiveStartStreamName *string `json:"ExclusiveStartStreamName,omitempty"`
	NextToken                *string `json:"NextToken,omitempty"`
}

// ListStreamsOutput is the output of ListStreams.
type ListStreamsOutput struct {
	StreamNames     []string        `json:"StreamNames"`
	HasMoreStreams  bool            `json:"HasMoreStreams"`
	NextToken       string          `json:"NextToken,omitempty"`
	StreamSummaries []StreamSummary `json:"StreamSummaries"`
}

// StreamSummary is one stream of ListStreams.
type StreamSummary struct {
	StreamName              string             `json:"StreamName"`
	StreamARN               string             `json:"StreamARN"`
	StreamStatus            string             `json:"StreamStatus"`
	StreamModeDetails       *StreamModeDetails `json:"StreamModeDetails,omitempty"`
	StreamCreationTimestamp *Timestamp         `json:"StreamCreationTimestamp,omitempty"`
}

// ListStreams lists the caller's streams in name order.
func (a *API) ListStreams(ctx context.Context, in *ListStreamsInput) (*ListStreamsOutput, error) {
	var v validator
	v.intRange("limit", in.Limit, 1, 10000)
	v.name("exclusiveStartStreamName", in.ExclusiveStartStreamName)
	v.str("nextToken", in.NextToken, nil, "", 1, 1048576)
	if err := v.err(); err != nil {
		return nil, err
	}
	p := &stream.ListStreamsParams{Account: account(ctx), ExclusiveStartStreamName: val(in.ExclusiveStartStreamName),
		NextToken: val(in.NextToken)}
	if in.Limit != nil {
		p.Limit = *in.Limit
	}
	res, err := a.svc.ListStreams(ctx, p)
	if err != nil {
		return nil, err
	}
	out := &ListStreamsOutput{StreamNames: []string{}, StreamSummaries: []StreamSummary{}, HasMoreStreams: res.HasMore,
		NextToken: res.NextToken}
	for _, s := range res.Streams {
		out.StreamNames = append(out.StreamNames, s.Name)
		out.StreamSummaries = append(out.StreamSummaries, StreamSummary{StreamName: s.Name, StreamARN: s.ARN,
			StreamStatus: s.Status, StreamModeDetails: &StreamModeDetails{StreamMode: s.Mode},
			StreamCreationTimestamp: NewTimestamp(s.Created)})
	}
	return out, nil
}
