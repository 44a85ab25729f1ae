// Package b imports nothing.
package b

// B is a value.
const B = 1
