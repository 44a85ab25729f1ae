package server

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
)

// homeData fills the page GET / answers.
type homeData struct {
	Endpoint string
	// Console is the path of the web console, empty when it is off.
	Console string
}

// homeHTML is what a browser pointed at the endpoint sees.
var homeHTML = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sluice</title></head>
<body>
<h1>sluice</h1>
<p>This endpoint serves the Amazon SQS and Amazon Kinesis Data Streams APIs.
Point an AWS SDK or the AWS CLI at it:</p>
<pre>aws --endpoint-url {{.Endpoint}} sqs list-queues
aws --endpoint-url {{.Endpoint}} kinesis list-streams</pre>
<ul>
<li>SQS: AWS JSON 1.0 (X-Amz-Target AmazonSQS.*) and the query protocol</li>
<li>Kinesis Data Streams: AWS JSON 1.1 and CBOR (X-Amz-Target Kinesis_20131202.*)</li>
</ul>
{{if .Console}}<p><a href="{{.Console}}">Web console</a>: queues, messages, the smoothing chart, streams.</p>
{{end}}<p><a href="/healthz">/healthz</a> (liveness) · <a href="/readyz">/readyz</a> (readiness) ·
<a href="/metrics">/metrics</a> (Prometheus)</p>
</body></html>
`))

// homeText is the same page for clients that do not ask for HTML.
const homeText = `sluice: this endpoint serves the Amazon SQS and Amazon Kinesis Data Streams APIs.

  aws --endpoint-url %[1]s sqs list-queues
  aws --endpoint-url %[1]s kinesis list-streams

SQS:     AWS JSON 1.0 (X-Amz-Target AmazonSQS.*) and the query protocol
Kinesis: AWS JSON 1.1 and CBOR (X-Amz-Target Kinesis_20131202.*)

%[1]s/healthz  liveness
%[1]s/readyz   readiness
%[1]s/metrics  Prometheus metrics
`

// home answers a bare GET / (no query string, no X-Amz-Target) with a
// short page saying what the endpoint is; any other request on / goes to
// api, so query-protocol GETs keep working.
func (s *Server) home(api http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" || r.Header.Get("X-Amz-Target") != "" {
			api.ServeHTTP(w, r)
			return
		}
		data := homeData{Endpoint: s.endpointFor(r), Console: s.consolePrefix()}
		if strings.Contains(r.Header.Get("Accept"), "text/html") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			homeHTML.Execute(w, data)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, homeText, data.Endpoint)
		if data.Console != "" {
			fmt.Fprintf(w, "%s%s  web console\n", data.Endpoint, data.Console)
		}
	}
}

// endpointFor is the base URL clients use: the advertised URL, else the
// scheme and host the request came in on.
func (s *Server) endpointFor(r *http.Request) string {
	if s.cfg.AdvertisedURL != "" {
		return strings.TrimRight(s.cfg.AdvertisedURL, "/")
	}
	return s.scheme() + "://" + r.Host
}
