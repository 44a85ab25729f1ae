package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"github.com/sluicemq/sluice/internal/server"
)

// Defaults of sluice serve.
const (
	defaultListen  = "127.0.0.1:4566"
	defaultDataDir = "./sluice-data"
)

// shutdownTimeout bounds a graceful shutdown: in-flight requests get this
// long to finish before their connections are closed.
const shutdownTimeout = 25 * time.Second

// serveSettings are the inputs of sluice serve once flags, environment and
// defaults are resolved.
type serveSettings struct {
	Listen        string
	DataDir       string
	Memory        bool
	AdvertisedURL string
	// Credentials are the access keys requests must be signed with; none
	// is development mode.
	Credentials []server.Credential
	// AllowAnonymous allows development mode beyond loopback.
	AllowAnonymous bool
}

// Environment variables read by sluice serve; flags override them.
const (
	envListen        = "SLUICE_LISTEN"
	envDataDir       = "SLUICE_DATA_DIR"
	envMemory        = "SLUICE_MEMORY"
	envAdvertisedURL = "SLUICE_ADVERTISED_URL"
)

// parseServe resolves the settings: flags > environment > defaults.
func parseServe(args []string, stdio IO) (serveSettings, error) {
	s := serveSettings{Listen: defaultListen, DataDir: defaultDataDir}
	if err := s.fromEnv(stdio); err != nil {
		return s, err
	}
	if err := s.authFromEnv(stdio); err != nil {
		return s, err
	}
	fs := newFlagSet("serve", stdio)
	credFlag := &credentialFlag{creds: &s.Credentials, fromEnv: len(s.Credentials) > 0}
	fs.Var(credFlag, "credential",
		"access key requests must be signed with, `KEY:SECRET:ACCOUNT` (12-digit account); repeatable; "+
			"none accepts any signature (env "+envCredentials+", comma-separated)")
	fs.BoolVar(&s.AllowAnonymous, "allow-anonymous", s.AllowAnonymous,
		"allow listening beyond loopback without credentials (env "+envAllowAnonymous+")")
	fs.StringVar(&s.Listen, "listen", s.Listen,
		"`address` to listen on, host:port (env "+envListen+")")
	fs.StringVar(&s.DataDir, "data-dir", s.DataDir,
		"`directory` holding the data (env "+envDataDir+")")
	fs.BoolVar(&s.Memory, "memory", s.Memory,
		"keep everything in memory, nothing on disk; data is lost on exit (env "+envMemory+")")
	fs.StringVar(&s.AdvertisedURL, "advertised-url", s.AdvertisedURL,
		"base `URL` for queue URLs, e.g. http://sluice:4566; default: the request's Host (env "+envAdvertisedURL+")")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: sluice serve [flags]\n\nServes the SQS API until SIGINT or SIGTERM.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return s, err
	}
	return s, credFlag.Err()
}

// fromEnv overrides defaults with the SLUICE_* variables that are set.
func (s *serveSettings) fromEnv(stdio IO) error {
	if v, ok := stdio.getenv(envListen); ok && v != "" {
		s.Listen = v
	}
	if v, ok := stdio.getenv(envDataDir); ok && v != "" {
		s.DataDir = v
	}
	if v, ok := stdio.getenv(envAdvertisedURL); ok && v != "" {
		s.AdvertisedURL = v
	}
	if v, ok := stdio.getenv(envMemory); ok && v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s=%q: want true or false", envMemory, v)
		}
		s.Memory = b
	}
	return nil
}

// runServe starts the server and runs it until ctx ends or the process gets
// SIGINT or SIGTERM, then shuts it down gracefully.
func runServe(ctx context.Context, args []string, stdio IO) error {
	s, err := parseServe(args, stdio)
	if err != nil {
		return err
	}
	if err := checkExposure(ctx, s); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stdio.Err, nil))
	srv, err := server.New(server.Config{
		Listen:        s.Listen,
		DataDir:       s.DataDir,
		Memory:        s.Memory,
		AdvertisedURL: s.AdvertisedURL,
		Logger:        logger,
		Credentials:   s.Credentials,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := srv.Start(ctx); err != nil {
		return errors.Join(err, srv.Shutdown(ctx))
	}
	info, _ := debug.ReadBuildInfo()
	logger.Info("sluice serving", "listen", srv.Addr().String(), "data_dir", dataDirLabel(s),
		"advertised_url", s.AdvertisedURL, "version", versionLine(version, info))
	if !isLoopback(srv.Addr()) && len(s.Credentials) == 0 {
		logger.Warn("sluice listens beyond this machine and accepts any signature (--allow-anonymous): " +
			"anyone who can reach the port can read and change every queue and stream")
	}
	var serveErr error
	select {
	case <-ctx.Done():
		stop() // a second signal ends the process at once
		logger.Info("sluice shutting down", "timeout", shutdownTimeout)
	case <-srv.Done():
		serveErr = srv.Err()
		logger.Error("sluice stopped serving", "err", serveErr)
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := errors.Join(serveErr, srv.Shutdown(shutdownCtx)); err != nil {
		return err
	}
	logger.Info("sluice stopped")
	return nil
}

// isLoopback reports whether addr is a TCP address on a loopback interface.
func isLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// dataDirLabel says where the data lives, for the log.
func dataDirLabel(s serveSettings) string {
	if s.Memory {
		return "(memory)"
	}
	return s.DataDir
}
