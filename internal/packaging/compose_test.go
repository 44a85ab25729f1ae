package packaging

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// composeFile is what the test reads of a compose file.
type composeFile struct {
	Services map[string]struct {
		Build struct {
			Context    string
			Dockerfile string
		}
		Image       string
		Environment map[string]string
		Ports       []string
		Healthcheck struct{ Test []string }
		DependsOn   map[string]struct{ Condition string } `yaml:"depends_on"`
	}
}

func parseCompose(t *testing.T, what string, data []byte) composeFile {
	t.Helper()
	var c composeFile
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return c
}

// checkBuildsSluice checks that the compose file's service builds from the
// repository's Containerfile, dir being the directory the file's paths are
// relative to, and publishes an anonymous sluice on loopback only.
func checkBuildsSluice(t *testing.T, what string, c composeFile, service, dir string) {
	t.Helper()
	s, ok := c.Services[service]
	if !ok {
		t.Fatalf("%s has no service %s", what, service)
	}
	context, err := filepath.Abs(filepath.Join(dir, s.Build.Context))
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	if context != root || s.Build.Dockerfile != "Containerfile" {
		t.Errorf("%s: %s builds %s from %s, want the repository's Containerfile", what, service, s.Build.Dockerfile, context)
	}
	if s.Environment["SLUICE_ALLOW_ANONYMOUS"] == "true" {
		for _, p := range s.Ports {
			if !strings.HasPrefix(p, "127.0.0.1:") {
				t.Errorf("%s: anonymous %s publishes %s beyond loopback", what, service, p)
			}
		}
	}
}

func TestCompose_ExampleBuildsTheContainerfile(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(repoRoot, "examples", "compose")
	data, err := os.ReadFile(filepath.Join(dir, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c := parseCompose(t, "compose.yaml", data)
	checkBuildsSluice(t, "compose.yaml", c, "sluice", dir)
	if got := c.Services["sluice"].Healthcheck.Test; !slices.Equal(got, []string{"CMD", "/sluice", "healthcheck"}) {
		t.Errorf("compose.yaml: sluice's health check is %v, want the image's, [CMD /sluice healthcheck]", got)
	}
	if got := c.Services["app"].DependsOn["sluice"].Condition; got != "service_healthy" {
		t.Errorf("compose.yaml: app waits for sluice to be %q, want service_healthy", got)
	}
}

// readmeCompose finds the compose file in README.md's Health checks.
var readmeCompose = regexp.MustCompile("(?s)```yaml\n(services:.*?)```")

func TestCompose_ReadmeSnippetBuildsTheContainerfile(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := readmeCompose.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no compose example (a yaml block starting with services:)")
	}
	c := parseCompose(t, "README.md's compose example", m[1])
	for name, s := range c.Services {
		if s.Build.Dockerfile != "" || s.Healthcheck.Test != nil {
			checkBuildsSluice(t, "README.md's compose example", c, name, repoRoot)
		}
	}
}
