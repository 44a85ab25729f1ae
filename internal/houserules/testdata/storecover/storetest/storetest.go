// Package storetest is the suite.
package storetest

import "example.com/fixture/store"

// Run calls some of the contract.
func Run(s store.Store) {
	_ = s.Get()
	defer s.Close()
}
