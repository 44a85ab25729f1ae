package stream

import "testing"

func TestSplitEvenly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n      int
		ranges [][2]string
	}{
		{1, [][2]string{{"0", "340282366920938463463374607431768211455"}}},
		{2, [][2]string{
			{"0", "170141183460469231731687303715884105727"},
			{"170141183460469231731687303715884105728", "340282366920938463463374607431768211455"},
		}},
		{3, [][2]string{
			{"0", "113427455640312821154458202477256070484"},
			{"113427455640312821154458202477256070485", "226854911280625642308916404954512140969"},
			{"226854911280625642308916404954512140970", "340282366920938463463374607431768211455"},
		}},
	}
	for _, tt := range tests {
		got := splitEvenly(tt.n)
		if len(got) != tt.n {
			t.Fatalf("splitEvenly(%d) has %d ranges", tt.n, len(got))
		}
		for i, r := range got {
			if lo, hi := hashKeyString(r[0]), hashKeyString(r[1]); lo != tt.ranges[i][0] || hi != tt.ranges[i][1] {
				t.Errorf("splitEvenly(%d)[%d] = [%s, %s], want %v", tt.n, i, lo, hi, tt.ranges[i])
			}
		}
	}
}

func TestPartitionHashKey(t *testing.T) {
	t.Parallel()
	// MD5 digests of the keys, read as unsigned big-endian numbers.
	vectors := map[string]string{
		"a":           "16955237001963240173058271559858726497",
		"partition-1": "198019941650871988756153596255032211816",
		"hello":       "123957004363873451094272536567338222994",
	}
	for key, want := range vectors {
		if got := hashKeyString(partitionHashKey(key)); got != want {
			t.Errorf("hash key of %q = %s, want %s", key, got, want)
		}
	}
}

func TestParseHashKey(t *testing.T) {
	t.Parallel()
	good := []string{"0", "1", "340282366920938463463374607431768211455"}
	for _, s := range good {
		k, ok := parseHashKey(s)
		if !ok || hashKeyString(k) != s {
			t.Errorf("parseHashKey(%q) = %s, %v", s, hashKeyString(k), ok)
		}
	}
	bad := []string{"", "-1", "340282366920938463463374607431768211456", "1e5", " 1", "99999999999999999999999999999999999999999"}
	for _, s := range bad {
		if _, ok := parseHashKey(s); ok {
			t.Errorf("parseHashKey(%q) accepted", s)
		}
	}
}
