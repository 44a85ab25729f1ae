package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version and commit are set at link time (scripts/ldflags prints the
// flags from git describe; make build and make release pass them):
//
//	go build -ldflags "-X github.com/sluicemq/sluice/internal/cli.version=v1.2.3 -X github.com/sluicemq/sluice/internal/cli.commit=0123456789ab"
//
// When unset, the module version and VCS revision of the build info are
// used.
var version, commit string

func runVersion(_ context.Context, args []string, stdio IO) error {
	fs := newFlagSet("version", stdio)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: sluice version (or sluice --version)\n\n"+
			"Prints the version, commit, Go version and platform of this binary.\n")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(stdio.Out, buildVersion())
	return nil
}

// buildVersion describes the running binary.
func buildVersion() string {
	info, _ := debug.ReadBuildInfo()
	return versionLine(version, commit, info)
}

// versionLine describes the build: version, commit when known, Go version
// and platform. The linked values, when set, win over the build info.
func versionLine(linked, linkedCommit string, info *debug.BuildInfo) string {
	v, rev := linked, linkedCommit
	if info != nil && v == "" {
		v = info.Main.Version
	}
	if info != nil && rev == "" {
		rev = buildSetting(info, "vcs.revision")
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" && buildSetting(info, "vcs.modified") == "true" {
			rev += "-dirty"
		}
	}
	if v == "" {
		v = "(devel)"
	}
	line := "sluice " + v
	if rev != "" {
		line += " " + rev
	}
	return fmt.Sprintf("%s %s %s/%s", line, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func buildSetting(info *debug.BuildInfo, key string) string {
	for _, s := range info.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}
