// Package pub is public and imports what a public package must not.
package pub

import (
	"github.com/cockroachdb/pebble/v2"
	"github.com/prometheus/client_golang/prometheus"

	"example.com/fixture/internal/x"
)

// Use uses the imports.
var Use = []any{pebble.Open, prometheus.NewRegistry, x.X}
