package houserules

import (
	"fmt"
	"strings"
)

// A Finding is one breach of a rule.
type Finding struct {
	File string // slash-separated, relative to the tree's root
	Line int    // 0 when the finding is about a whole file or package
	Rule string // the rule's name, such as "time comes from the clock"
	Msg  string // what is wrong
}

// String formats f as `file:line: msg (rule "name")`.
func (f Finding) String() string {
	if f.Line == 0 {
		return fmt.Sprintf("%s: %s (rule %q)", f.File, f.Msg, f.Rule)
	}
	return fmt.Sprintf("%s:%d: %s (rule %q)", f.File, f.Line, f.Msg, f.Rule)
}

// An Exception lets one place break a rule, for a reason.
type Exception struct {
	// Path is a .go file or a directory (a package and the packages under
	// it), slash-separated, relative to the tree's root.
	Path string
	// Func, when set, narrows the exception to one top-level function or
	// method of Path: "waitFor", or "wallClock.Now" for a method.
	Func string
	// Reason says why the rule does not hold here.
	Reason string
}

// covers reports whether e lets the file at path, inside the top-level
// declaration named fn ("" when outside any), break the rule.
func (e Exception) covers(path, fn string) bool {
	if e.Func != "" && e.Func != fn {
		return false
	}
	return under(path, e.Path)
}

// isFile reports whether e names a single file rather than a directory.
func (e Exception) isFile() bool {
	return strings.HasSuffix(e.Path, ".go")
}
