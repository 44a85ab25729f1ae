package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/sluicemq/sluice/internal/server"
)

// Environment variables of authentication; the flags override them.
const (
	// envCredentials is a comma-separated list of KEY:SECRET:ACCOUNT.
	envCredentials = "SLUICE_CREDENTIALS"
	// envAllowAnonymous allows listening beyond loopback without
	// credentials.
	envAllowAnonymous = "SLUICE_ALLOW_ANONYMOUS"
)

// credentialFlag is the repeatable --credential flag. Its first use drops
// the credentials taken from the environment: flags override it.
//
// Set keeps its errors for Err instead of returning them, because the flag
// package would print the value, secret included, with the error.
type credentialFlag struct {
	creds   *[]server.Credential
	fromEnv bool
	n       int
	errs    []error
}

func (f *credentialFlag) String() string { return "" }

// Set adds one KEY:SECRET:ACCOUNT credential.
func (f *credentialFlag) Set(v string) error {
	f.n++
	c, err := parseCredential(v)
	if err != nil {
		f.errs = append(f.errs, fmt.Errorf("--credential %d: %w", f.n, err))
		return nil
	}
	if f.fromEnv {
		*f.creds, f.fromEnv = nil, false
	}
	*f.creds = append(*f.creds, c)
	return nil
}

// Err reports the malformed --credential values, without their text.
func (f *credentialFlag) Err() error { return errors.Join(f.errs...) }

// parseCredential reads KEY:SECRET:ACCOUNT. The key runs to the first
// colon and the account from the last, so a secret may hold colons. Errors
// never repeat the text, which holds a secret.
func parseCredential(v string) (server.Credential, error) {
	key, rest, ok1 := strings.Cut(v, ":")
	i := strings.LastIndexByte(rest, ':')
	if !ok1 || i < 0 {
		return server.Credential{}, errors.New("want KEY:SECRET:ACCOUNT (access key id, secret access key, 12-digit account id)")
	}
	c := server.Credential{AccessKey: key, Secret: rest[:i], Account: rest[i+1:]}
	if err := c.Validate(); err != nil {
		return server.Credential{}, err
	}
	return c, nil
}

// parseCredentialList reads the comma-separated value of envCredentials.
func parseCredentialList(v string) ([]server.Credential, error) {
	var creds []server.Credential
	var errs []error
	for i, entry := range strings.Split(v, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		c, err := parseCredential(entry)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s entry %d: %w", envCredentials, i+1, err))
			continue
		}
		creds = append(creds, c)
	}
	return creds, errors.Join(errs...)
}

// authFromEnv reads envCredentials and envAllowAnonymous into s.
func (s *serveSettings) authFromEnv(stdio IO) error {
	if v, ok := stdio.getenv(envCredentials); ok && v != "" {
		creds, err := parseCredentialList(v)
		if err != nil {
			return err
		}
		s.Credentials = creds
	}
	if v, ok := stdio.getenv(envAllowAnonymous); ok && v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s=%q: want true or false", envAllowAnonymous, v)
		}
		s.AllowAnonymous = b
	}
	return nil
}

// errAnonymousExposed refuses to serve every queue to the network without
// authentication unless the operator says so.
var errAnonymousExposed = errors.New("refusing to listen beyond this machine without credentials: " +
	"anyone who could reach the port could read and change every queue and stream. " +
	"Configure credentials (--credential KEY:SECRET:ACCOUNT or " + envCredentials + "), " +
	"listen on a loopback address such as 127.0.0.1:4566, " +
	"or pass --allow-anonymous (" + envAllowAnonymous + "=true) if that is intended")

// checkExposure refuses a listen address beyond loopback when no
// credentials are configured and anonymous access was not allowed.
func checkExposure(ctx context.Context, s serveSettings) error {
	if len(s.Credentials) > 0 || s.AllowAnonymous {
		return nil
	}
	loopback, err := isLoopbackListen(ctx, s.Listen)
	if err != nil {
		return err
	}
	if !loopback {
		return errAnonymousExposed
	}
	return nil
}

// isLoopbackListen reports whether a host:port listen address can only be
// reached from this machine: its host is a loopback IP, or a name all of
// whose addresses are loopback. An empty host or 0.0.0.0 is every
// interface.
func isLoopbackListen(ctx context.Context, listen string) (bool, error) {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false, fmt.Errorf("listen address %q: %w", listen, err)
	}
	if host == "" {
		return false, nil
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback(), nil
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return false, fmt.Errorf("listen address %q: %w", listen, err)
	}
	for _, a := range addrs {
		if !a.IP.IsLoopback() {
			return false, nil
		}
	}
	return len(addrs) > 0, nil
}
