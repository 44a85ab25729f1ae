package sigv4

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sluicemq/sluice/internal/clock/clocktest"
)

// TestSigningSuite verifies the requests of the AWS SigV4 test suite
// (testdata/suite: the cases for services that normalize paths, each
// signed in the header and in the query), which were signed independently
// of the Go SDK. get-space-normalized is left out: its request line holds a
// raw space, which HTTP/1.1 cannot carry.
func TestSigningSuite(t *testing.T) {
	t.Parallel()
	v := New(StaticCredentials{"AKIDEXAMPLE": {Secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Account: testAccount}},
		clocktest.New(time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)), Options{})
	files, err := filepath.Glob("testdata/suite/*/*-signed-request.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no suite files: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(filepath.Dir(file)) + "/" + strings.TrimSuffix(filepath.Base(file), "-signed-request.txt")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			wire, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r := parseWire(t, wire)
			_, err = v.Verify(r, bodyOf(t, r))
			if got, want := codeOf(err), suiteRefusals[name]; got != want || (err != nil && want == "") {
				t.Fatalf("Verify = %v, want code %q", err, want)
			}
		})
	}
}

// suiteRefusals are the suite's requests that Verify refuses on purpose:
// post-sts-header-after adds the session token after signing, and every
// x-amz-* header and every query parameter must be signed here.
var suiteRefusals = map[string]Code{
	"post-sts-header-after/header": IncompleteSignature,
	"post-sts-header-after/query":  SignatureDoesNotMatch,
}
