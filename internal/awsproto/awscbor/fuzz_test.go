package awscbor

import (
	"encoding/hex"
	"errors"
	"testing"
)

// FuzzDecode checks that no body makes Decode panic or fail with anything
// but a *DecodeError, and that what decodes encodes and decodes again.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		"bf675265636f7264739fbf644461746143000102" + "6c506172746974696f6e4b65796161ffff" + "6a53747265616d4e616d6566" + "6f7264657273ff",
		"a16954696d657374616d70c11b000001a013accc38",
		"a16954696d657374616d70fb41d5c0b1dd9eb852",
		"a16954696d657374616d70c0781832303136" + "2d30342d30345432313a31383a34362e3438305a",
		"a16954696d657374616d70c16131",
		"a1675265636f72647381a1644461746162" + "4142",
		"a26a53747265616d4e616d6561616a" + "53747265616d4e616d656162",
		"8181818181818181818181818181818100",
		"a0a0", "f6", "", "ff", "5f41004101ff", "7f6161ff",
	} {
		b, err := hex.DecodeString(seed)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, in := range []any{&putRecordsInput{}, &iteratorInput{}, &recordsOutput{}} {
			err := Decode(body, in)
			if err != nil {
				if _, ok := errors.AsType[*DecodeError](err); !ok {
					t.Fatalf("Decode(%x) = %v, want a *DecodeError", body, err)
				}
				continue
			}
			out, err := Marshal(in)
			if err != nil {
				t.Fatalf("Marshal after Decode(%x): %v", body, err)
			}
			if err := Decode(out, in); err != nil {
				t.Fatalf("Decode(Marshal(Decode(%x))) = %v", body, err)
			}
		}
	})
}
