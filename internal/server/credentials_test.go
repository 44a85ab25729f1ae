package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const testSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET"

func TestValidateCredentials(t *testing.T) {
	t.Parallel()
	good := Credential{AccessKey: "AKIDGOOD", Secret: testSecret, Account: "123456789012"}
	tests := []struct {
		name  string
		creds []Credential
		want  string // "" for valid
	}{
		{"None", nil, ""},
		{"One", []Credential{good}, ""},
		{"SameAccountTwoKeys", []Credential{good, {AccessKey: "AKIDOTHER", Secret: "x", Account: "123456789012"}}, ""},
		{"EmptyKey", []Credential{{Secret: testSecret, Account: "123456789012"}}, "credential 1: empty access key"},
		{"KeyWithSlash", []Credential{{AccessKey: "AK/ID", Secret: testSecret, Account: "123456789012"}}, "credential 1: access key must be"},
		{"EmptySecret", []Credential{{AccessKey: "AKID", Account: "123456789012"}}, `credential 1: access key "AKID": empty secret`},
		{"ShortAccount", []Credential{good, {AccessKey: "AKID", Secret: testSecret, Account: "12345"}},
			`credential 2: access key "AKID": account "12345" is not a 12-digit account id`},
		{"LetterAccount", []Credential{{AccessKey: "AKID", Secret: testSecret, Account: "12345678901a"}}, "not a 12-digit"},
		{"Duplicate", []Credential{good, good}, `credential 2: access key "AKIDGOOD" is already credential 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateCredentials(tt.creds)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("ValidateCredentials = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("ValidateCredentials = %v, want an error containing %q", err, tt.want)
			case err != nil && strings.Contains(err.Error(), testSecret):
				t.Fatalf("error %q repeats the secret", err)
			}
		})
	}
}

func TestCredential_PrintsNoSecret(t *testing.T) {
	t.Parallel()
	c := Credential{AccessKey: "AKIDPRINT", Secret: testSecret, Account: "123456789012"}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "credential", c, "all", []Credential{c})
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c), "%#v": fmt.Sprintf("%#v", c),
		"%s": fmt.Sprintf("%s", c), "slice %v": fmt.Sprintf("%v", []Credential{c}), "slog": logged.String(),
	}
	for form, out := range outputs {
		if strings.Contains(out, testSecret) {
			t.Errorf("%s prints the secret: %s", form, out)
		}
		if !strings.Contains(out, "AKIDPRINT") {
			t.Errorf("%s does not name the access key: %s", form, out)
		}
	}
}

func TestNew_RefusesBadCredentials(t *testing.T) {
	t.Parallel()
	_, err := New(Config{Memory: true, Credentials: []Credential{{AccessKey: "AKID", Secret: testSecret, Account: "1"}}})
	if err == nil || !strings.Contains(err.Error(), "12-digit") || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("New = %v, want a 12-digit account error without the secret", err)
	}
}
