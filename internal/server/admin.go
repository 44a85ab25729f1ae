package server

import (
	"context"
	"slices"

	"github.com/sluicemq/sluice/internal/admin"
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
