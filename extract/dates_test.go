package extract

import "testing"

func TestParseDateShapes(t *testing.T) {
	cases := map[string]string{
		"2026-11-25T08:30:00+01:00":             "2026-11-25T08:30:00+01:00",
		"2022-1-26T14:32:06+02:00":              "2022-01-26T14:32:06+02:00", // no zero padding
		"Tue Jan 28 15:28:56 CET 2020":          "2020-01-28",                // Java Date.toString: named zone, day only
		"Von Deutscher Tennis Bund 4. 2. 2022.": "2022-02-04",
		"25.11.2026":                            "2026-11-25",
		"11/25/2026":                            "2026-11-25",
	}
	for in, want := range cases {
		if got := parseDate(in); got != want {
			t.Errorf("parseDate(%q) = %q, want %q", in, got, want)
		}
	}
}
