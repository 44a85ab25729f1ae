package awsproto

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/sluicemq/sluice/internal/awsproto/awsjson"
	"github.com/sluicemq/sluice/internal/awsproto/query"
)

// requestURL is where the built requests point; tests hand them to a
// handler directly or change the URL to a server's.
const requestURL = "http://localhost:4566/"

// NewJSONRequest returns the AWS JSON request an SDK sends for action with
// input in, for the API c describes. It is meant for tests.
func (c RouterConfig) NewJSONRequest(action string, in any) (*http.Request, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("awsproto: encode %s input: %w", action, err)
	}
	r, err := http.NewRequest(http.MethodPost, requestURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	r.Header.Set("Content-Type", awsjson.ContentType(c.JSONVersion))
	r.Header.Set("X-Amz-Target", c.TargetPrefix+"."+action)
	return r, nil
}

// NewQueryRequest returns the query-protocol form POST a client sends for
// action with input in (encoded by its query tags), for the API c
// describes. It is meant for tests.
func (c RouterConfig) NewQueryRequest(action string, in any) (*http.Request, error) {
	form, err := query.EncodeForm(in)
	if err != nil {
		return nil, err
	}
	form.Set("Action", action)
	if c.QueryVersion != "" {
		form.Set("Version", c.QueryVersion)
	}
	r, err := http.NewRequest(http.MethodPost, requestURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	return r, nil
}
