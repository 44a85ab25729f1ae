package houserules

import (
	"path/filepath"
	"testing"
)

// moduleRoot is the module's root, seen from this package's directory.
const moduleRoot = "../.."

// tableFile is where the tables live, for messages.
const tableFile = "internal/houserules/tables_test.go"

// loadModule parses the whole module once per test.
func loadModule(t *testing.T) *Tree {
	t.Helper()
	tree, err := Load(filepath.FromSlash(moduleRoot), "")
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// report fails t with one line per finding.
func report(t *testing.T, findings []Finding) {
	t.Helper()
	for _, f := range findings {
		t.Error(f)
	}
}

// TestHouseRules runs every rule on the module.
func TestHouseRules(t *testing.T) {
	tree := loadModule(t)
	rules := []struct {
		name  string
		check func() []Finding
	}{
		{RuleClock, func() []Finding {
			return CheckClock(tree, ClockRule{Allowed: clockAllowed, SleepAllowed: sleepAllowed})
		}},
		{RuleLayers, func() []Finding {
			return CheckLayers(tree, LayerRule{Table: layersTable, Never: layerNever, TableFile: tableFile})
		}},
		{RulePublic, func() []Finding { return CheckPublic(tree, PublicRule{Prometheus: publicPrometheus}) }},
		{RuleDocs, func() []Finding { return CheckDocs(tree) }},
		{RuleStoreCoverage, func() []Finding { return CheckStoreCoverage(tree, "internal/store", "internal/store/storetest") }},
		{RuleFileSize, func() []Finding { return CheckFileSize(tree, MaxLines) }},
	}
	for _, r := range rules {
		t.Run(r.name, func(t *testing.T) { report(t, r.check()) })
	}
}

// TestExceptionsHaveReasons keeps the tables honest: every exception says
// why.
func TestExceptionsHaveReasons(t *testing.T) {
	for _, table := range [][]Exception{clockAllowed, sleepAllowed} {
		for _, e := range table {
			if e.Path == "" || e.Reason == "" {
				t.Errorf("exception %+v needs a path and a reason", e)
			}
		}
	}
	for _, fb := range layerNever {
		if fb.To == "" || fb.Reason == "" {
			t.Errorf("layer rule %+v needs a target and a reason", fb)
		}
	}
}
