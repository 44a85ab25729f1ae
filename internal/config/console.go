package config

import (
	"fmt"
	"regexp"
	"strings"
)

// DefaultConsolePath is where the web console is served by default.
const DefaultConsolePath = "/console/"

// consolePathRE is a path of one or more segments, ending in "/".
var consolePathRE = regexp.MustCompile(`^(/[A-Za-z0-9._~-]+)+/$`)

// reservedPaths are served by sluice itself; the console may not hide
// them.
var reservedPaths = []string{"/admin/", "/healthz/", "/readyz/", "/metrics/"}

// CheckConsolePath says why path cannot be the web console's, or nil: it
// must be one or more segments ending in "/", such as /console/ or
// /ops/sluice/, and must not hide the admin API, the health and metrics
// endpoints or queue URLs (a first segment of 12 digits is an account).
func CheckConsolePath(path string) error {
	if !consolePathRE.MatchString(path) {
		return fmt.Errorf("console path %q: want segments of letters, digits, '.', '_', '~' or '-', starting and ending with /, such as /console/", path)
	}
	for _, r := range reservedPaths {
		if strings.HasPrefix(path, r) {
			return fmt.Errorf("console path %q: %s is sluice's own", path, strings.TrimSuffix(r, "/"))
		}
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if accountRE.MatchString(first) {
		return fmt.Errorf("console path %q: a first segment of 12 digits would hide the queue URLs of account %s", path, first)
	}
	return nil
}
