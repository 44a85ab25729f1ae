package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at link time:
//
//	go build -ldflags "-X github.com/sluicemq/sluice/internal/cli.version=v1.2.3"
//
// When unset, the module version from the build info is used.
var version string

func runVersion(_ context.Context, args []string, stdio IO) error {
	fs := newFlagSet("version", stdio)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(stdio.Out, versionLine(version, info))
	return nil
}

// versionLine describes the build: version, commit when known, Go version
// and platform.
func versionLine(linked string, info *debug.BuildInfo) string {
	v, commit := linked, ""
	if info != nil {
		if v == "" {
			v = info.Main.Version
		}
		commit = buildSetting(info, "vcs.revision")
		if len(commit) > 12 {
			commit = commit[:12]
		}
		if commit != "" && buildSetting(info, "vcs.modified") == "true" {
			commit += "-dirty"
		}
	}
	if v == "" {
		v = "(devel)"
	}
	line := "sluice " + v
	if commit != "" {
		line += " " + commit
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
