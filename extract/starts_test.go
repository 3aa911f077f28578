package extract

import (
	"regexp"
	"testing"
)

// Start tables come from the regexp: case folded, alternatives and
// optional parts followed, a lead byte consumed first when given.
func TestStartTables(t *testing.T) {
	re := regexp.MustCompile(`(?i)^(read (more|next)|see also|x?yz\b)`)
	pairs := startPairs(re, nil)
	for _, s := range []string{"re", "RE", "sE", "xy", "yz"} {
		if !pairs.has(s[0], s[1]) {
			t.Errorf("pair %q missing", s)
		}
	}
	for _, s := range []string{"ra", "sa", "zz", "e\xff"} {
		if pairs.has(s[0], s[1]) {
			t.Errorf("pair %q present", s)
		}
	}
	lead := startBytes(regexp.MustCompile(`^(/au|[?&]by=)`))
	if got := string(setBytes(lead)); got != "&/?" {
		t.Errorf("lead bytes %q, want \"&/?\"", got)
	}
	after := startPairs(regexp.MustCompile(`^(/au|[?&]by=)`), lead)
	if !after.has('a', 'u') || !after.has('b', 'y') || after.has('B', 'y') || after.has('u', 'a') {
		t.Error("pairs after the lead byte are wrong")
	}
	if got := string(setBytes(authorLeads)); got != "&/?" {
		t.Errorf("authorPath's matches start with %q, want \"&/?\"", got)
	}
}

func setBytes(s *byteSet) []byte {
	var out []byte
	for c := range byte(128) {
		if s.has(c) {
			out = append(out, c)
		}
	}
	return out
}
