package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sluicemq/sluice/internal/config"
	"github.com/sluicemq/sluice/internal/server"
)

// shutdownTimeout bounds a graceful shutdown: in-flight requests get this
// long to finish before their connections are closed.
const shutdownTimeout = 25 * time.Second

// serveOptions are the flags of sluice serve that are not configuration.
type serveOptions struct {
	checkConfig bool
	printConfig bool
}

// parseServe reads the configuration (flags > SLUICE_* environment >
// YAML file > defaults) and validates it. The error lists every problem.
func parseServe(args []string, stdio IO) (*config.Config, serveOptions, error) {
	var o serveOptions
	fs := newFlagSet("serve", stdio)
	flags := config.RegisterFlags(fs)
	fs.BoolVar(&o.checkConfig, "check-config", false,
		"check the configuration and the queues and streams it declares, list every problem, and exit (0 valid, 1 not)")
	fs.BoolVar(&o.printConfig, "print-config", false,
		"print the effective configuration with the source of each value, secrets redacted, and exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: sluice serve [flags]\n\nServes the SQS and Kinesis APIs until SIGINT or SIGTERM.\n"+
			"Flags override SLUICE_* variables, which override the --config file.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, o, err
	}
	c, err := config.Read(flags, stdio.LookupEnv)
	return c, o, configError(err)
}

// configError words configuration problems as one list.
func configError(err error) error {
	var ps config.Problems
	if !errors.As(err, &ps) {
		return err
	}
	return fmt.Errorf("invalid configuration (%s):\n  %s", count(len(ps), "problem"), strings.ReplaceAll(ps.Error(), "\n", "\n  "))
}

// count is "1 problem", "2 problems".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// newLogger logs at the configured level, as text or JSON.
func newLogger(c *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel)) // Validate checked it
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// checkConfig reports the configuration's problems, or tries its queues and
// streams on a throwaway server in memory and reports what they refuse.
func checkConfig(ctx context.Context, c *config.Config, err error, stdio IO) error {
	if err == nil {
		err = checkExposure(ctx, c)
	}
	if err == nil {
		err = server.CheckResources(ctx, server.ConfigFrom(c))
	}
	if err != nil {
		return err
	}
	source := "no configuration file"
	if c.File != "" {
		source = c.File
	}
	fmt.Fprintf(stdio.Out, "configuration OK (%s): %s, %s, %s\n", source,
		count(len(c.Queues), "queue"), count(len(c.Streams), "stream"), count(len(c.Credentials), "credential"))
	return nil
}

// runServe starts the server and runs it until ctx ends or the process gets
// SIGINT or SIGTERM, then shuts it down gracefully.
func runServe(ctx context.Context, args []string, stdio IO) error {
	s, opts, err := parseServe(args, stdio)
	switch {
	case opts.checkConfig:
		return checkConfig(ctx, s, err, stdio)
	case err != nil:
		return err
	case opts.printConfig:
		return s.Print(stdio.Out)
	}
	if err := checkExposure(ctx, s); err != nil {
		return err
	}
	logger := newLogger(s, stdio.Err)
	cfg := server.ConfigFrom(s)
	cfg.Logger = logger
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := srv.Start(ctx); err != nil {
		return errors.Join(err, srv.Shutdown(ctx))
	}
	logger.Info("sluice serving", "listen", srv.Addr().String(), "data_dir", dataDirLabel(s), "config", s.File,
		"advertised_url", s.AdvertisedURL, "url", srv.URL(), "version", buildVersion())
	if !isLoopback(srv.Addr()) && len(s.Credentials) == 0 {
		logger.Warn("sluice listens beyond this machine and accepts any signature (--allow-anonymous): " +
			"anyone who can reach the port can read and change every queue and stream")
	}
	var serveErr error
	select {
	case <-ctx.Done():
		stop() // a second signal ends the process at once
		logger.Info("sluice shutting down", "timeout", shutdownTimeout.String())
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
func dataDirLabel(s *config.Config) string {
	if s.Memory {
		return "(memory)"
	}
	return s.DataDir
}
