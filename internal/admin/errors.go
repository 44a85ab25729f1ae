package admin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/sluicemq/sluice/internal/queue"
	"github.com/sluicemq/sluice/internal/stream"
)

// maxBody bounds a request body: a 1 MiB message with its attributes, in
// JSON.
const maxBody = 4 << 20

// apiError is an answer that is not 2xx.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.message }

func newError(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func errBadRequest(format string, args ...any) error {
	return newError(http.StatusBadRequest, "BadRequest", format, args...)
}

func errNotFound(format string, args ...any) error {
	return newError(http.StatusNotFound, "NotFound", format, args...)
}

func errUnauthorized(format string, args ...any) error {
	return newError(http.StatusUnauthorized, "Unauthorized", format, args...)
}

func errForbidden(format string, args ...any) error {
	return newError(http.StatusForbidden, "Forbidden", format, args...)
}

// queueErrors maps queue domain errors to a status and code.
var queueErrors = []struct {
	kind   error
	status int
	code   string
}{
	{queue.ErrQueueDoesNotExist, http.StatusNotFound, "QueueDoesNotExist"},
	{queue.ErrResourceNotFound, http.StatusNotFound, "ResourceNotFound"},
	{queue.ErrQueueNameExists, http.StatusConflict, "QueueNameExists"},
	{queue.ErrQueueDeletedRecently, http.StatusConflict, "QueueDeletedRecently"},
	{queue.ErrPurgeQueueInProgress, http.StatusConflict, "PurgeQueueInProgress"},
	{queue.ErrOverLimit, http.StatusConflict, "OverLimit"},
	{queue.ErrInvalidAttributeName, http.StatusBadRequest, "InvalidAttributeName"},
	{queue.ErrInvalidAttributeValue, http.StatusBadRequest, "InvalidAttributeValue"},
	{queue.ErrInvalidMessageContents, http.StatusBadRequest, "InvalidMessageContents"},
	{queue.ErrInvalidParameterValue, http.StatusBadRequest, "InvalidParameterValue"},
	{queue.ErrMissingParameter, http.StatusBadRequest, "MissingParameter"},
	{queue.ErrUnsupportedOperation, http.StatusBadRequest, "UnsupportedOperation"},
	{queue.ErrBatchRequestTooLong, http.StatusBadRequest, "BatchRequestTooLong"},
	{stream.ErrResourceNotFound, http.StatusNotFound, "ResourceNotFound"},
	{stream.ErrResourceInUse, http.StatusConflict, "ResourceInUse"},
	{stream.ErrInvalidArgument, http.StatusBadRequest, "InvalidArgument"},
	{stream.ErrValidation, http.StatusBadRequest, "ValidationException"},
	{stream.ErrExpiredIterator, http.StatusBadRequest, "ExpiredIterator"},
	{stream.ErrProvisionedThroughputExceeded, http.StatusTooManyRequests, "ProvisionedThroughputExceeded"},
}

// asAPIError turns any error into the answer it gets.
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	for _, m := range queueErrors {
		if errors.Is(err, m.kind) {
			return &apiError{status: m.status, code: m.code, message: err.Error()}
		}
	}
	return &apiError{status: http.StatusInternalServerError, code: "InternalError", message: err.Error()}
}

// statusOf is the HTTP status err is answered with.
func statusOf(err error) int { return asAPIError(err).status }

// writeError answers with err as an ErrorBody.
func writeError(w http.ResponseWriter, err error) {
	ae := asAPIError(err)
	writeJSON(w, ae.status, ErrorBody{Error: Error{Code: ae.code, Message: ae.message}})
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		fmt.Fprintf(&buf, `{"error":{"code":"InternalError","message":%q}}`+"\n", err.Error())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// readJSON decodes r's JSON body into v, refusing other content types,
// unknown fields, trailing data and bodies over maxBody.
func readJSON(r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return newError(http.StatusUnsupportedMediaType, "UnsupportedMediaType", "the body must be JSON (Content-Type: application/json)")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errBadRequest("the body is not the JSON this request takes: %v", err)
	}
	if dec.More() {
		return errBadRequest("the body holds more than one JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errBadRequest("the body holds more than one JSON value")
	}
	return nil
}
