// Package houserules checks the house rules of this module by reading its
// source (go/parser and go/ast, nothing compiled), so that they hold
// themselves instead of living in a reviewer's memory. Its test,
// houserules_test.go, runs every check on the whole module under
// `go test ./...`.
//
// Like the go command, it skips directories named testdata or vendor or
// starting with "." or "_"; its own fixtures, which break every rule,
// live in testdata.
//
// The rules, each checked by one function that takes a [Tree] and returns
// a [Finding] for each breach:
//
//   - "time comes from the clock" ([CheckClock]): production code reads
//     time only through internal/clock; no time.Now, time.Since,
//     time.Until, time.Sleep, time.After, time.Tick, time.NewTimer,
//     time.NewTicker or time.AfterFunc, and no clock.Real, outside the
//     places allowed. Any reference counts, called or not (time.Now passed
//     as a func is still the wall clock). In _test.go files only
//     time.Sleep is forbidden: tests may read real time for watchdog
//     deadlines, but an order of events is forced with a signal, never a
//     sleep.
//   - "layers as data" ([CheckLayers]): each package imports only the
//     module packages its entry in a table allows, and no import breaks a
//     layering rule of docs/DESIGN.md (layerNever, which the table may
//     not contradict either). Imports of _test.go files are
//     exempt (tests build real stores and servers); the compiler still
//     rejects cycles.
//   - "public packages stay light" ([CheckPublic]): packages outside
//     internal/ and cmd/ import nothing from internal/ nor Pebble, and
//     Prometheus only where allowed (test files exempt).
//   - "doc comments" ([CheckDocs]): every package has a package comment
//     in a non-test file and every exported top-level name of a non-test
//     file has a doc comment (a grouped const or var may share the group's).
//   - "storetest covers the store" ([CheckStoreCoverage]): every method of
//     every interface of internal/store is called by name in
//     internal/store/storetest.
//   - "files stay small" ([CheckFileSize]): no .go file, tests included,
//     over [MaxLines] lines.
//
// To add an exception, add an [Exception] to the rule's table in
// tables_test.go, with a reason: a file (or a directory for a whole
// package) and, to be narrower, the top-level function or method
// ("wallClock.Now") it covers. An entry naming a file that no longer
// needs it fails the test, so fixed code drops out of the table. A debt
// to pay back has a reason starting "to fix:". A new package needs its
// line in the layer table, layersTable in tables_test.go.
package houserules
