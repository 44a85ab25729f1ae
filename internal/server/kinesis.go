package server

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/kinesisapi"
	"github.com/sluicemq/sluice/internal/stream"
	"github.com/sluicemq/sluice/internal/streamgroupapi"
)

// Kinesis HTTP limits.
const (
	// kinesisMaxBodyBytes admits a PutRecords of 10 MiB of data, which
	// base64 makes 13.4 MiB of JSON, with room for keys and framing.
	kinesisMaxBodyBytes = 16 << 20
	// subscriptionWriteTimeout bounds the writing of a SubscribeToShard
	// response: the five-minute subscription and a margin for the last
	// events to drain.
	subscriptionWriteTimeout = stream.SubscriptionTTL + 30*time.Second
)

// tokenKeyFile holds, in the data directory, the key that signs shard
// iterators and pagination tokens, so they stay valid across a restart.
const tokenKeyFile = "stream-token.key"

// tokenKeySize is the size of a generated token key.
const tokenKeySize = 32

// newStreams builds the Kinesis stream service and its API.
func (s *Server) newStreams() (*kinesisapi.API, error) {
	key, err := s.tokenKey()
	if err != nil {
		return nil, err
	}
	delay := s.cfg.StreamStateDelay
	s.streams = stream.New(s.store, s.cfg.Clock, stream.Options{Logger: s.logger, TokenKey: key,
		Observer:    streamObservers{s.metrics.StreamObserver(), s.history.StreamObserver()},
		CreateDelay: delay, UpdateDelay: delay, DeleteDelay: delay,
		EnforceThroughput: s.cfg.StreamThroughputLimits, ShardLimit: s.cfg.StreamShardLimit})
	return kinesisapi.New(s.streams, kinesisapi.Options{}), nil
}

// tokenKey returns the key of the data directory, creating it on first
// use. In memory mode it is nil: the stream service picks a random one,
// as nothing survives the process anyway.
func (s *Server) tokenKey() ([]byte, error) {
	if s.cfg.Memory {
		return nil, nil
	}
	path := filepath.Join(s.cfg.DataDir, tokenKeyFile)
	key, err := os.ReadFile(path)
	if err == nil {
		if len(key) < tokenKeySize {
			return nil, fmt.Errorf("server: %s holds %d bytes, want %d", path, len(key), tokenKeySize)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("server: read token key: %w", err)
	}
	key = make([]byte, tokenKeySize)
	rand.Read(key)
	if err := writeFileDurably(path, key); err != nil {
		return nil, fmt.Errorf("server: write token key: %w", err)
	}
	return key, nil
}

// writeFileDurably writes data to path readable by its owner only: to a
// temporary file that is synced, renamed into place, and its directory
// synced, so a crash leaves either no file or the whole of it.
func writeFileDurably(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}

// kinesisRouter serves the Kinesis API: AWS JSON 1.1 and CBOR 1.1, framed
// as AWS's Coral services frame them (bare error types, empty bodies for
// actions without output), SubscribeToShard as an event stream.
func (s *Server) kinesisRouter(api *kinesisapi.API) *awsproto.Router {
	return awsproto.NewRouter(awsproto.RouterConfig{
		Operations:        api.Operations(),
		Error:             api.Error,
		TargetPrefix:      kinesisapi.TargetPrefix,
		JSONVersion:       kinesisapi.JSONVersion,
		MaxBodyBytes:      kinesisMaxBodyBytes,
		Logger:            s.logger,
		InternalErrorType: "InternalFailure",
		StreamTimeout:     subscriptionWriteTimeout,
		Verifier:          newVerifier(s.cfg.Credentials, s.cfg.Clock, "kinesis"),
		Served:            s.served("kinesis"),
		Services:          servedServices,
		Coral:             true,
	})
}

// byTarget sends each request to the API its X-Amz-Target names: Kinesis
// for Kinesis_20131202.*, the consumer groups for
// SluiceStreamGroups_20261201.*, Kinesis also for any other request shaped
// for it (kinesisShaped), SQS for everything else (SQS JSON and the query
// protocol, which has no target).
type byTarget struct {
	sqs, kinesis, groups http.Handler
}

func (b byTarget) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	switch {
	case strings.HasPrefix(target, kinesisapi.TargetPrefix+"."):
		b.kinesis.ServeHTTP(w, r)
	case strings.HasPrefix(target, streamgroupapi.TargetPrefix+"."):
		b.groups.ServeHTTP(w, r)
	case kinesisShaped(r):
		b.kinesis.ServeHTTP(w, r)
	default:
		b.sqs.ServeHTTP(w, r)
	}
}

// protocols are the HTTP versions served: HTTP/1.1, and HTTP/2 without
// TLS (prior knowledge), which SubscribeToShard clients such as the Java
// SDK's Netty client use against http:// endpoints.
func protocols() *http.Protocols {
	p := new(http.Protocols)
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	return p
}
