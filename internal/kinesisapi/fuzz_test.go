package kinesisapi

import "testing"

func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{`1459799926.480`, `"2016-04-04T19:58:46.480Z"`, `1.45979992648E9`, `-1.5`, `"x"`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var ts Timestamp
		if ts.UnmarshalJSON([]byte(in)) != nil {
			return
		}
		out, err := ts.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var again Timestamp
		if err := again.UnmarshalJSON(out); err != nil || again.EpochMillis() != ts.EpochMillis() {
			t.Fatalf("%s -> %s -> %d, %v; want %d", in, out, again.EpochMillis(), err, ts.EpochMillis())
		}
	})
}
