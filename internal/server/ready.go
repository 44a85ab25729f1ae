package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// readyz answers 200 "ready" once the configured queues and streams are
// applied and until shutdown begins, 503 with the reason otherwise. Load
// balancers and `sluice healthcheck` ask it; /healthz only says the
// process serves.
func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	switch {
	case !s.serving.Load():
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "shutting down\n")
	case !s.ready.Load():
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "applying configuration\n")
	default:
		io.WriteString(w, "ready\n")
	}
}

// becomeReady applies the configured resources, then turns /readyz green.
// The server serves meanwhile: /healthz answers 200 and /readyz 503.
func (s *Server) becomeReady(ctx context.Context) error {
	if s.beforeApply != nil {
		s.beforeApply()
	}
	if err := s.applyResources(ctx); err != nil {
		return err
	}
	queues, err := s.store.QueueRefs(ctx)
	if err != nil {
		return fmt.Errorf("server: counting the stored queues: %w", err)
	}
	streams, err := s.store.StreamRefs(ctx)
	if err != nil {
		return fmt.Errorf("server: counting the stored streams: %w", err)
	}
	s.startPush()
	s.ready.Store(true)
	s.logger.Info("sluice ready", "queues", len(queues), "streams", len(streams),
		"configured_queues", len(s.cfg.Queues), "configured_streams", len(s.cfg.Streams))
	return nil
}
