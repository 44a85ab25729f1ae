package cli

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/sluicemq/sluice/internal/config"
)

// Environment variables of authentication; the flags override them.
const (
	// envCredentials is a comma-separated list of KEY:SECRET:ACCOUNT.
	envCredentials = "SLUICE_CREDENTIALS"
	// envAllowAnonymous allows listening beyond loopback without
	// credentials.
	envAllowAnonymous = "SLUICE_ALLOW_ANONYMOUS"
)

// errAnonymousExposed refuses to serve every queue to the network without
// authentication unless the operator says so.
var errAnonymousExposed = errors.New("refusing to listen beyond this machine without credentials: " +
	"anyone who could reach the port could read and change every queue and stream. " +
	"Configure credentials (--credential KEY:SECRET:ACCOUNT or " + envCredentials + "), " +
	"listen on a loopback address such as 127.0.0.1:4566, " +
	"or pass --allow-anonymous (" + envAllowAnonymous + "=true) if that is intended")

// checkExposure refuses a listen address beyond loopback when no
// credentials are configured and anonymous access was not allowed.
func checkExposure(ctx context.Context, s *config.Config) error {
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
