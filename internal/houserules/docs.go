package houserules

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// RuleDocs is the name of the rule CheckDocs enforces.
const RuleDocs = "doc comments"

// CheckDocs reports packages without a package comment in a non-test
// file, and exported top-level names of non-test files without a doc
// comment: functions, types, methods (exported, on exported types) and
// consts and vars, where a grouped const or var may share the group's
// comment or have one at the end of its line.
func CheckDocs(t *Tree) []Finding {
	var out []Finding
	documented := map[string]bool{}
	hasCode := map[string]bool{}
	for _, f := range t.Files {
		if f.Test {
			continue
		}
		hasCode[f.Dir] = true
		if f.AST.Doc != nil && strings.TrimSpace(f.AST.Doc.Text()) != "" {
			documented[f.Dir] = true
		}
		for _, d := range f.AST.Decls {
			for _, u := range undocumented(d) {
				out = append(out, Finding{File: f.Path, Line: t.Line(u.pos), Rule: RuleDocs,
					Msg: fmt.Sprintf("exported %s has no doc comment", u.name)})
			}
		}
	}
	for _, dir := range t.Dirs() {
		if hasCode[dir] && !documented[dir] {
			file, line := packageClause(t, dir, true)
			out = append(out, Finding{File: file, Line: line, Rule: RuleDocs,
				Msg: fmt.Sprintf("package %s has no package comment in any non-test file", dir)})
		}
	}
	return out
}

// packageClause returns the first file of dir (the first non-test file
// when nonTest) and the line of its package clause, where a finding about
// the whole package points.
func packageClause(t *Tree, dir string, nonTest bool) (string, int) {
	for _, f := range t.Files {
		if f.Dir == dir && !(nonTest && f.Test) {
			return f.Path, t.Line(f.AST.Package)
		}
	}
	return dir, 0
}

// A missingDoc is an exported name without a doc comment.
type missingDoc struct {
	name string
	pos  token.Pos
}

// undocumented returns the exported names d declares without a doc
// comment.
func undocumented(d ast.Decl) []missingDoc {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if exportedFunc(d) && !hasText(d.Doc) {
			return []missingDoc{{declName(d), d.Name.Pos()}}
		}
	case *ast.GenDecl:
		return undocumentedSpecs(d)
	}
	return nil
}

// exportedFunc reports whether d is an exported function, or an exported
// method of an exported type.
func exportedFunc(d *ast.FuncDecl) bool {
	if !d.Name.IsExported() {
		return false
	}
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return true
	}
	return ast.IsExported(recvTypeName(d.Recv.List[0].Type))
}

// undocumentedSpecs returns the exported types, consts and vars of d
// without a doc comment. A type needs its own (the declaration's, for an
// ungrouped one); a const or var may have the group's.
func undocumentedSpecs(d *ast.GenDecl) []missingDoc {
	var out []missingDoc
	for _, s := range d.Specs {
		switch s := s.(type) {
		case *ast.TypeSpec:
			ok := hasText(s.Doc) || !d.Lparen.IsValid() && hasText(d.Doc)
			if s.Name.IsExported() && !ok {
				out = append(out, missingDoc{s.Name.Name, s.Name.Pos()})
			}
		case *ast.ValueSpec:
			if hasText(s.Doc) || hasText(d.Doc) || hasText(s.Comment) {
				continue
			}
			for _, n := range s.Names {
				if n.IsExported() {
					out = append(out, missingDoc{n.Name, n.Pos()})
				}
			}
		}
	}
	return out
}

// hasText reports whether c is a comment with some text.
func hasText(c *ast.CommentGroup) bool {
	return c != nil && strings.TrimSpace(c.Text()) != ""
}
