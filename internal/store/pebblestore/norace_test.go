//go:build !race

package pebblestore_test

// raceEnabled reports a build with the race detector.
const raceEnabled = false
