package pub

import (
	"testing"

	"example.com/fixture/internal/x"
)

// A test of a public package may import internal packages.
func TestX(t *testing.T) { _ = x.X }
