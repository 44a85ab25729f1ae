package server

import (
	"context"
	"log/slog"
	"net/url"
	"path"
	"reflect"

	"github.com/sluicemq/sluice/internal/awsproto"
)

// served returns the Served hook of one API's router: it counts the
// request in the metrics, tells push delivery of queue changes and logs
// the request at debug level.
func (s *Server) served(api string) func(*awsproto.Served) {
	return s.metrics.Served(api, func(sv *awsproto.Served) {
		if api == "sqs" {
			s.pokePush(sv.Action, sv.Status)
		}
		s.logRequest(api, sv)
	})
}

// logRequest logs one answered request at debug level: the API, action
// (or, for an unknown one, what the request asked for), queue or stream,
// account, request id, status, error code and duration. It never logs
// the input itself, which holds message bodies and records.
func (s *Server) logRequest(api string, sv *awsproto.Served) {
	ctx := context.Background()
	if !s.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs, slog.String("api", api), slog.String("action", sv.Action))
	if sv.Action == "" {
		attrs = append(attrs, slog.String("target", sv.Target))
	}
	if key, name := resourceOf(sv.Input); key != "" {
		attrs = append(attrs, slog.String(key, name))
	}
	if sv.Request != nil {
		attrs = append(attrs, slog.String("account", sv.Request.Account))
	}
	attrs = append(attrs, slog.String("request_id", sv.RequestID), slog.Int("status", sv.Status))
	if sv.ErrorCode != "" {
		attrs = append(attrs, slog.String("error_code", sv.ErrorCode))
	}
	attrs = append(attrs, slog.Float64("duration_s", sv.Duration.Seconds()))
	s.logger.LogAttrs(ctx, slog.LevelDebug, "request", attrs...)
}

// resourceOf names the queue or stream a decoded input acts on, from its
// QueueURL, QueueName, StreamName or StreamARN field: ("queue", name),
// ("stream", name or ARN), or empty.
func resourceOf(in any) (key, name string) {
	v := reflect.ValueOf(in)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return "", ""
	}
	field := func(name string) string {
		f := v.FieldByName(name)
		if f.IsValid() && f.Kind() == reflect.Pointer && !f.IsNil() {
			f = f.Elem() // an optional member (Kinesis inputs)
		}
		if !f.IsValid() || f.Kind() != reflect.String {
			return ""
		}
		return f.String()
	}
	if u := field("QueueURL"); u != "" {
		return "queue", queueNameOf(u)
	}
	if n := field("QueueName"); n != "" {
		return "queue", n
	}
	if n := field("StreamName"); n != "" {
		return "stream", n
	}
	if n := field("StreamARN"); n != "" {
		return "stream", n
	}
	return "", ""
}

// queueNameOf is the last path segment of a queue URL.
func queueNameOf(queueURL string) string {
	u, err := url.Parse(queueURL)
	if err != nil || u.Path == "" {
		return queueURL
	}
	return path.Base(u.Path)
}
