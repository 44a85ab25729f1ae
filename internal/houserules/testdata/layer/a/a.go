// Package a imports one package its table line allows, one it does not,
// and one a layering rule forbids.
package a

import (
	"net/http"

	"example.com/fixture/b"
	"example.com/fixture/c"
)

// Use uses the imports.
var Use = []any{http.MethodGet, b.B, c.C}
