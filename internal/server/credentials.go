package server

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/sluicemq/sluice/internal/awsproto/sigv4"
	"github.com/sluicemq/sluice/internal/clock"
)

// Credential is one access key the server accepts: requests signed with
// AccessKey and Secret act in Account.
type Credential struct {
	// AccessKey is the access key id clients sign with.
	AccessKey string
	// Secret is the secret access key. It is never logged or echoed.
	Secret string
	// Account is the 12-digit account id the key's requests act in: it
	// owns the queues and streams they create.
	Account string
}

// redacted is what stands for a secret wherever a Credential is printed.
const redacted = "[redacted]"

// String prints the credential without its secret, so that a Credential
// formatted by mistake leaks nothing.
func (c Credential) String() string {
	return c.AccessKey + ":" + redacted + ":" + c.Account
}

// GoString is String, for %#v.
func (c Credential) GoString() string { return c.String() }

// LogValue logs the credential without its secret.
func (c Credential) LogValue() slog.Value {
	return slog.GroupValue(slog.String("access_key", c.AccessKey), slog.String("account", c.Account))
}

// maxAccessKeyLen bounds an access key id; AWS's are 16 to 128 characters.
const maxAccessKeyLen = 128

// ValidateCredentials checks a credential list: every entry has an access
// key, a secret and a 12-digit account, and no access key appears twice.
// Errors name entries by position (from 1) and access key, never by secret.
func ValidateCredentials(creds []Credential) error {
	var errs []error
	seen := make(map[string]int, len(creds))
	for i, c := range creds {
		if err := c.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("credential %d: %w", i+1, err))
			continue
		}
		if first, dup := seen[c.AccessKey]; dup {
			errs = append(errs, fmt.Errorf("credential %d: access key %q is already credential %d", i+1, c.AccessKey, first))
			continue
		}
		seen[c.AccessKey] = i + 1
	}
	return errors.Join(errs...)
}

// Validate checks one credential: an access key that can stand in a
// signature scope, a secret, and a 12-digit account. Errors name the
// access key, never the secret.
func (c Credential) Validate() error {
	switch {
	case c.AccessKey == "":
		return errors.New("empty access key")
	case len(c.AccessKey) > maxAccessKeyLen || !isPrintableASCII(c.AccessKey):
		return fmt.Errorf("access key must be at most %d printable characters without spaces, slashes or colons", maxAccessKeyLen)
	case c.Secret == "":
		return fmt.Errorf("access key %q: empty secret", c.AccessKey)
	case !isAccountID(c.Account):
		return fmt.Errorf("access key %q: account %q is not a 12-digit account id", c.AccessKey, truncated(c.Account))
	}
	return nil
}

// isPrintableASCII accepts what can stand in a SigV4 credential scope:
// printable ASCII without space, '/' (the scope separator) or ':' (the
// separator of the KEY:SECRET:ACCOUNT form).
func isPrintableASCII(s string) bool {
	for _, c := range []byte(s) {
		if c <= ' ' || c >= 0x7f || c == '/' || c == ':' {
			return false
		}
	}
	return true
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// truncated shortens a configured value before it is echoed in an error.
func truncated(s string) string {
	const maxEcho = 32
	if len(s) > maxEcho {
		return s[:maxEcho] + "..."
	}
	return s
}

// newVerifier returns the signature verifier of one served API (service
// "sqs" or "kinesis"), or nil when no credentials are configured: then
// any signature is accepted.
func newVerifier(creds []Credential, clk clock.Clock, service string) *sigv4.Verifier {
	if len(creds) == 0 {
		return nil
	}
	keys := make(sigv4.StaticCredentials, len(creds))
	for _, c := range creds {
		keys[c.AccessKey] = sigv4.Key{Secret: c.Secret, Account: c.Account}
	}
	return sigv4.New(keys, clk, sigv4.Options{Services: []string{service}, RejectUnsignedPayload: true})
}

// logAuthentication says at start whether requests are authenticated, and
// for which accounts; secrets are never logged.
func logAuthentication(logger *slog.Logger, creds []Credential) {
	if len(creds) == 0 {
		logger.Info("sluice accepts any signature (development mode): configure credentials to authenticate requests")
		return
	}
	accounts := make([]string, 0, len(creds))
	seen := make(map[string]bool, len(creds))
	for _, c := range creds {
		if !seen[c.Account] {
			seen[c.Account] = true
			accounts = append(accounts, c.Account)
		}
	}
	logger.Info("sluice verifies request signatures", "access_keys", len(creds), "accounts", accounts)
}
