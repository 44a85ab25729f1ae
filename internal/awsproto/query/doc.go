// Package query is the AWS query protocol codec: form parameters in, XML
// out. It decodes a request's form into a wire struct and encodes a wire
// struct as the <ActionResponse> document, following the struct tags that
// package awsproto documents:
//
//	query:"Name"             member name; without a tag, the Go field name
//	query:"Name,map=K/V"     a map, as Name.N.K / Name.N.V
//	query:"-"                not part of the query protocol
//
// Forms. A scalar is Name=value. A slice is flattened: Name.1, Name.2, ...
// and a slice of structs nests its members, Name.1.Member. A map is a
// flattened list of entries, Name.N.K=key and Name.N.V=value, and a struct
// value nests its members under the value name, Name.N.V.Member. Nested
// structs nest the same way, Outer.Member. Indexes start at 1, have no
// leading zeros and leave no gaps. Parameters the struct does not name
// (Action, Version, signature parameters) are ignored, and when a key is
// repeated only its first value counts.
//
// Supported member types: string, bool, the integer kinds, float64, []byte
// (base64), structs, pointers to any of these, slices of them and maps from
// string to them. A pointer member stays nil when the form does not carry
// it; an empty value for a number or bool counts as absent.
//
// XML. Members are written in field order, each as <Name>value</Name>.
// Slices repeat <Name> once per element; maps repeat
// <Name><K>key</K><V>value</V></Name> in key order. Nil pointers are left
// out, and so are strings, []byte, slices and maps that are empty and not
// behind a pointer; numbers and bools are always written, so a false
// SenderFault still appears (make a member a pointer to leave it out).
// Text is escaped by encoding/xml. EncodeForm writes a form by the same
// rules, so that tests can build requests from wire structs.
//
// This package knows nothing of HTTP routing or of AWS error tables: Decode
// returns a *DecodeError that says which parameter was wrong and why, and the
// caller turns it into the AWS error it sends.
package query
