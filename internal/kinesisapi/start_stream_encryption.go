package kinesisapi

import (
	"context"

	"github.com/sluicemq/sluice/internal/stream"
)

// StartStreamEncryptionInput is the input of StartStreamEncryption.
type StartStreamEncryptionInput struct {
	StreamName     *string `json:"StreamName,omitempty"`
	EncryptionType *string `json:"EncryptionType"`
	KeyID          *string `json:"KeyId"`
	StreamARN      *string `json:"StreamARN,omitempty"`
	StreamID       string  `json:"StreamId,omitempty"`
}

// StartStreamEncryptionOutput is the output of StartStreamEncryption.
type StartStreamEncryptionOutput struct{}

// StartStreamEncryption turns on server-side encryption with a KMS key.
func (a *API) StartStreamEncryption(ctx context.Context, in *StartStreamEncryptionInput) (*StartStreamEncryptionOutput, error) {
	ref, err := a.encryptionRequest(ctx, in.StreamName, in.StreamARN, in.EncryptionType, in.KeyID)
	if err != nil {
		return nil, err
	}
	if err := a.svc.StartStreamEncryption(ctx, ref, *in.EncryptionType, *in.KeyID); err != nil {
		return nil, err
	}
	return &StartStreamEncryptionOutput{}, nil
}

// encryptionRequest checks the members shared by the encryption actions.
func (a *API) encryptionRequest(ctx context.Context, name, arn, typ, keyID *string) (stream.StreamRef, error) {
	var v validator
	v.stream(name, arn)
	v.requiredEnum("encryptionType", typ, stream.EncryptionNone, stream.EncryptionKMS)
	v.requiredStr("keyId", keyID, nil, "", 1, 2048)
	if err := v.err(); err != nil {
		return stream.StreamRef{}, err
	}
	return a.streamRef(ctx, name, arn)
}
