// Package packaging holds the tests of what sluice ships, run from the
// repository as a user would: scripts/release cross-builds static binaries
// stamped with a version (release_test.go), the Containerfile builds an
// image whose binary serves SQS from its exported file system
// (image_test.go), and the compose example builds from that Containerfile
// (compose_test.go).
//
// The image test needs podman; without it the test is skipped, unless
// SLUICE_REQUIRE_PODMAN=1 (as CI sets) makes that a failure. It builds the
// Containerfile's "prebuilt" stage from the release binary the host built,
// so it needs neither a registry nor a second module download; the shipped
// stage on top is the same either way.
package packaging
