package config

import (
	"errors"
	"strings"
	"testing"
)

func TestLoad_ConsoleSettings(t *testing.T) {
	t.Parallel()
	if c := mustLoad(t, "", nil, nil); !c.ConsoleEnabled || c.ConsolePath != DefaultConsolePath {
		t.Errorf("defaults: enabled %v, path %q; want true, %q", c.ConsoleEnabled, c.ConsolePath, DefaultConsolePath)
	}
	c := mustLoad(t, "console:\n  enabled: true\n  path: /ops/sluice/\n", []string{"--console=false"}, nil)
	if c.ConsoleEnabled || c.ConsolePath != "/ops/sluice/" || c.Origin("console.enabled") != "flag --console" {
		t.Errorf("flag over file: enabled %v (%s), path %q", c.ConsoleEnabled, c.Origin("console.enabled"), c.ConsolePath)
	}
	if c := mustLoad(t, "", nil, map[string]string{"SLUICE_CONSOLE": "false"}); c.ConsoleEnabled {
		t.Error("SLUICE_CONSOLE=false left the console on")
	}
	if c := mustLoad(t, "", []string{"--console-path", "/ui/"}, nil); c.ConsolePath != "/ui/" {
		t.Errorf("--console-path: path %q", c.ConsolePath)
	}
}

func TestRead_ConsolePathProblems(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]string{
		"console":        "want segments",
		"/console":       "want segments",
		"/":              "want segments",
		"/a b/":          "want segments",
		"/admin/api/x/":  "/admin is sluice's own",
		"/metrics/":      "/metrics is sluice's own",
		"/000000000000/": "would hide the queue URLs of account 000000000000",
	} {
		c, err := load(t, "console:\n  path: "+path+"\n", nil, nil)
		if err != nil {
			t.Fatalf("Load %q: %v", path, err)
		}
		var ps Problems
		if !errors.As(c.Validate(), &ps) || len(ps) != 1 || !strings.Contains(ps[0].Message, want) || !strings.HasSuffix(ps[0].Where, "sluice.yaml:2") {
			t.Errorf("console path %q: problems %v, want one at sluice.yaml:2 saying %q", path, ps, want)
		}
	}
	if c, _ := load(t, "console:\n  enabled: false\n  path: nonsense\n", nil, nil); c.Validate() != nil {
		t.Errorf("a disabled console's path is checked: %v", c.Validate())
	}
}
