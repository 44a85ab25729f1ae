package config

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
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

// Problems are every problem found in a configuration. As an error it
// prints one problem a line; Read returns them sorted (see Sort).
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

// Sort orders the problems as a reader fixes them: those of the file by
// line, then those of environment variables, then of flags, then any
// other; the order found within each.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		ka, la := placeOf(a.Where)
		kb, lb := placeOf(b.Where)
		return cmp.Or(cmp.Compare(ka, kb), cmp.Compare(la, lb))
	})
}

// Places of a problem, in the order Sort puts them.
const (
	placeFile = iota
	placeEnv
	placeFlag
	placeOther
)

// placeOf returns where's place and, in a file ("sluice.yaml:12"), its line.
func placeOf(where string) (place, line int) {
	switch {
	case strings.HasPrefix(where, "env "):
		return placeEnv, 0
	case strings.HasPrefix(where, "flag "):
		return placeFlag, 0
	}
	if i := strings.LastIndexByte(where, ':'); i >= 0 {
		if n, err := strconv.Atoi(where[i+1:]); err == nil {
			return placeFile, n
		}
	}
	if where == "default" {
		return placeOther, 0
	}
	return placeFile, 0 // the file as a whole ("read configuration: ...")
}

// err returns the problems as an error, or nil when there are none.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
