// Package a's comment in a test file does not count.
package a

func Exported() {}
