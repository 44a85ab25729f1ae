package awsproto

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sluicemq/sluice/internal/awsproto/awscbor"
	"github.com/sluicemq/sluice/internal/awsproto/awsjson"
	"github.com/sluicemq/sluice/internal/awsproto/eventstream"
	"github.com/sluicemq/sluice/internal/awsproto/query"
	"github.com/sluicemq/sluice/internal/awsproto/sigv4"
	"github.com/sluicemq/sluice/internal/clock"
)

// Router defaults.
const (
	// DefaultMaxBodyBytes caps request bodies when RouterConfig leaves
	// MaxBodyBytes at zero.
	DefaultMaxBodyBytes = 4 << 20
	// DefaultAccount is the account of requests that name none.
	DefaultAccount = "000000000000"
	// DefaultRegion is the region of requests that name none.
	DefaultRegion = "us-east-1"
)

// RouterConfig describes one AWS API to serve over HTTP. For SQS:
//
//	awsproto.RouterConfig{
//		Operations:     api.Operations(),
//		Error:          api.Error,
//		TargetPrefix:   "AmazonSQS",
//		JSONVersion:    "1.0",
//		ErrorNamespace: "com.amazonaws.sqs#",
//		QueryNamespace: "http://queue.amazonaws.com/doc/2012-11-05/",
//		QueryVersion:   "2012-11-05",
//	}
type RouterConfig struct {
	// Operations is the API's action table. Names must be unique.
	Operations []Operation
	// Error turns an error a handler returned that is not an *Error into
	// the AWS error to send: the API's error table. When it is nil or
	// returns nil the client gets a 500 InternalError and the cause is
	// logged.
	Error func(error) *Error
	// TargetPrefix is what precedes the action in X-Amz-Target
	// ("AmazonSQS" in "AmazonSQS.SendMessage").
	TargetPrefix string
	// JSONVersion is the AWS JSON protocol version: "1.0" (SQS) or "1.1".
	JSONVersion string
	// ErrorNamespace prefixes error types in JSON responses
	// ("com.amazonaws.sqs#"). A Type that already holds a '#' is sent as it
	// is.
	ErrorNamespace string
	// QueryNamespace is the xmlns of query-protocol responses. Empty means
	// the API has no query protocol: every request is read as JSON.
	QueryNamespace string
	// QueryVersion is the Version parameter query clients send
	// ("2012-11-05"). Incoming requests are not checked against it;
	// NewQueryRequest sends it.
	QueryVersion string
	// MaxBodyBytes caps request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// DefaultAccount and DefaultRegion apply when a request's signature
	// names no account or region; empty means the package defaults.
	DefaultAccount, DefaultRegion string
	// Logger receives handler panics and internal errors; nil means
	// slog.Default().
	Logger *slog.Logger
	// Verifier checks every request's SigV4 signature before anything is
	// decoded; the request then acts in the signer's account and region.
	// A refusal is answered as SQS answers it when the API has a query
	// protocol, as Kinesis (and the other JSON services) do otherwise.
	// Nil is development mode: any signature is accepted, and an access
	// key id of 12 digits names the account.
	Verifier *sigv4.Verifier
	// InternalErrorType is the type of the 500 a panicking handler gets;
	// empty means "InternalError" (SQS). Kinesis says "InternalFailure".
	InternalErrorType string
	// StreamTimeout bounds the writing of an event-stream response (it
	// replaces the server's write timeout for that response, which is
	// meant for ordinary responses); 0 means no bound.
	StreamTimeout time.Duration
	// Services names every service the endpoint serves, for the error a
	// request for another service gets ("Amazon SQS (AmazonSQS) and ...").
	// Empty leaves it out.
	Services string
	// Served, when set, is called once each request has been answered
	// (metrics, request logs). It runs on the request's goroutine.
	Served func(*Served)
	// Coral frames requests and the router's own errors as AWS's Coral
	// JSON services (Kinesis) do (coral.go): method, Content-Type, body
	// and X-Amz-Target are checked before the signature; errors have bare
	// types, Java's words for a member of the wrong type and, when
	// Coral's have none, no message; an output with no members is an
	// empty body. For an API without a query protocol.
	Coral bool
}

// Served describes an answered request to RouterConfig.Served.
type Served struct {
	// Action is the operation's name, empty when the request named none
	// the API has.
	Action string
	// Target is what the request asked for when Action is empty: its
	// X-Amz-Target header or query Action parameter (truncated).
	Target string
	// ErrorCode is the error answered (its JSON type without namespace),
	// empty on success.
	ErrorCode string
	// Input is the decoded input, nil when decoding failed. It may hold
	// message bodies: never log it whole.
	Input any
	// Request is the request's scope (id, account, region); nil when
	// decoding failed.
	Request *Request
	// RequestID is the id the response carries.
	RequestID string
	// Status is the HTTP status answered (200 for an event stream that
	// started).
	Status int
	// Duration is how long the request took, body read included.
	Duration time.Duration
}

// Router serves one AWS API over HTTP in both of its protocols. It detects
// the protocol of each request (X-Amz-Target or an application/x-amz-json
// Content-Type mean AWS JSON; anything else, POSTed form or GET query
// string, on any path, is the query protocol), caps the body, assigns a
// request id, puts a Request in the context, decodes the input, calls the
// operation and encodes its output or error in the request's protocol.
type Router struct {
	cfg    RouterConfig
	ops    map[string]Operation
	logger *slog.Logger
}

// NewRouter returns the router for cfg. It panics if two operations share
// a name, as http.ServeMux does for a duplicate pattern.
func NewRouter(cfg RouterConfig) *Router {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.DefaultAccount == "" {
		cfg.DefaultAccount = DefaultAccount
	}
	if cfg.DefaultRegion == "" {
		cfg.DefaultRegion = DefaultRegion
	}
	rt := &Router{cfg: cfg, ops: make(map[string]Operation, len(cfg.Operations)), logger: cfg.Logger}
	if rt.logger == nil {
		rt.logger = slog.Default()
	}
	for _, op := range cfg.Operations {
		if _, dup := rt.ops[op.Name]; dup || op.Name == "" {
			panic(fmt.Sprintf("awsproto: operation name %q is empty or not unique", op.Name))
		}
		rt.ops[op.Name] = op
	}
	return rt
}

// exchange is one request being served.
type exchange struct {
	rt     *Router
	w      http.ResponseWriter
	r      *http.Request
	id     string
	json   bool
	cbor   bool
	action string
	// caller is who signed the request, when the router verifies
	// signatures.
	caller *sigv4.Identity
	// status is the HTTP status answered.
	status int
	// target is the action the request named, found or not; errorCode
	// the error answered.
	target, errorCode string
	// served is what RouterConfig.Served gets; nil without it.
	served *Served
}

// report hands the answered request to RouterConfig.Served.
func (x *exchange) report(s *Served, start time.Time) {
	s.Action, s.Status, s.Duration = x.action, x.status, clock.Real{}.Now().Sub(start)
	s.ErrorCode = x.errorCode
	if x.action == "" {
		s.Target = truncate(x.target)
	}
	x.rt.cfg.Served(s)
}

// ServeHTTP serves one request. It never lets a panic escape: a handler
// that panics is logged and answered with a 500 InternalError.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := &exchange{rt: rt, w: w, r: r, id: uuid.NewString(), json: rt.isJSON(r),
		cbor: awscbor.IsContentType(r.Header.Get("Content-Type")), status: http.StatusOK}
	if rt.cfg.Served != nil {
		served := &Served{RequestID: x.id}
		defer x.report(served, clock.Real{}.Now())
		x.served = served
	}
	defer x.recoverPanic()
	op, in, err := x.decode()
	if err != nil {
		x.fail(err)
		return
	}
	req := x.request()
	if x.served != nil {
		x.served.Input, x.served.Request = in, req
	}
	ctx := WithRequest(r.Context(), req)
	if op.Stream != nil {
		x.stream(ctx, op, in)
		return
	}
	out, err := op.Call(ctx, in)
	if err != nil {
		x.fail(err)
		return
	}
	x.respond(out)
}

func (rt *Router) isJSON(r *http.Request) bool {
	if rt.cfg.QueryNamespace == "" || r.Header.Get("X-Amz-Target") != "" {
		return true
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return strings.HasPrefix(mediaType, "application/x-amz-json-")
}

// decode reads the body and finds the operation and its input.
func (x *exchange) decode() (Operation, any, error) {
	body, err := x.readBody()
	if err != nil {
		return Operation{}, nil, err
	}
	if x.rt.cfg.Coral {
		if err := x.coralFrame(body); err != nil {
			return Operation{}, nil, err
		}
	}
	if err := x.authenticate(body); err != nil {
		return Operation{}, nil, err
	}
	if x.json {
		return x.decodeJSON(body)
	}
	return x.decodeQuery(body)
}

func (x *exchange) readBody() ([]byte, error) {
	limit := x.rt.cfg.MaxBodyBytes
	body, err := io.ReadAll(io.LimitReader(x.r.Body, limit+1))
	if err != nil {
		return nil, errSerialization.New("The request body could not be read.")
	}
	if int64(len(body)) > limit {
		return nil, errTooLarge.New("The request body must be at most %d bytes.", limit)
	}
	return body, nil
}

func (x *exchange) decodeJSON(body []byte) (Operation, any, error) {
	x.target = x.r.Header.Get("X-Amz-Target")
	prefix, name, _ := strings.Cut(x.target, ".")
	if prefix != x.rt.cfg.TargetPrefix && x.target != "" && x.rt.cfg.Services != "" {
		return Operation{}, nil, errUnknownOperation.New("The X-Amz-Target %q names a service this endpoint does not serve; it serves %s.",
			truncate(x.target), x.rt.cfg.Services)
	}
	op, ok := x.rt.ops[name]
	if prefix != x.rt.cfg.TargetPrefix || !ok {
		return Operation{}, nil, errUnknownOperation.New(
			"The action or operation requested is invalid. Verify that the action is typed correctly.")
	}
	x.action = op.Name
	in := op.NewInput()
	decode := awsjson.Decode
	if x.cbor {
		decode = awscbor.Decode
	}
	if err := decode(body, in); err != nil {
		return Operation{}, nil, x.decodeError(err)
	}
	return op, in, nil
}

// decodeError turns a codec's refusal of a body into the API's
// SerializationException.
func (x *exchange) decodeError(err error) error {
	spec := errSerialization
	if x.rt.cfg.Coral {
		spec = errCoralSerialization
	}
	if de, ok := errors.AsType[*awsjson.DecodeError](err); ok {
		if msg, ok := coralTypeMessage(de.Got, de.Want); ok && x.rt.cfg.Coral {
			return spec.New("%s", msg)
		}
		return spec.New("%s", de.Message)
	}
	if de, ok := errors.AsType[*awscbor.DecodeError](err); ok {
		return spec.New("%s", de.Message)
	}
	return err
}

func (x *exchange) decodeQuery(body []byte) (Operation, any, error) {
	form, err := formOf(x.r, body)
	if err != nil {
		return Operation{}, nil, err
	}
	action := form.Get("Action")
	x.target = action
	if action == "" {
		return Operation{}, nil, errMissingAction.New("The request must contain the parameter Action.")
	}
	op, ok := x.rt.ops[action]
	if !ok {
		return Operation{}, nil, errUnknownOperation.New("The action %s is not valid for this endpoint.", truncate(action))
	}
	x.action = op.Name
	in := op.NewInput()
	if err := query.Decode(form, in); err != nil {
		return Operation{}, nil, queryDecodeError(err)
	}
	return op, in, nil
}

// formOf returns the parameters of a query request: the URL's query string
// and, for a POST, the form in its body (whose values come first).
func formOf(r *http.Request, body []byte) (url.Values, error) {
	form, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, errInvalidQueryParameter.New("The query string is malformed.")
	}
	if r.Method != http.MethodPost || len(body) == 0 {
		return form, nil
	}
	posted, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, errInvalidQueryParameter.New("The request body is not a well-formed form.")
	}
	for k, vs := range form {
		posted[k] = append(posted[k], vs...)
	}
	return posted, nil
}

func queryDecodeError(err error) error {
	de, ok := errors.AsType[*query.DecodeError](err)
	if !ok {
		return err
	}
	switch de.Kind {
	case query.InvalidValue:
		return errInvalidParameterValue.New("%s", de.Message)
	case query.MissingKey:
		return errMissingParameter.New("%s", de.Message)
	}
	return errInvalidQueryParameter.New("%s", de.Message)
}

// truncate shortens a client's text before it is echoed in a message.
func truncate(s string) string {
	const maxEcho = 128
	if len(s) > maxEcho {
		return strings.ToValidUTF8(s[:maxEcho], "") + "..."
	}
	return s
}

// authenticate verifies the request's signature over the body as read,
// when the router has a Verifier, and records the signer.
func (x *exchange) authenticate(body []byte) error {
	if x.rt.cfg.Verifier == nil {
		return nil
	}
	id, err := x.rt.cfg.Verifier.Verify(x.r, body)
	if err != nil {
		return x.authError(err)
	}
	x.caller = id
	return nil
}

// authError puts a verifier's refusal in the API's words.
func (x *exchange) authError(err error) error {
	ve, ok := errors.AsType[*sigv4.Error](err)
	if !ok {
		return err
	}
	w := ve.Code.Wire()
	spec := ErrorSpec{Type: w.KinesisType, QueryCode: w.QueryCode, Status: w.KinesisStatus, Fault: Sender}
	if x.rt.cfg.QueryNamespace != "" {
		spec.Type, spec.Status = w.SQSType, w.SQSStatus
	}
	return spec.New("%s", ve.Message)
}

func (x *exchange) request() *Request {
	account, region := callerScope(x.r, x.rt.cfg.DefaultAccount, x.rt.cfg.DefaultRegion)
	if x.caller != nil {
		account, region = x.caller.Account, x.caller.Region
	}
	scheme := "http"
	if x.r.TLS != nil {
		scheme = "https"
	}
	return &Request{ID: x.id, Host: x.r.Host, Scheme: scheme, Path: x.r.URL.Path,
		Account: account, Region: region}
}

func (x *exchange) respond(out any) {
	var err error
	if x.rt.cfg.Coral && isEmptyStruct(out) {
		if x.cbor {
			awscbor.WriteEmpty(x.w, x.id)
		} else {
			awsjson.WriteEmpty(x.w, x.rt.cfg.JSONVersion, x.id)
		}
		return
	}
	if x.cbor {
		err = awscbor.WriteResponse(x.w, x.id, out)
	} else if x.json {
		err = awsjson.WriteResponse(x.w, x.rt.cfg.JSONVersion, x.id, out)
	} else {
		err = query.WriteResponse(x.w, x.rt.cfg.QueryNamespace, x.action, x.id, out)
	}
	if err != nil {
		x.fail(err)
	}
}

// fail writes err as an AWS error in the request's protocol.
func (x *exchange) fail(err error) {
	if r, ok := errors.AsType[*rawReply](err); ok {
		x.writeRaw(r)
		return
	}
	e := x.awsError(err)
	x.errorCode = e.Type
	if i := strings.LastIndexByte(e.Type, '#'); i >= 0 {
		x.errorCode = e.Type[i+1:]
	}
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	x.status = status
	fault := e.Fault
	if fault == "" {
		fault = Sender
		if status >= http.StatusInternalServerError {
			fault = Receiver
		}
	}
	if !x.json {
		query.WriteError(x.w, x.rt.cfg.QueryNamespace, status, query.ErrorResponse{
			Type: string(fault), Code: e.QueryCode, Message: e.Message, RequestID: x.id})
		return
	}
	je := awsjson.Error{Type: e.Type, Message: e.Message, MessageKey: e.MessageKey, RequestID: x.id}
	if !strings.Contains(je.Type, "#") {
		je.Type = x.rt.cfg.ErrorNamespace + je.Type
	}
	if x.cbor {
		awscbor.WriteError(x.w, status, awscbor.Error{Type: je.Type, Message: je.Message, MessageKey: je.MessageKey,
			RequestID: x.id})
		return
	}
	if x.rt.cfg.QueryNamespace != "" && e.QueryCode != "" {
		je.QueryError = e.QueryCode + ";" + string(fault)
	}
	awsjson.WriteError(x.w, x.rt.cfg.JSONVersion, status, je)
}

// awsError maps err to the error to send, logging failures that are not
// the client's.
func (x *exchange) awsError(err error) *Error {
	e, ok := errors.AsType[*Error](err)
	if !ok && x.rt.cfg.Error != nil {
		e = x.rt.cfg.Error(err)
	}
	if e == nil {
		e = errInternal.New(internalMessage)
	}
	if !ok && e.Status >= http.StatusInternalServerError {
		x.rt.logger.Error("awsproto: request failed", "action", x.action, "request_id", x.id, "error", err)
	}
	return e
}

// recoverPanic turns a handler's panic into a 500 response.
func (x *exchange) recoverPanic() {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	x.rt.logger.Error("awsproto: handler panicked", "action", x.action, "request_id", x.id,
		"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	e := errInternal.New(internalMessage)
	if x.rt.cfg.InternalErrorType != "" {
		e.Type = x.rt.cfg.InternalErrorType
	}
	x.fail(e)
}

// stream serves an operation whose response is an event stream: an error
// before the first event is an ordinary error response, a later one an
// exception message.
func (x *exchange) stream(ctx context.Context, op Operation, in any) {
	payload := eventstream.JSON
	if x.cbor {
		payload = eventstream.Payload{ContentType: awscbor.ContentType, Marshal: awscbor.Marshal}
	}
	resp := eventstream.NewResponse(x.w, x.id, payload)
	if d := x.rt.cfg.StreamTimeout; d > 0 {
		// A socket deadline is wall-clock time, whatever clock the API uses.
		resp.SetDeadline(clock.Real{}.Now().Add(d))
	}
	err := op.Stream(ctx, in, func(event any) error { return resp.Event(op.EventType, event) })
	if err == nil {
		return
	}
	if !resp.Started() {
		x.fail(err)
		return
	}
	e := x.awsError(err)
	typ := e.Type
	if e.Status >= http.StatusInternalServerError {
		// The one server-side exception event streams model.
		typ = "InternalFailureException"
	}
	resp.Exception(typ, e.Message)
}
