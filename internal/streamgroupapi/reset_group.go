package streamgroupapi

import "context"

// ResetGroupInput is the input of ResetGroup.
type ResetGroupInput struct {
	StreamName       *string           `json:"StreamName,omitempty"`
	StreamARN        *string           `json:"StreamARN,omitempty"`
	GroupName        *string           `json:"GroupName"`
	StartingPosition *StartingPosition `json:"StartingPosition"`
}

// ResetGroupOutput is the (empty) output of ResetGroup.
type ResetGroupOutput struct{}

// ResetGroup makes a group read again from a starting position: its
// checkpoints are replaced and its leases get new epochs.
func (a *API) ResetGroup(ctx context.Context, in *ResetGroupInput) (*ResetGroupOutput, error) {
	var v validator
	v.stream(in.StreamName, in.StreamARN)
	v.group(in.GroupName)
	v.required("startingPosition", in.StartingPosition != nil)
	in.StartingPosition.check(&v, "startingPosition")
	if err := v.err(); err != nil {
		return nil, err
	}
	ref, err := a.groupRef(ctx, in.StreamName, in.StreamARN, in.GroupName)
	if err != nil {
		return nil, err
	}
	if err := a.groups.Reset(ctx, ref, in.StartingPosition.start()); err != nil {
		return nil, err
	}
	return &ResetGroupOutput{}, nil
}
