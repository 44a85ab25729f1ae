package houserules

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// A Tree is the parsed Go source of a module: every .go file under its
// root except those in testdata, vendor and directories whose names start
// with "." or "_", which the go command ignores too.
type Tree struct {
	Root   string // the directory read
	Module string // the module path, such as github.com/sluicemq/sluice
	Fset   *token.FileSet
	Files  []*File // sorted by Path
}

// A File is one parsed .go file of a Tree.
type File struct {
	Path  string // slash-separated, relative to the root: "internal/queue/x.go"
	Dir   string // Path's directory, "." for the root
	Test  bool   // a _test.go file
	Lines int    // its number of lines
	AST   *ast.File
}

// Load parses every .go file under root, a module whose path is module.
// An empty module is read from root/go.mod.
func Load(root, module string) (*Tree, error) {
	if module == "" {
		m, err := modulePath(filepath.Join(root, "go.mod"))
		if err != nil {
			return nil, err
		}
		module = m
	}
	t := &Tree{Root: root, Module: module, Fset: token.NewFileSet()}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		return t.add(p)
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(t.Files, func(i, j int) bool { return t.Files[i].Path < t.Files[j].Path })
	return t, nil
}

// skipDir reports whether the go command ignores a directory of this name.
func skipDir(name string) bool {
	return name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// add parses the file at p into t.
func (t *Tree) add(p string) error {
	src, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(t.Root, p)
	if err != nil {
		return err
	}
	rel = filepath.ToSlash(rel)
	f, err := parser.ParseFile(t.Fset, rel, src, parser.ParseComments)
	if err != nil {
		return err
	}
	t.Files = append(t.Files, &File{
		Path:  rel,
		Dir:   path.Dir(rel),
		Test:  strings.HasSuffix(rel, "_test.go"),
		Lines: countLines(src),
		AST:   f,
	})
	return nil
}

// countLines counts src's lines, a last line without a newline included.
func countLines(src []byte) int {
	n := strings.Count(string(src), "\n")
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return n
}

// modulePath reads the module line of a go.mod file.
func modulePath(gomod string) (string, error) {
	src, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	for line := range strings.Lines(string(src)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}

// Line returns the line of pos.
func (t *Tree) Line(pos token.Pos) int { return t.Fset.Position(pos).Line }

// Dirs returns the directories holding .go files, sorted.
func (t *Tree) Dirs() []string {
	seen := map[string]bool{}
	var dirs []string
	for _, f := range t.Files {
		if !seen[f.Dir] {
			seen[f.Dir] = true
			dirs = append(dirs, f.Dir)
		}
	}
	sort.Strings(dirs)
	return dirs
}

// Local returns the module-relative form of an import path of t's module
// ("internal/queue"), and false for a path outside the module.
func (t *Tree) Local(importPath string) (string, bool) {
	if importPath == t.Module {
		return ".", true
	}
	rest, ok := strings.CutPrefix(importPath, t.Module+"/")
	return rest, ok
}

// importPath returns the unquoted path of an import spec.
func importPath(s *ast.ImportSpec) string {
	p, err := strconv.Unquote(s.Path.Value)
	if err != nil {
		return s.Path.Value
	}
	return p
}

// importName returns the name a file uses for the package imported from
// path, "" when the file does not import it (or imports it as _ or .).
// Without a name in the import, the package is taken to be named after
// the path's last element, as time and the module's packages are.
func importName(f *ast.File, path string) string {
	for _, s := range f.Imports {
		if importPath(s) != path {
			continue
		}
		if s.Name != nil {
			if s.Name.Name == "_" || s.Name.Name == "." {
				return ""
			}
			return s.Name.Name
		}
		return path[strings.LastIndex(path, "/")+1:]
	}
	return ""
}
