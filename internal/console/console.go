// Package console is sluice's web console: static pages, embedded in the
// binary, that draw what the admin API (package admin) reports. The
// queue list with sparklines; a queue's page with its attributes (editable),
// a peek at its messages, test sends and bursts, deletes, purge and
// redrive, and the smoothing chart (sends and deletes per second on one
// time axis, the configured SluiceDeliveryRate dashed, the backlog shaded
// beneath, and the time it takes to drain); the streams with the heat of
// their shards, and a tail of their records.
//
// The pages load nothing from other origins, render every name and body as
// text (never as HTML), and are served with a Content-Security-Policy that
// allows only their own scripts and styles, so a message body holding a
// script shows as text and runs nothing. There is no build step: the
// JavaScript is written as the browser runs it, and the charts are drawn
// on canvases by hand.
package console

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

// DefaultPrefix is where internal/server mounts the console.
const DefaultPrefix = "/console/"

//go:embed assets
var assets embed.FS

// csp allows the console's own scripts, styles and API calls, and nothing
// else: no inline script, no other origin, no framing.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Options configure the console.
type Options struct {
	// Prefix is where the console is mounted, ending in "/"; default
	// DefaultPrefix.
	Prefix string
	// API is the path of the admin API, ending in "/".
	API string
}

// indexPage is the console's one page; the scripts do the rest.
var indexPage = template.Must(template.ParseFS(assets, "assets/index.html"))

// Handler serves the console's pages.
type Handler struct {
	prefix string
	index  []byte
	files  http.Handler
}

// New returns the console's handler.
func New(opts Options) *Handler {
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded directory is there at build time
	}
	var index bytes.Buffer
	if err := indexPage.Execute(&index, opts); err != nil {
		panic(err) // Options has every field the page names
	}
	return &Handler{prefix: opts.Prefix, index: index.Bytes(),
		files: http.StripPrefix(opts.Prefix, http.FileServerFS(sub))}
}

// ServeHTTP serves the page at the prefix and the scripts and styles
// under it.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, h.prefix)
	if rest == "" || rest == "index.html" {
		hd.Set("Content-Type", "text/html; charset=utf-8")
		hd.Set("Cache-Control", "no-cache")
		w.Write(h.index)
		return
	}
	hd.Set("Cache-Control", "no-cache")
	h.files.ServeHTTP(w, r)
}
