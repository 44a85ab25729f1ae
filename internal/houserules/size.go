package houserules

import "fmt"

// RuleFileSize is the name of the rule CheckFileSize enforces.
const RuleFileSize = "files stay small"

// MaxLines is the most lines a .go file may have.
const MaxLines = 800

// CheckFileSize reports every .go file, tests included, over max lines.
func CheckFileSize(t *Tree, max int) []Finding {
	var out []Finding
	for _, f := range t.Files {
		if f.Lines > max {
			out = append(out, Finding{File: f.Path, Line: max + 1, Rule: RuleFileSize,
				Msg: fmt.Sprintf("%d lines, over %d: split the file by what its parts do", f.Lines, max)})
		}
	}
	return out
}
