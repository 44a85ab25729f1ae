package houserules

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fixtureModule is the module path of the fixtures under testdata.
const fixtureModule = "example.com/fixture"

// loadFixture parses testdata/name as a module of its own.
func loadFixture(t *testing.T, name string) *Tree {
	t.Helper()
	tree, err := Load(filepath.Join("testdata", name), fixtureModule)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// wantFindings checks that a checker found exactly want, in any order.
func wantFindings(t *testing.T, got []Finding, want ...string) {
	t.Helper()
	lines := make([]string, len(got))
	for i, f := range got {
		lines[i] = f.String()
	}
	slices.Sort(lines)
	slices.Sort(want)
	if !slices.Equal(lines, want) {
		t.Errorf("findings:\n\t%s\nwant:\n\t%s", strings.Join(lines, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestClockRuleCatches runs CheckClock on testdata/badtime.
func TestClockRuleCatches(t *testing.T) {
	got := CheckClock(loadFixture(t, "badtime"), ClockRule{
		Allowed: []Exception{
			{Path: "internal/clock", Reason: "the clock"},
			{Path: "worker/client.go", Func: "wallClock.Now", Reason: "the wall clock"},
			{Path: "worker/client.go", Func: "wallClock.After", Reason: "gone since"},
			{Path: "prod/gone.go", Reason: "a file that no longer exists"},
		},
		SleepAllowed: []Exception{{Path: "worker/worker_test.go", Func: "waitFor", Reason: "polls"}},
	})
	const rule = ` (rule "time comes from the clock")`
	wantFindings(t, got,
		"prod/alias.go:6: time.NewTicker outside the clock"+rule,
		"prod/x.go:11: time.Now outside the clock"+rule,
		"prod/x.go:14: time.Sleep outside the clock"+rule,
		"prod/x.go:17: time.Now outside the clock"+rule,
		"prod/x.go:20: clock.Real outside the clock"+rule,
		"prod/x_test.go:10: time.Sleep outside the clock"+rule,
		"worker/client.go:10: time.Now outside the clock"+rule,
		"worker/client.go: exception for wallClock.After no longer needed, remove it from the table"+rule,
		"prod/gone.go: exception no longer needed, remove it from the table"+rule,
	)
}

// TestLayerRuleCatches runs CheckLayers on testdata/layer.
func TestLayerRuleCatches(t *testing.T) {
	got := CheckLayers(loadFixture(t, "layer"), LayerRule{
		Table: map[string][]string{
			"a":    {"b"},
			"b":    {},
			"c":    {"a"},
			"gone": {},
		},
		Never: []Forbidden{
			{From: "a", To: "net/http", Reason: "a has no HTTP"},
			{Except: []string{"a"}, To: "a", Reason: "only a names a"},
		},
		TableFile: "tables.go",
	})
	const rule = ` (rule "layers as data")`
	wantFindings(t, got,
		"a/a.go:6: a imports net/http: a has no HTTP"+rule,
		"a/a.go:9: a imports c, which its line in the layer table does not allow"+rule,
		"d/d.go:2: package d is not in the layer table: add its line, with the module packages it may import, to tables.go"+rule,
		"tables.go: the layer table names gone, which has no .go files: remove its line"+rule,
		"tables.go: the layer table lets c import a: only a names a"+rule,
	)
}

// TestPublicRuleCatches runs CheckPublic on testdata/public.
func TestPublicRuleCatches(t *testing.T) {
	got := CheckPublic(loadFixture(t, "public"), PublicRule{Prometheus: []string{"prom"}})
	const rule = ` (rule "public packages stay light")`
	wantFindings(t, got,
		"pub/pub.go:5: public package pub imports github.com/cockroachdb/pebble/v2: Pebble is the server's storage, not a client's"+rule,
		"pub/pub.go:6: public package pub imports github.com/prometheus/client_golang/prometheus: only the packages the table names may depend on Prometheus"+rule,
		"pub/pub.go:8: public package pub imports example.com/fixture/internal/x: internal packages are not part of the public API"+rule,
	)
}

// TestDocRuleCatches runs CheckDocs on testdata/nodoc.
func TestDocRuleCatches(t *testing.T) {
	got := CheckDocs(loadFixture(t, "nodoc"))
	const rule = ` (rule "doc comments")`
	wantFindings(t, got,
		"a/a.go:1: package a has no package comment in any non-test file"+rule,
		"a/a.go:3: exported Undocumented has no doc comment"+rule,
		"a/a.go:8: exported T has no doc comment"+rule,
		"a/a.go:10: exported T.Method has no doc comment"+rule,
		"a/a.go:21: exported V has no doc comment"+rule,
		"a/a.go:31: exported W2 has no doc comment"+rule,
		"a/a.go:37: exported G2 has no doc comment"+rule,
	)
}

// TestStoreCoverageRuleCatches runs CheckStoreCoverage on
// testdata/storecover.
func TestStoreCoverageRuleCatches(t *testing.T) {
	got := CheckStoreCoverage(loadFixture(t, "storecover"), "store", "storetest")
	wantFindings(t, got,
		`store/store.go:16: Store.Put is never called in storetest (rule "storetest covers the store")`)
}

// TestFileSizeRuleCatches runs CheckFileSize on a file written for the
// test, one line over the limit, beside one exactly at it.
func TestFileSizeRuleCatches(t *testing.T) {
	dir := t.TempDir()
	writeLines(t, filepath.Join(dir, "big", "big.go"), MaxLines+1)
	writeLines(t, filepath.Join(dir, "big", "fits.go"), MaxLines)
	tree, err := Load(dir, fixtureModule)
	if err != nil {
		t.Fatal(err)
	}
	wantFindings(t, CheckFileSize(tree, MaxLines),
		fmt.Sprintf(`big/big.go:%d: %d lines, over %d: split the file by what its parts do (rule "files stay small")`, MaxLines+1, MaxLines+1, MaxLines))
}

// writeLines writes a Go file of n lines.
func writeLines(t *testing.T, path string, n int) {
	t.Helper()
	src := "package big\n" + strings.Repeat("\n", n-2) + "// End is the last line.\n"
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}
