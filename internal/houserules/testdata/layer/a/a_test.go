package a

import (
	"testing"

	"example.com/fixture/d"
)

// A test may import what it likes.
func TestD(t *testing.T) { _ = d.D }
