package houserules

import (
	"fmt"
	"slices"
	"strings"
)

// RulePublic is the name of the rule CheckPublic enforces.
const RulePublic = "public packages stay light"

// PublicRule is the configuration of CheckPublic.
type PublicRule struct {
	// Prometheus are the public package directories that may import the
	// Prometheus client (github.com/prometheus/...).
	Prometheus []string
}

// heavyImports are import path prefixes a public package never needs.
var heavyImports = []struct{ prefix, why string }{
	{"github.com/cockroachdb/pebble", "Pebble is the server's storage, not a client's"},
}

// IsPublic reports whether the package in dir (module-relative) is
// importable from outside the module and not a command: not under
// internal/ or cmd/.
func IsPublic(dir string) bool {
	return dir != "." && !under(dir, "internal") && !under(dir, "cmd") &&
		!strings.Contains(dir, "/internal/") && !strings.HasSuffix(dir, "/internal")
}

// CheckPublic reports non-test imports of public packages that reach into
// the module's internal packages, Pebble, or Prometheus where r does not
// allow it.
func CheckPublic(t *Tree, r PublicRule) []Finding {
	var out []Finding
	for _, f := range t.Files {
		if f.Test || !IsPublic(f.Dir) {
			continue
		}
		for _, s := range f.AST.Imports {
			if why := heavy(t, f.Dir, importPath(s), r); why != "" {
				out = append(out, Finding{File: f.Path, Line: t.Line(s.Pos()), Rule: RulePublic,
					Msg: fmt.Sprintf("public package %s imports %s: %s", f.Dir, importPath(s), why)})
			}
		}
	}
	return out
}

// heavy says why the public package in dir must not import p, or "".
func heavy(t *Tree, dir, p string, r PublicRule) string {
	if local, ok := t.Local(p); ok && !IsPublic(local) {
		return "internal packages are not part of the public API"
	}
	for _, h := range heavyImports {
		if strings.HasPrefix(p, h.prefix) {
			return h.why
		}
	}
	if strings.HasPrefix(p, "github.com/prometheus/") && !slices.Contains(r.Prometheus, dir) {
		return "only the packages the table names may depend on Prometheus"
	}
	return ""
}
