// Package d is missing from the table.
package d

// D is a value.
const D = 1
