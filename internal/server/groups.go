package server

import (
	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/streamgroup"
	"github.com/sluicemq/sluice/internal/streamgroupapi"
)

// groupsMaxBodyBytes caps the bodies of group requests, which are small.
const groupsMaxBodyBytes = 64 << 10

// newGroups builds the consumer group service over the stream service,
// which must exist.
func (s *Server) newGroups() *streamgroupapi.API {
	s.groups = streamgroup.New(s.store, s.streams, s.cfg.Clock,
		streamgroup.Options{LeaseDuration: s.cfg.GroupLeaseDuration, Logger: s.logger})
	return streamgroupapi.New(s.groups, s.streams)
}

// groupsRouter serves the consumer group API: AWS JSON 1.1 under its own
// target prefix, signed for the kinesis service and account-scoped like
// Kinesis requests, errors with a bare __type.
func (s *Server) groupsRouter(api *streamgroupapi.API) *awsproto.Router {
	return awsproto.NewRouter(awsproto.RouterConfig{
		Operations:        api.Operations(),
		Error:             api.Error,
		TargetPrefix:      streamgroupapi.TargetPrefix,
		JSONVersion:       streamgroupapi.JSONVersion,
		MaxBodyBytes:      groupsMaxBodyBytes,
		Logger:            s.logger,
		InternalErrorType: "InternalFailure",
		Verifier:          newVerifier(s.cfg.Credentials, s.cfg.Clock, streamgroupapi.SigningService),
		Served:            s.served("groups"),
		Services:          servedServices,
	})
}
