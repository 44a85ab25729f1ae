package houserules

import (
	"fmt"
	"slices"
	"strings"
)

// RuleLayers is the name of the rule CheckLayers enforces.
const RuleLayers = "layers as data"

// LayerRule is the configuration of CheckLayers.
type LayerRule struct {
	// Table maps each package directory of the module ("internal/queue")
	// to the module packages its non-test files may import.
	Table map[string][]string
	// Never are imports no package may have, whatever Table says.
	Never []Forbidden
	// TableFile names the file holding Table, for the message that asks
	// for a missing package's line.
	TableFile string
}

// A Forbidden is a layering rule: packages matching From never import
// packages matching To.
type Forbidden struct {
	// From is a module package directory, covering the packages under it
	// too; "" is every package.
	From string
	// Except are package directories (and those under them) From does not
	// cover.
	Except []string
	// To is an import path; a module package is written relative to the
	// module ("internal/store"). Packages under it match too.
	To string
	// Reason is the rule as docs/DESIGN.md states it.
	Reason string
}

// CheckLayers reports packages missing from r.Table, entries of r.Table
// naming no package, non-test imports of module packages the table does
// not allow, and imports (and table entries) that r.Never forbids.
func CheckLayers(t *Tree, r LayerRule) []Finding {
	var out []Finding
	dirs := t.Dirs()
	for _, dir := range dirs {
		if _, ok := r.Table[dir]; !ok {
			file, line := packageClause(t, dir, false)
			out = append(out, Finding{File: file, Line: line, Rule: RuleLayers,
				Msg: fmt.Sprintf("package %s is not in the layer table: add its line, with the module packages it may import, to %s", dir, r.TableFile)})
		}
	}
	for dir := range r.Table {
		if !slices.Contains(dirs, dir) {
			out = append(out, Finding{File: r.TableFile, Rule: RuleLayers,
				Msg: fmt.Sprintf("the layer table names %s, which has no .go files: remove its line", dir)})
		}
	}
	for _, f := range t.Files {
		if !f.Test {
			out = append(out, checkImports(t, f, r)...)
		}
	}
	out = append(out, checkTable(r)...)
	return out
}

// checkImports checks the imports of one non-test file.
func checkImports(t *Tree, f *File, r LayerRule) []Finding {
	allowed, inTable := r.Table[f.Dir]
	var out []Finding
	for _, s := range f.AST.Imports {
		p := importPath(s)
		line := t.Line(s.Pos())
		local, inModule := t.Local(p)
		if inModule && inTable && !slices.Contains(allowed, local) {
			out = append(out, Finding{File: f.Path, Line: line, Rule: RuleLayers,
				Msg: fmt.Sprintf("%s imports %s, which its line in the layer table does not allow", f.Dir, local)})
		}
		name := p
		if inModule {
			name = local
		}
		if fb, ok := forbids(r.Never, f.Dir, name); ok {
			out = append(out, Finding{File: f.Path, Line: line, Rule: RuleLayers,
				Msg: fmt.Sprintf("%s imports %s: %s", f.Dir, name, fb.Reason)})
		}
	}
	return out
}

// checkTable reports table entries that a Forbidden rule forbids, so the
// table cannot be edited into breaking the design.
func checkTable(r LayerRule) []Finding {
	var out []Finding
	for _, dir := range sortedKeys(r.Table) {
		for _, imp := range r.Table[dir] {
			if fb, ok := forbids(r.Never, dir, imp); ok {
				out = append(out, Finding{File: r.TableFile, Rule: RuleLayers,
					Msg: fmt.Sprintf("the layer table lets %s import %s: %s", dir, imp, fb.Reason)})
			}
		}
	}
	return out
}

// forbids returns the first rule forbidding package dir to import imp.
func forbids(never []Forbidden, dir, imp string) (Forbidden, bool) {
	for _, fb := range never {
		if fb.From != "" && !under(dir, fb.From) || !under(imp, fb.To) {
			continue
		}
		if !slices.ContainsFunc(fb.Except, func(e string) bool { return under(dir, e) }) {
			return fb, true
		}
	}
	return Forbidden{}, false
}

// under reports whether path is dir or lies under it.
func under(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+"/")
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
