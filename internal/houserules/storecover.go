package houserules

import (
	"fmt"
	"go/ast"
)

// RuleStoreCoverage is the name of the rule CheckStoreCoverage enforces.
const RuleStoreCoverage = "storetest covers the store"

// CheckStoreCoverage reports each method of an interface declared in the
// non-test files of storeDir that no file of suiteDir (tests included)
// names in a selector, x.Method, whether called or taken as a method
// value. Embedded interfaces are checked where they are declared.
func CheckStoreCoverage(t *Tree, storeDir, suiteDir string) []Finding {
	named := map[string]bool{}
	for _, f := range t.Files {
		if f.Dir != suiteDir {
			continue
		}
		ast.Inspect(f.AST, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				named[sel.Sel.Name] = true
			}
			return true
		})
	}
	var out []Finding
	for _, f := range t.Files {
		if f.Dir != storeDir || f.Test {
			continue
		}
		for _, m := range interfaceMethods(f.AST) {
			if !named[m.method.Name] {
				out = append(out, Finding{File: f.Path, Line: t.Line(m.method.Pos()), Rule: RuleStoreCoverage,
					Msg: fmt.Sprintf("%s.%s is never called in %s", m.iface, m.method.Name, suiteDir)})
			}
		}
	}
	return out
}

// An ifaceMethod is a method of a declared interface.
type ifaceMethod struct {
	iface  string
	method *ast.Ident
}

// interfaceMethods returns the methods of f's top-level interface types,
// embedded interfaces left out.
func interfaceMethods(f *ast.File) []ifaceMethod {
	var out []ifaceMethod
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range g.Specs {
			ts, ok := s.(*ast.TypeSpec)
			if !ok {
				continue
			}
			it, ok := ts.Type.(*ast.InterfaceType)
			if !ok {
				continue
			}
			for _, m := range it.Methods.List {
				if _, isFunc := m.Type.(*ast.FuncType); !isFunc {
					continue
				}
				for _, n := range m.Names {
					out = append(out, ifaceMethod{ts.Name.Name, n})
				}
			}
		}
	}
	return out
}
