//go:build race

package pebblestore_test

// raceEnabled reports a build with the race detector, which slows the
// large-backlog test tenfold.
const raceEnabled = true
