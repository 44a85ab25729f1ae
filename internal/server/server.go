// Package server is the composition root: it opens the store, builds the
// queue and stream services with the SQS and Kinesis APIs, and serves them
// over HTTP on one port (HTTP/1.1 and HTTP/2 without TLS), told apart by
// X-Amz-Target, together with the health endpoint.
//
// It is the only package that knows the concrete storage backend.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/sluicemq/sluice/internal/admin"
	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/config"
	"github.com/sluicemq/sluice/internal/console"
	"github.com/sluicemq/sluice/internal/history"
	"github.com/sluicemq/sluice/internal/kinesisapi"
	"github.com/sluicemq/sluice/internal/metrics"
	"github.com/sluicemq/sluice/internal/push"
	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/sqsapi"
	"github.com/sluicemq/sluice/internal/store"
	"github.com/sluicemq/sluice/internal/store/pebblestore"
	"github.com/sluicemq/sluice/internal/stream"
	"github.com/sluicemq/sluice/internal/streamgroup"
	"github.com/sluicemq/sluice/internal/streamgroupapi"
)

// HTTP limits. WriteTimeout must exceed the longest long poll (20 s).
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 35 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
)

// servedServices names the services on the port, for requests meant for
// another.
const servedServices = "Amazon SQS (X-Amz-Target AmazonSQS.*, or the query protocol), " +
	"Amazon Kinesis Data Streams (X-Amz-Target Kinesis_20131202.*) " +
	"and sluice's stream consumer groups (X-Amz-Target SluiceStreamGroups_20261201.*)"

// memoryDir is the directory name of the store in memory mode.
const memoryDir = "sluice-data"

// Config is what a server needs to start.
type Config struct {
	// Listen is the host:port Start listens on; port 0 picks a free port.
	Listen string
	// DataDir is the store's directory on disk; ignored when Memory is set.
	DataDir string
	// Memory keeps everything in memory: nothing is written to disk.
	Memory bool
	// AdvertisedURL, when set, is the base of the queue URLs the server
	// hands out; otherwise they are built from each request's Host.
	AdvertisedURL string
	// Logger receives the server's logs; nil discards them.
	Logger *slog.Logger
	// Clock tells the time; nil means the wall clock.
	Clock clock.Clock
	// TLSCertFile and TLSKeyFile, both set, make the server serve HTTPS
	// (HTTP/1.1 and HTTP/2) with this PEM certificate chain and key.
	TLSCertFile, TLSKeyFile string
	// Queues and Streams are created, or brought to the declared state,
	// when the server starts; /readyz answers 200 only after that.
	Queues  []config.Queue
	Streams []config.Stream
	// Credentials are the access keys requests must be signed with, each
	// acting in its account. None is development mode: any signature is
	// accepted and an access key id of 12 digits names the account.
	Credentials []Credential
	// StreamStateDelay is how long a stream stays CREATING, UPDATING or
	// DELETING (and a consumer CREATING or DELETING); zero makes changes
	// take effect at once.
	StreamStateDelay time.Duration
	// StreamThroughputLimits enforces the per-shard throughput limits of
	// provisioned streams.
	StreamThroughputLimits bool
	// StreamShardLimit bounds the open shards of each account; zero means
	// stream.DefaultShardLimit.
	StreamShardLimit int
	// GroupLeaseDuration is how long a member of a stream consumer group
	// keeps its leases without a heartbeat; zero means 10 s.
	GroupLeaseDuration time.Duration
	// ConsolePrefix is the path of the web console, ending in "/";
	// empty means console.DefaultPrefix.
	ConsolePrefix string
	// ConsoleDisabled turns the web console off; the admin API stays.
	ConsoleDisabled bool
}

// Server is a running (or ready to run) sluice.
type Server struct {
	cfg    Config
	logger *slog.Logger
	store  store.Store
	queues *queue.Service
	// streams is the Kinesis stream service; nil only while New runs.
	streams *stream.Service
	// groups runs the streams' consumer groups; nil only while New runs.
	groups  *streamgroup.Service
	http    *http.Server
	metrics *metrics.Metrics
	// history keeps the recent per-second counts the console draws.
	history *history.Recorder

	mu       sync.Mutex
	listener net.Listener
	serving  atomic.Bool
	ready    atomic.Bool
	done     chan struct{}
	serveErr error

	closeOnce sync.Once
	closeErr  error

	// tlsConfig is set when the server serves HTTPS. (http.Server's own
	// TLSConfig is no guide: setting up HTTP/2 fills it in.)
	tlsConfig *tls.Config

	// push delivers to queues' endpoints once the server is ready;
	// stopPush ends it.
	push     atomic.Pointer[push.Dispatcher]
	stopPush func()

	// beforeApply, when set, runs before the configured resources are
	// applied (tests).
	beforeApply func()
}

// New opens the store and builds the services. The caller must call
// Shutdown to release the store, even if the server never served.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if err := ValidateCredentials(cfg.Credentials); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if err := checkConsolePrefix(cfg); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	st, err := openStore(cfg)
	if err != nil {
		return nil, err
	}
	m := metrics.New(metrics.Options{Queues: st, Clock: cfg.Clock, Logger: cfg.Logger})
	s := &Server{
		cfg:     cfg,
		logger:  cfg.Logger,
		store:   st,
		metrics: m,
		history: history.New(cfg.Clock, history.Options{}),
		done:    make(chan struct{}),
	}
	s.queues = queue.New(st, cfg.Clock, queue.Options{Logger: cfg.Logger,
		Observer: queueObservers{m.QueueObserver(), s.history.QueueObserver()}})
	api := sqsapi.New(s.queues, sqsapi.Options{AdvertisedURL: cfg.AdvertisedURL})
	kinesis, err := s.newStreams()
	if err != nil {
		s.queues.Close()
		st.Close()
		return nil, err
	}
	s.http = &http.Server{
		Handler:           s.routes(api, kinesis, s.newGroups()),
		Protocols:         protocols(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	// Waiting long polls answer (empty) as soon as shutdown starts, so
	// in-flight requests finish instead of holding the shutdown for 20 s.
	s.http.RegisterOnShutdown(s.queues.Close)
	// Subscriptions end likewise, so SubscribeToShard does not hold the
	// shutdown for five minutes.
	s.http.RegisterOnShutdown(s.streams.Close)
	if err := s.setupTLS(); err != nil {
		s.queues.Close()
		s.streams.Close()
		st.Close()
		return nil, err
	}
	logAuthentication(s.logger, cfg.Credentials)
	return s, nil
}

// openStore opens the Pebble store on disk, or on a memory file system.
func openStore(cfg Config) (store.Store, error) {
	dir, fs := cfg.DataDir, vfs.Default
	if cfg.Memory {
		dir, fs = memoryDir, vfs.NewMem()
	} else if dir == "" {
		return nil, errors.New("server: no data directory (set one, or use memory mode)")
	}
	st, err := pebblestore.Open(dir, pebblestore.Options{FS: fs, Logger: cfg.Logger})
	if err != nil {
		return nil, fmt.Errorf("server: open store: %w", err)
	}
	return st, nil
}

// routes mounts the SQS, Kinesis and consumer group APIs (told apart by
// X-Amz-Target), the health, readiness and metrics endpoints, the admin
// API and the home page on one mux.
func (s *Server) routes(api *sqsapi.API, kinesis *kinesisapi.API, groups *streamgroupapi.API) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.Handler())
	sqs := awsproto.NewRouter(awsproto.RouterConfig{
		Operations:     api.Operations(),
		Error:          api.Error,
		TargetPrefix:   "AmazonSQS",
		JSONVersion:    "1.0",
		ErrorNamespace: "com.amazonaws.sqs#",
		QueryNamespace: "http://queue.amazonaws.com/doc/2012-11-05/",
		QueryVersion:   "2012-11-05",
		Logger:         s.logger,
		Verifier:       newVerifier(s.cfg.Credentials, s.cfg.Clock, "sqs"),
		Served:         s.served("sqs"),
		Services:       servedServices,
	})
	s.metrics.WatchGroups(s.groups)
	apis := byTarget{sqs: sqs, kinesis: s.kinesisRouter(kinesis), groups: s.groupsRouter(groups)}
	mux.Handle(admin.DefaultPrefix, s.adminAPI())
	if p := s.consolePrefix(); p != "" {
		mux.Handle(p, console.New(console.Options{Prefix: p, API: admin.DefaultPrefix}))
	}
	mux.Handle("GET /{$}", s.home(apis))
	mux.Handle("/", apis)
	return mux
}

// healthz answers 200 "ok" while the server serves, 503 otherwise.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !s.serving.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "shutting down\n")
		return
	}
	io.WriteString(w, "ok\n")
}

// Start listens on the configured address, serves in the background, and
// applies the configured queues and streams; it returns once they are
// applied (/readyz then answers 200), or with every failure. Done is closed
// when serving stops.
func (s *Server) Start(ctx context.Context) error {
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("server: listen: %w", err)
	}
	if err := s.setListener(l); err != nil {
		l.Close()
		return err
	}
	go s.serve(l)
	return s.becomeReady(ctx)
}

// Serve serves on l until Shutdown; it returns nil after a Shutdown. The
// configured queues and streams are applied meanwhile; a failure is logged
// and leaves /readyz at 503.
func (s *Server) Serve(l net.Listener) error {
	if err := s.setListener(l); err != nil {
		return err
	}
	go func() {
		if err := s.becomeReady(context.Background()); err != nil {
			s.logger.Error("sluice could not apply its configuration", "err", err)
		}
	}()
	s.serve(l)
	return s.Err()
}

func (s *Server) setListener(l net.Listener) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener != nil {
		return errors.New("server: already serving")
	}
	s.listener = l
	s.serving.Store(true)
	return nil
}

func (s *Server) serve(l net.Listener) {
	err := s.serveHTTP(l)
	s.serving.Store(false)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	s.mu.Lock()
	s.serveErr = err
	s.mu.Unlock()
	close(s.done)
}

// Addr returns the address the server listens on, nil before it serves.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener == nil {
		return nil
	}
	return s.listener.Addr()
}

// URL returns the server's base URL, http://host:port (https with TLS),
// empty before it serves.
func (s *Server) URL() string {
	addr := s.Addr()
	if addr == nil {
		return ""
	}
	return s.scheme() + "://" + addr.String()
}

// Done is closed when the server stops serving.
func (s *Server) Done() <-chan struct{} { return s.done }

// Err returns why serving stopped: nil after Shutdown or while serving.
func (s *Server) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.serveErr
}

// Shutdown stops accepting connections, lets in-flight requests finish
// until ctx ends, then closes the queue service and the store. Only the
// first call does the work; later calls return its result.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() { s.closeErr = s.shutdown(ctx) })
	return s.closeErr
}

func (s *Server) shutdown(ctx context.Context) error {
	s.ready.Store(false)
	s.serving.Store(false)
	var errs []error
	if err := s.http.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("server: http shutdown: %w", err))
		s.http.Close()
	}
	if s.stopPush != nil {
		s.stopPush()
	}
	s.queues.Close()
	s.streams.Close()
	if err := s.store.Close(); err != nil {
		errs = append(errs, fmt.Errorf("server: close store: %w", err))
	}
	return errors.Join(errs...)
}
