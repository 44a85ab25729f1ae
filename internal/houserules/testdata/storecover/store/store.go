// Package store declares the contract.
package store

// Base is embedded.
type Base interface {
	// Close is called by the suite.
	Close() error
}

// Store is the contract.
type Store interface {
	Base
	// Get is called by the suite.
	Get() int
	// Put is never called by the suite.
	Put(int)
}
