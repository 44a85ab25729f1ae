// Package x is internal, free to import anything.
package x

import "github.com/cockroachdb/pebble/v2"

// X uses Pebble.
var X = pebble.Open
