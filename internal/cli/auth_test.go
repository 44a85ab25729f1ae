package cli

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sluicemq/sluice/internal/config"
	"github.com/sluicemq/sluice/internal/server"
)

// secretText is a secret whose appearance in any output is a leak.
const secretText = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET"

func TestParseServe_Credentials(t *testing.T) {
	t.Parallel()
	alice := server.Credential{AccessKey: "AKIDALICE", Secret: "alice/secret", Account: "111111111111"}
	bob := server.Credential{AccessKey: "AKIDBOB", Secret: "bob:with:colons", Account: "222222222222"}
	carol := server.Credential{AccessKey: "AKIDCAROL", Secret: "c", Account: "333333333333"}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []server.Credential
		anon bool
	}{
		{name: "None"},
		{
			name: "Env",
			env:  map[string]string{"SLUICE_CREDENTIALS": "AKIDALICE:alice/secret:111111111111, AKIDBOB:bob:with:colons:222222222222"},
			want: []server.Credential{alice, bob},
		},
		{
			name: "FlagsRepeat",
			args: []string{"--credential", "AKIDALICE:alice/secret:111111111111", "--credential=AKIDBOB:bob:with:colons:222222222222"},
			want: []server.Credential{alice, bob},
		},
		{
			name: "FlagsReplaceEnv",
			args: []string{"--credential", "AKIDCAROL:c:333333333333"},
			env:  map[string]string{"SLUICE_CREDENTIALS": "AKIDALICE:alice/secret:111111111111"},
			want: []server.Credential{carol},
		},
		{
			name: "AllowAnonymousEnv",
			env:  map[string]string{"SLUICE_ALLOW_ANONYMOUS": "true"},
			anon: true,
		},
		{
			name: "AllowAnonymousFlag",
			args: []string{"--allow-anonymous"},
			env:  map[string]string{"SLUICE_ALLOW_ANONYMOUS": "false"},
			anon: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, _, err := parseServe(tt.args, IO{Err: &bytes.Buffer{}, LookupEnv: env(tt.env)})
			if err != nil {
				t.Fatalf("parseServe: %v", err)
			}
			if creds := server.ConfigFrom(got).Credentials; !reflect.DeepEqual(creds, tt.want) {
				t.Errorf("Credentials = %v, want %v", creds, tt.want)
			}
			if got.AllowAnonymous != tt.anon {
				t.Errorf("AllowAnonymous = %v, want %v", got.AllowAnonymous, tt.anon)
			}
		})
	}
}

func TestRun_ServeBadCredentials(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		code    int
		message string
	}{
		{"NoColons", []string{"serve", "--credential", secretText}, nil, exitError, "flag --credential: credential 1: want KEY:SECRET:ACCOUNT"},
		{"ShortAccount", []string{"serve", "--credential", "AKID:" + secretText + ":12345"}, nil, exitError,
			`account "12345" is not a 12-digit account id`},
		{"EmptySecret", []string{"serve", "--credential", "AKID::123456789012"}, nil, exitError, "empty secret"},
		{"EmptyKey", []string{"serve", "--credential", ":" + secretText + ":123456789012"}, nil, exitError, "empty access key"},
		{"EnvEntry", []string{"serve"}, map[string]string{"SLUICE_CREDENTIALS": "A:s:111111111111," + secretText},
			exitError, "env SLUICE_CREDENTIALS: credential 2: want KEY:SECRET:ACCOUNT"},
		{"EnvAccount", []string{"serve"}, map[string]string{"SLUICE_CREDENTIALS": "AKID:" + secretText + ":abcdefghijkl"},
			exitError, `env SLUICE_CREDENTIALS: credential 1: access key "AKID": account "abcdefghijkl"`},
		{"DuplicateKey", []string{"serve", "--memory", "--credential", "AKID:" + secretText + ":111111111111",
			"--credential", "AKID:other:222222222222"}, nil, exitError, `access key "AKID" is already credential 1`},
		{"BadAllowAnonymous", []string{"serve"}, map[string]string{"SLUICE_ALLOW_ANONYMOUS": "sure"}, exitError,
			`env SLUICE_ALLOW_ANONYMOUS: "sure": want true or false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			code := Run(context.Background(), tt.args, IO{Out: &out, Err: &errOut, LookupEnv: env(tt.env)})
			if code != tt.code {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.code, errOut.String())
			}
			if !strings.Contains(errOut.String(), tt.message) {
				t.Errorf("stderr = %q, want it to contain %q", errOut.String(), tt.message)
			}
			if strings.Contains(errOut.String()+out.String(), secretText) {
				t.Errorf("output repeats the secret: %q", errOut.String())
			}
		})
	}
}

func TestCheckExposure(t *testing.T) {
	t.Parallel()
	creds := []config.Credential{{AccessKey: "AKID", Secret: "s", Account: "111111111111"}}
	tests := []struct {
		name    string
		s       config.Config
		refused bool
	}{
		{"LoopbackV4", config.Config{Listen: "127.0.0.1:4566"}, false},
		{"LoopbackV6", config.Config{Listen: "[::1]:4566"}, false},
		{"Localhost", config.Config{Listen: "localhost:4566"}, false},
		{"AllInterfaces", config.Config{Listen: ":4566"}, true},
		{"Unspecified", config.Config{Listen: "0.0.0.0:4566"}, true},
		{"UnspecifiedV6", config.Config{Listen: "[::]:4566"}, true},
		{"PrivateAddress", config.Config{Listen: "10.1.2.3:4566"}, true},
		{"WithCredentials", config.Config{Listen: "0.0.0.0:4566", Credentials: creds}, false},
		{"AllowAnonymous", config.Config{Listen: "0.0.0.0:4566", AllowAnonymous: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkExposure(context.Background(), &tt.s)
			if refused := errors.Is(err, errAnonymousExposed); refused != tt.refused {
				t.Errorf("checkExposure(%q) = %v, want refused %v", tt.s.Listen, err, tt.refused)
			}
			if !tt.refused && err != nil {
				t.Errorf("checkExposure(%q) = %v, want nil", tt.s.Listen, err)
			}
		})
	}
}

func TestRun_ServeRefusesAnonymousBeyondLoopback(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--memory", "--listen", "0.0.0.0:0"},
		IO{Out: &out, Err: &errOut, LookupEnv: env(nil)})
	if code != exitError {
		t.Errorf("exit code = %d, want %d", code, exitError)
	}
	for _, want := range []string{"refusing to listen beyond this machine without credentials", "--allow-anonymous", "--credential"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr = %q, want it to contain %q", errOut.String(), want)
		}
	}
}

func TestServe_CredentialsLoggedWithoutSecrets(t *testing.T) {
	t.Parallel()
	addr, logs, stop := startServe(t, []string{"--memory", "--listen", "127.0.0.1:0",
		"--credential", "AKIDLOGGED:" + secretText + ":444444444444"}, env(nil))
	if code, _ := getHealthz(t, addr); code != 200 {
		t.Errorf("healthz = %d, want 200", code)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit code = %d, want 0", code)
	}
	log := logs.String()
	if !strings.Contains(log, "sluice verifies request signatures") || !strings.Contains(log, "444444444444") {
		t.Errorf("log does not say signatures are verified for the account:\n%s", log)
	}
	if strings.Contains(log, secretText) {
		t.Errorf("log holds the secret:\n%s", log)
	}
}
