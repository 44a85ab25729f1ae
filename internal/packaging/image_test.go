package packaging

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// maxImageSize is the most the image may weigh, uncompressed.
const maxImageSize = 30 << 20

// imageTag names the image the test builds, in its own storage.
const imageTag = "localhost/sluice:packaging-test"

// imageConfig is what the test reads of "podman image inspect".
type imageConfig struct {
	Architecture string
	Size         int64
	Config       struct {
		User         string
		Env          []string
		Entrypoint   []string
		Cmd          []string
		ExposedPorts map[string]struct{}
		Volumes      map[string]struct{}
		Labels       map[string]string
	}
	Healthcheck struct{ Test []string }
}

// TestImage_ServesFromItsExportedFileSystem builds the image, checks its
// configuration and size, exports its file system and runs the binary in
// it as the image would: the default refuses to serve anonymously beyond
// loopback, and with credentials it serves /healthz, passes its own health
// check and an SQS round trip.
func TestImage_ServesFromItsExportedFileSystem(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the image's binary runs on linux only")
	}
	p := newPodman(t)
	binary := filepath.Join(release(t), "sluice-linux-"+runtime.GOARCH)
	if !fileExists(binary) {
		t.Skipf("the release has no linux/%s binary", runtime.GOARCH)
	}
	revision := gitHead(t)
	buildImage(t, p, binary, revision)
	img := inspectImage(t, p)
	checkImageConfig(t, img, revision)
	rootfs, owners := exportImage(t, p)
	checkRootFS(t, rootfs, owners, binary, img.Config.User)

	sluice := filepath.Join(rootfs, "sluice")
	checkRefusesAnonymous(t, sluice, img)
	checkServes(t, sluice, img)
}

// buildImage builds the Containerfile's "prebuilt" variant from binary,
// without pulling anything.
func buildImage(t *testing.T, p *podman, binary, revision string) {
	t.Helper()
	context := filepath.Join(workDir, "image-context")
	if err := os.MkdirAll(filepath.Join(context, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, binary, filepath.Join(context, "sluice"), 0o755)
	containerfile, err := filepath.Abs(filepath.Join(repoRoot, "Containerfile"))
	if err != nil {
		t.Fatal(err)
	}
	p.run(t, "build", "--quiet", "--format", "docker", "--pull=never",
		"--target", "prebuilt", "--build-arg", "VERSION="+releaseVersion, "--build-arg", "COMMIT="+revision,
		"--tag", imageTag, "--file", containerfile, context)
}

func inspectImage(t *testing.T, p *podman) imageConfig {
	t.Helper()
	var imgs []imageConfig
	if err := json.Unmarshal(p.run(t, "image", "inspect", imageTag), &imgs); err != nil || len(imgs) != 1 {
		t.Fatalf("podman image inspect: %d images, %v", len(imgs), err)
	}
	return imgs[0]
}

func checkImageConfig(t *testing.T, img imageConfig, revision string) {
	t.Helper()
	t.Logf("image: %d bytes (%.1f MiB) uncompressed", img.Size, float64(img.Size)/(1<<20))
	if img.Size <= 0 || img.Size >= maxImageSize {
		t.Errorf("image size %d bytes, want under %d (30 MiB)", img.Size, maxImageSize)
	}
	c := img.Config
	uid, _, _ := strings.Cut(c.User, ":")
	if n, err := strconv.Atoi(uid); err != nil || n == 0 {
		t.Errorf("image user %q, want a numeric UID other than root", c.User)
	}
	for _, kv := range []string{"SLUICE_LISTEN=0.0.0.0:4566", "SLUICE_DATA_DIR=/data"} {
		if !slices.Contains(c.Env, kv) {
			t.Errorf("image env %v lacks %s", c.Env, kv)
		}
	}
	if _, ok := c.ExposedPorts["4566/tcp"]; !ok {
		t.Errorf("image exposes %v, want 4566/tcp", c.ExposedPorts)
	}
	if _, ok := c.Volumes["/data"]; !ok {
		t.Errorf("image volumes %v, want /data", c.Volumes)
	}
	if !slices.Equal(c.Entrypoint, []string{"/sluice"}) || !slices.Equal(c.Cmd, []string{"serve"}) {
		t.Errorf("image runs %v %v, want [/sluice] [serve]", c.Entrypoint, c.Cmd)
	}
	if !slices.Equal(img.Healthcheck.Test, []string{"CMD", "/sluice", "healthcheck"}) {
		t.Errorf("image health check %v, want [CMD /sluice healthcheck]", img.Healthcheck.Test)
	}
	for k, want := range map[string]string{"org.opencontainers.image.title": "sluice",
		"org.opencontainers.image.version": releaseVersion, "org.opencontainers.image.revision": revision,
		"org.opencontainers.image.source": "https://github.com/sluicemq/sluice"} {
		if got := c.Labels[k]; got != want {
			t.Errorf("image label %s = %q, want %q", k, got, want)
		}
	}
	if img.Architecture != runtime.GOARCH {
		t.Errorf("image architecture %s, want %s", img.Architecture, runtime.GOARCH)
	}
}

// exportImage exports the file system of a container made from the image
// (not started) and unpacks it; it returns the directory holding it and
// the owner ("uid:gid") of each entry.
func exportImage(t *testing.T, p *podman) (string, map[string]string) {
	t.Helper()
	id := strings.TrimSpace(string(p.run(t, "create", "--no-healthcheck", imageTag)))
	archive := filepath.Join(workDir, "rootfs.tar")
	p.run(t, "export", "--output", archive, id)
	p.run(t, "rm", "--volumes", id)
	info, err := os.Stat(archive)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("exported file system: %d bytes (%.1f MiB)", info.Size(), float64(info.Size())/(1<<20))
	if info.Size() >= maxImageSize {
		t.Errorf("exported file system %d bytes, want under %d (30 MiB)", info.Size(), maxImageSize)
	}
	rootfs := filepath.Join(workDir, "rootfs")
	return rootfs, unpack(t, archive, rootfs)
}

// unpack writes the regular files and directories of a tar archive under
// dir and returns the owner ("uid:gid") of each entry by its path.
func unpack(t *testing.T, archive, dir string) map[string]string {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	owners := map[string]string{}
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return owners
		}
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Clean(strings.TrimPrefix(h.Name, "/"))
		if strings.HasPrefix(name, "..") {
			t.Fatalf("archive entry %q leaves the file system", h.Name)
		}
		owners[name] = strconv.Itoa(h.Uid) + ":" + strconv.Itoa(h.Gid)
		writeEntry(t, tr, h, filepath.Join(dir, name))
	}
}

// writeEntry writes one directory or regular file of an archive.
func writeEntry(t *testing.T, r io.Reader, h *tar.Header, path string) {
	t.Helper()
	switch h.Typeflag {
	case tar.TypeDir:
		if err := os.MkdirAll(path, 0o755); err != nil {
			t.Fatal(err)
		}
	case tar.TypeReg:
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, h.FileInfo().Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// checkRootFS checks that the file system holds the release binary,
// executable, and a /data directory the image's user owns.
func checkRootFS(t *testing.T, rootfs string, owners map[string]string, binary, user string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(rootfs, "sluice"))
	if err != nil {
		t.Fatalf("the image has no /sluice: %v", err)
	}
	want, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the image's /sluice (%d bytes) is not the release binary (%d bytes)", len(got), len(want))
	}
	if info, err := os.Stat(filepath.Join(rootfs, "sluice")); err != nil || info.Mode().Perm()&0o111 == 0 {
		t.Errorf("the image's /sluice is not executable: %v %v", info.Mode(), err)
	}
	if info, err := os.Stat(filepath.Join(rootfs, "data")); err != nil || !info.IsDir() {
		t.Fatalf("the image has no /data directory: %v", err)
	}
	if owners["data"] != user {
		t.Errorf("the image's /data is owned by %q, not by its user %s", owners["data"], user)
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, mode); err != nil {
		t.Fatal(err)
	}
}
