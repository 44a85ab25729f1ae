package config

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with the configuration and where it is:
// "sluice.yaml:12", "env SLUICE_LISTEN", "flag --tls-cert" or "default".
type Problem struct {
	Where   string
	Message string
}

// String is "where: message".
func (p Problem) String() string { return p.Where + ": " + p.Message }

// Problems are every problem found in a configuration, in the order found.
// As an error it prints one problem a line.
type Problems []Problem

// Error lists the problems, one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps *Problems) add(where, format string, args ...any) {
	*ps = append(*ps, Problem{Where: where, Message: fmt.Sprintf(format, args...)})
}

// err returns the problems as an error, or nil when there are none.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
