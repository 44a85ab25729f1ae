package cli

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/sluicemq/sluice/internal/config"
)

// defaultHealthcheckTimeout bounds the whole probe.
const defaultHealthcheckTimeout = 5 * time.Second

// runHealthcheck asks a server's /readyz and succeeds only on 200, for
// container health checks in images without curl. By default it asks the
// server this machine's configuration describes (same flags, SLUICE_*
// variables and --config file as serve), over HTTPS when TLS is configured.
func runHealthcheck(ctx context.Context, args []string, stdio IO) error {
	fs := newFlagSet("healthcheck", stdio)
	flags := config.RegisterFlags(fs)
	endpoint := fs.String("endpoint", "",
		"base `URL` of the server, e.g. https://sluice:4566 (default: from the configured listen address and TLS)")
	timeout := fs.Duration("timeout", defaultHealthcheckTimeout, "give up after this `duration`")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: sluice healthcheck [--endpoint URL] [flags]\n\n"+
			"Exits 0 when the server's /readyz answers 200, 1 otherwise with the reason.\n"+
			"Finds the server from the same configuration as serve: its other flags are\n"+
			"accepted and ignored.\n\nFlags:\n")
		printFlags(fs, "config", "listen", "tls-cert", "endpoint", "timeout")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, err := config.Load(flags, stdio.LookupEnv)
	if err != nil {
		return fmt.Errorf("not ready: configuration: %s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	c.EnsureDefaults()
	base, client, err := healthTarget(c, *endpoint)
	if err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	status, err := probeReady(ctx, client, base+"/readyz")
	if err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	fmt.Fprintf(stdio.Out, "ready: %s\n", status)
	return nil
}

// printFlags prints the defaults of the named flags of fs only.
func printFlags(fs *flag.FlagSet, names ...string) {
	shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	shown.SetOutput(fs.Output())
	for _, name := range names {
		f := fs.Lookup(name)
		shown.Var(f.Value, f.Name, f.Usage)
	}
	shown.PrintDefaults()
}

// healthTarget returns the base URL to probe and a client for it.
func healthTarget(c *config.Config, endpoint string) (string, *http.Client, error) {
	client := &http.Client{}
	if c.TLSCertFile != "" {
		pinned, err := pinnedTLS(c.TLSCertFile)
		if err != nil {
			return "", nil, err
		}
		client.Transport = &http.Transport{TLSClientConfig: pinned}
	}
	if endpoint != "" {
		return strings.TrimSuffix(endpoint, "/"), client, nil
	}
	host, port, err := net.SplitHostPort(c.Listen)
	if err != nil {
		return "", nil, fmt.Errorf("listen address %q: %w", c.Listen, err)
	}
	if port == "0" {
		return "", nil, fmt.Errorf("listen address %q has no fixed port: give --endpoint", c.Listen)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	scheme := "http"
	if c.TLSCertFile != "" {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port), client, nil
}

// pinnedTLS trusts exactly the configured certificate, whatever names it
// holds: the probe reaches the server by a local address the certificate
// need not list, and what matters is that it is this server's certificate.
func pinnedTLS(certFile string) (*tls.Config, error) {
	data, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("TLS certificate: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("TLS certificate %s: no PEM certificate", certFile)
	}
	leaf, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("TLS certificate %s: %w", certFile, err)
	}
	return &tls.Config{
		// Verification is VerifyConnection's: the peer must present leaf.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 || !bytes.Equal(cs.PeerCertificates[0].Raw, leaf.Raw) {
				return errors.New("the server's certificate is not the configured one")
			}
			return nil
		},
		MinVersion: tls.VersionTLS12,
	}, nil
}

// probeReady GETs url and returns its status line when it is 200, an
// error with the status and the body's first line otherwise.
func probeReady(ctx context.Context, client *http.Client, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	line, _, _ := strings.Cut(strings.TrimSpace(string(body)), "\n")
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s: %s", url, resp.Status, line)
	}
	return fmt.Sprintf("GET %s: %s", url, resp.Status), nil
}
