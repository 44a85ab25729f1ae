// Package servertest starts an in-process sluice for tests and hands back
// clients aimed at it.
//
//	srv := servertest.Start(t)
//	client := srv.SQS(t)
//	streams := srv.Kinesis(t)
//
// The server listens on 127.0.0.1 on a free port, keeps its data in memory
// unless told otherwise, and shuts down when the test ends.
package servertest

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/config"
	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/sdkhttp"
)

// Region and credentials every client made here uses. The server accepts
// any signature when no credentials are configured.
const (
	Region          = "us-east-1"
	AccessKeyID     = "test"
	SecretAccessKey = "test"
)

// shutdownTimeout bounds the shutdown at the end of a test.
const shutdownTimeout = 30 * time.Second

// Option changes how Start configures the server.
type Option func(*server.Config)

// WithDataDir keeps the data on disk in dir instead of in memory, so a test
// can stop a server and start another on the same data.
func WithDataDir(dir string) Option {
	return func(c *server.Config) {
		c.Memory = false
		c.DataDir = dir
	}
}

// WithClock makes the server tell time by clk (a clocktest.Fake, say).
func WithClock(clk clock.Clock) Option {
	return func(c *server.Config) { c.Clock = clk }
}

// WithAdvertisedURL sets the base of the queue URLs the server hands out.
func WithAdvertisedURL(url string) Option {
	return func(c *server.Config) { c.AdvertisedURL = url }
}

// WithLogger sends the server's logs to logger (they are discarded by
// default).
func WithLogger(logger *slog.Logger) Option {
	return func(c *server.Config) { c.Logger = logger }
}

// WithCredentials makes the server verify every request's signature
// against creds; clients then need one of these keys (see Server.AWSConfigAs),
// the default test key being refused unless it is among them. Signature
// times are checked against the server's clock, so with WithClock clients
// must sign at the fake clock's time.
func WithCredentials(creds ...server.Credential) Option {
	return func(c *server.Config) { c.Credentials = append(c.Credentials, creds...) }
}

// WithConfig applies a loaded configuration: its queues and streams, TLS
// files, credentials and advertised URL. The test keeps its own listen
// address (127.0.0.1, a free port) and storage (memory unless WithDataDir).
func WithConfig(cfg *config.Config) Option {
	return func(c *server.Config) {
		from := server.ConfigFrom(cfg)
		c.Queues, c.Streams = from.Queues, from.Streams
		c.TLSCertFile, c.TLSKeyFile = from.TLSCertFile, from.TLSKeyFile
		c.StreamStateDelay, c.StreamThroughputLimits = from.StreamStateDelay, from.StreamThroughputLimits
		c.StreamShardLimit = from.StreamShardLimit
		c.Credentials = append(c.Credentials, from.Credentials...)
		if from.AdvertisedURL != "" {
			c.AdvertisedURL = from.AdvertisedURL
		}
	}
}

// WithTLS serves HTTPS (and HTTP/2) with a PEM certificate and key; URL is
// then https://127.0.0.1:port, and clients must trust the certificate.
func WithTLS(certFile, keyFile string) Option {
	return func(c *server.Config) { c.TLSCertFile, c.TLSKeyFile = certFile, keyFile }
}

// Server is a running in-process sluice.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:port (https with
	// WithTLS).
	URL string
	srv *server.Server
}

// Start starts a server and registers its shutdown with t.Cleanup. It fails
// the test if the server cannot start.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := server.Config{Listen: "127.0.0.1:0", Memory: true}
	for _, opt := range opts {
		opt(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatalf("servertest: new server: %v", err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatalf("servertest: start server: %v", errors.Join(err, srv.Shutdown(context.Background())))
	}
	s := &Server{URL: srv.URL(), srv: srv}
	t.Cleanup(func() { s.stop(t) })
	return s
}

// Stop shuts the server down now, for tests that restart on the same data.
// The cleanup registered by Start then does nothing.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	s.stop(t)
}

func (s *Server) stop(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		t.Errorf("servertest: shutdown: %v", err)
	}
}

// AWSConfig returns an aws.Config aimed at the server: static test
// credentials, region us-east-1 and the server's URL as base endpoint.
func (s *Server) AWSConfig() aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
		BaseEndpoint: aws.String(s.URL),
		// One attempt: a test must see the first answer, not a retried one.
		RetryMaxAttempts: 1,
		// The SDK's transport now and then drops a large response; see sdkhttp.
		HTTPClient: sdkhttp.NewClient(),
	}
}

// AWSConfigAs is AWSConfig signing with the given access key and secret.
func (s *Server) AWSConfigAs(accessKey, secret string) aws.Config {
	cfg := s.AWSConfig()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(accessKey, secret, "")
	return cfg
}

// Kinesis returns a Kinesis client (AWS JSON 1.1) aimed at the server. It
// speaks HTTP/1.1, which carries SubscribeToShard's event stream too.
func (s *Server) Kinesis(t testing.TB, optFns ...func(*kinesis.Options)) *kinesis.Client {
	t.Helper()
	return kinesis.NewFromConfig(s.AWSConfig(), optFns...)
}

// SQS returns an SQS client (JSON protocol) aimed at the server.
func (s *Server) SQS(t testing.TB, optFns ...func(*sqs.Options)) *sqs.Client {
	t.Helper()
	return sqs.NewFromConfig(s.AWSConfig(), optFns...)
}
