package server

import (
	"context"
	"net/http"

	"github.com/sluicemq/sluice/internal/clock"
	"github.com/sluicemq/sluice/internal/push"
)

// pushActions change what push delivers; after each, the dispatcher
// looks again.
var pushActions = map[string]bool{"CreateQueue": true, "SetQueueAttributes": true, "DeleteQueue": true}

// pokePush tells the dispatcher, once running, that a queue may have
// started, changed or stopped pushing.
func (s *Server) pokePush(action string, status int) {
	if d := s.push.Load(); d != nil && status == http.StatusOK && pushActions[action] {
		d.Poke()
	}
}

// startPush starts delivering the messages of queues with a
// SluicePushEndpoint; stopPush ends it.
func (s *Server) startPush() {
	ctx, cancel := context.WithCancel(context.Background())
	d := push.New(s.queues, push.Options{Refs: s.store.QueueRefs, Clock: s.cfg.Clock, ReconcileClock: clock.Real{}, Logger: s.logger,
		Client: &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}})
	s.push.Store(d)
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(ctx)
	}()
	s.stopPush = func() {
		cancel()
		<-done
	}
}
