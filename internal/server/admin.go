package server

import (
	"context"
	"slices"

	"github.com/sluicemq/sluice/internal/admin"
	"github.com/sluicemq/sluice/internal/config"
	"github.com/sluicemq/sluice/internal/console"
)

// adminAPI builds the admin API: the queue and stream services, the
// history, and the credentials that may sign in.
func (s *Server) adminAPI() *admin.API {
	creds := make([]admin.Credential, len(s.cfg.Credentials))
	for i, c := range s.cfg.Credentials {
		creds[i] = admin.Credential{AccessKey: c.AccessKey, Secret: c.Secret, Account: c.Account}
	}
	return admin.New(admin.Options{
		Queues: s.queues, Streams: s.streams, History: s.history, Clock: s.cfg.Clock,
		Credentials: creds, Accounts: s.accounts, Endpoint: s.endpointFor,
		Prefix: admin.DefaultPrefix, SecureCookie: s.cfg.TLSCertFile != "", Logger: s.logger,
	})
}

// accounts lists the accounts owning queues or streams, for the admin
// API's lists without credentials.
func (s *Server) accounts(ctx context.Context) ([]string, error) {
	queues, err := s.store.QueueRefs(ctx)
	if err != nil {
		return nil, err
	}
	streams, err := s.store.StreamRefs(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, q := range queues {
		out = append(out, q.Account)
	}
	for _, st := range streams {
		out = append(out, st.Account)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// consolePrefix is where the web console is served, empty when it is off.
func (s *Server) consolePrefix() string {
	if s.cfg.ConsoleDisabled {
		return ""
	}
	if s.cfg.ConsolePrefix == "" {
		return console.DefaultPrefix
	}
	return s.cfg.ConsolePrefix
}

// checkConsolePrefix refuses a console path that is not one, or that
// would hide the admin API, the health and metrics endpoints or queue URLs.
func checkConsolePrefix(cfg Config) error {
	if cfg.ConsoleDisabled || cfg.ConsolePrefix == "" {
		return nil
	}
	return config.CheckConsolePath(cfg.ConsolePrefix)
}
