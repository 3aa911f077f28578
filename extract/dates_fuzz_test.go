package extract

import (
	"testing"
	"time"
)

// Dates come from any page's metadata and text: the parsers must return
// "" or a well-formed, plausible date, never panic.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2026-11-25T08:30:00+01:00", "2026-11-25", "Wed, 25 Nov 2026 08:30:00 EST", "November 25, 2026",
		"25. November 2026", "25/11/2026 08:30", "20261125", "1. 2. 3. 4.", "2026-13-45T99:99", "Von Ann | 31.10.23", "23.09.22 - 4 min",
		"5 января 2022 г.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, fn := range map[string]func(string) string{"parseDate": parseDate, "parseLooseDate": parseLooseDate, "shortYearDay": shortYearDay} {
			got := fn(s)
			if got == "" {
				continue
			}
			d, err := time.Parse(rfcOffset, got)
			if err != nil {
				if d, err = time.Parse("2006-01-02", got); err != nil {
					t.Fatalf("%s(%q) = %q: not a date: %v", name, s, got, err)
				}
			}
			if !plausible(d) {
				t.Fatalf("%s(%q) = %q: implausible year", name, s, got)
			}
		}
	})
}
