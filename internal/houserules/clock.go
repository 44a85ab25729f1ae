package houserules

import (
	"fmt"
	"go/ast"
)

// RuleClock is the name of the rule CheckClock enforces.
const RuleClock = "time comes from the clock"

// wallClockFuncs are the functions of package time that read or wait on
// the wall clock.
var wallClockFuncs = map[string]bool{
	"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true,
	"Tick": true, "NewTimer": true, "NewTicker": true, "AfterFunc": true,
}

// ClockRule is the configuration of CheckClock.
type ClockRule struct {
	// Allowed are the places of non-test code that may use the wall clock.
	Allowed []Exception
	// SleepAllowed are the places of _test.go files that may call
	// time.Sleep, the only wall-clock function test files may not use.
	SleepAllowed []Exception
}

// CheckClock reports every use of the wall clock outside r's exceptions:
// in non-test files, any reference to a wall-clock function of package
// time or to the internal/clock package's Real; in test files, any
// reference to time.Sleep. It also reports file exceptions that cover
// nothing.
func CheckClock(t *Tree, r ClockRule) []Finding {
	used := map[int]bool{}
	usedSleep := map[int]bool{}
	var out []Finding
	for _, f := range t.Files {
		for _, u := range wallClockUses(t, f) {
			allowed, seen := r.Allowed, used
			if f.Test {
				if u.name != "time.Sleep" {
					continue
				}
				allowed, seen = r.SleepAllowed, usedSleep
			}
			if i := match(allowed, f.Path, u.fn); i >= 0 {
				seen[i] = true
				continue
			}
			out = append(out, Finding{File: f.Path, Line: u.line, Rule: RuleClock, Msg: u.name + " outside the clock"})
		}
	}
	out = append(out, unused(r.Allowed, used, RuleClock)...)
	return append(out, unused(r.SleepAllowed, usedSleep, RuleClock)...)
}

// A clockUse is one reference to the wall clock.
type clockUse struct {
	name string // "time.Now" or "clock.Real"
	line int
	fn   string // the enclosing top-level declaration, as Exception.Func names it
}

// wallClockUses returns f's references to the wall clock.
func wallClockUses(t *Tree, f *File) []clockUse {
	timeName := importName(f.AST, "time")
	clockName := importName(f.AST, t.Module+"/internal/clock")
	var uses []clockUse
	for _, d := range f.AST.Decls {
		fn := declName(d)
		ast.Inspect(d, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok || x.Obj != nil { // x.Obj is set for a local variable, nil for a package
				return true
			}
			switch {
			case x.Name == timeName && timeName != "" && wallClockFuncs[sel.Sel.Name]:
				uses = append(uses, clockUse{"time." + sel.Sel.Name, t.Line(sel.Pos()), fn})
			case x.Name == clockName && clockName != "" && sel.Sel.Name == "Real":
				uses = append(uses, clockUse{"clock.Real", t.Line(sel.Pos()), fn})
			}
			return true
		})
	}
	return uses
}

// declName names a top-level declaration as Exception.Func does: "f" for
// a function, "T.m" for a method, "" for anything else.
func declName(d ast.Decl) string {
	fd, ok := d.(*ast.FuncDecl)
	if !ok {
		return ""
	}
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	return recvTypeName(fd.Recv.List[0].Type) + "." + fd.Name.Name
}

// recvTypeName returns the type name of a receiver: T for T, *T, T[P] and
// *T[P].
func recvTypeName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return fmt.Sprintf("%T", e)
		}
	}
}

// match returns the index of the first exception covering path inside
// fn, or -1.
func match(exceptions []Exception, path, fn string) int {
	for i, e := range exceptions {
		if e.covers(path, fn) {
			return i
		}
	}
	return -1
}

// unused reports the file exceptions whose index is not in used: a file
// that no longer breaks the rule should leave the table. A directory
// exception is a standing permission and may go unused.
func unused(exceptions []Exception, used map[int]bool, rule string) []Finding {
	var out []Finding
	for i, e := range exceptions {
		if e.isFile() && !used[i] {
			msg := "exception no longer needed, remove it from the table"
			if e.Func != "" {
				msg = fmt.Sprintf("exception for %s no longer needed, remove it from the table", e.Func)
			}
			out = append(out, Finding{File: e.Path, Rule: rule, Msg: msg})
		}
	}
	return out
}
