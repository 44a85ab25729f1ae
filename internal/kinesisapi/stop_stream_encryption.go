package kinesisapi

import "context"

// StopStreamEncryptionInput is the input of StopStreamEncryption.
type StopStreamEncryptionInput struct {
	StreamName     *string `json:"StreamName,omitempty"`
	EncryptionType *string `json:"EncryptionType"`
	KeyID          *string `json:"KeyId"`
	StreamARN      *string `json:"StreamARN,omitempty"`
	StreamID       string  `json:"StreamId,omitempty"`
}

// StopStreamEncryptionOutput is the output of StopStreamEncryption.
type StopStreamEncryptionOutput struct{}

// StopStreamEncryption turns server-side encryption off.
func (a *API) StopStreamEncryption(ctx context.Context, in *StopStreamEncryptionInput) (*StopStreamEncryptionOutput, error) {
	ref, err := a.encryptionRequest(ctx, in.StreamName, in.StreamARN, in.EncryptionType, in.KeyID)
	if err != nil {
		return nil, err
	}
	if err := a.svc.StopStreamEncryption(ctx, ref, *in.EncryptionType, *in.KeyID); err != nil {
		return nil, err
	}
	return &StopStreamEncryptionOutput{}, nil
}
