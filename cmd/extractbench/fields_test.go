package main

import (
	"slices"
	"testing"
)

func TestTextExact(t *testing.T) {
	tests := []struct {
		gold, pred string
		want       bool
	}{
		{"Trump’s “deal” — a review", `Trump's "deal" - a review`, true},
		{"Pre‐war – post‑war", "Pre-war - post-war", true},
		{"«Bonjour»", `"Bonjour"`, true},
		{"  Two\n\tlines  ", "Two lines", true},
		{"Ｆｕｌｌｗｉｄｔｈ １２", "Fullwidth 12", true},      // NFKC
		{"ﬁnance", "finance", true},                 // NFKC ligature
		{"Non\u00a0breaking", "Non breaking", true}, // NBSP
		{"Case Matters", "case matters", false},     // exact keeps case
		{"London Daily | Headline", "Headline", false},
		{"", "", true},
	}
	for _, tt := range tests {
		if got := textExact(tt.gold, tt.pred); got != tt.want {
			t.Errorf("textExact(%q, %q) = %v, want %v (normal forms %q, %q)",
				tt.gold, tt.pred, got, tt.want, normalizeText(tt.gold), normalizeText(tt.pred))
		}
	}
}

func TestTokenF1(t *testing.T) {
	tests := []struct {
		gold, pred string
		want       float64
	}{
		{"Case Matters", "case matters", 1},
		{"a b c d e f g h i j", "a b c d e f g h i j | Site", 2 * (10.0 / 11) * 1 / (10.0/11 + 1)},
		{"one two", "", 0},
		{"", "one", 0},
		{"", "", 1},
		{"the the cat", "the cat cat", 2.0 / 3},
	}
	for _, tt := range tests {
		if got := tokenF1(tt.gold, tt.pred); abs(got-tt.want) > 1e-12 {
			t.Errorf("tokenF1(%q, %q) = %v, want %v", tt.gold, tt.pred, got, tt.want)
		}
	}
	// The 0.9 threshold: one extra word on a ten-word headline passes,
	// a site suffix of two words does not.
	if f := tokenF1("a b c d e f g h i j", "a b c d e f g h i j k"); f < f1Threshold {
		t.Errorf("one extra word: F1 %v below threshold", f)
	}
	if f := tokenF1("a b c d e f g h", "a b c d e f g h London Daily"); f >= f1Threshold {
		t.Errorf("site suffix: F1 %v reaches threshold", f)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestDateMatch(t *testing.T) {
	tests := []struct {
		pred, gold string
		alts       []string
		want       bool
	}{
		{"2023-03-07T22:30:00-05:00", "2023-03-07", nil, true}, // the page's own day, not UTC
		{"2023-03-08T03:30:00Z", "2023-03-07", nil, false},
		{"2023-03-07", "2023-03-07", nil, true},
		{"2022-03-07", "2023-03-07", []string{"2022-03-07"}, true},
		{"2021-03-07", "2023-03-07", []string{"2022-03-07"}, false},
		{"", "2023-03-07", []string{""}, false}, // missing is wrong
		{"March 7, 2023", "2023-03-07", nil, false},
		{" 2023-03-07T10:00:00+01:00", "2023-03-07", nil, true},
	}
	for _, tt := range tests {
		if got := dateMatch(tt.pred, tt.gold, tt.alts); got != tt.want {
			t.Errorf("dateMatch(%q, %q, %q) = %v, want %v", tt.pred, tt.gold, tt.alts, got, tt.want)
		}
	}
}

func TestAuthorSet(t *testing.T) {
	tests := []struct {
		in   []string
		want []string
	}{
		{[]string{"Chris E. Hayner,  Tom Caswell"}, []string{"chris e. hayner", "tom caswell"}},
		{[]string{"Ann Lee and Bo Park"}, []string{"ann lee", "bo park"}},
		{[]string{"Ann Lee AND Bo Park"}, []string{"ann lee", "bo park"}}, // lower-cased before splitting
		{[]string{"Ann Lee & Bo Park; Cy Dunn"}, []string{"ann lee", "bo park", "cy dunn"}},
		{[]string{"Bo Park", "ann lee", "BO PARK"}, []string{"ann lee", "bo park"}},
		{[]string{"Alexandra Sandoval"}, []string{"alexandra sandoval"}}, // "and" inside a name stays
		{[]string{" ", ","}, nil},
		{nil, nil},
	}
	for _, tt := range tests {
		if got := authorSet(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("authorSet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !authorsMatch([]string{"Ann Lee, Bo Park"}, []string{"Bo Park", "Ann  Lee"}) {
		t.Error("split gold should match separate predicted names")
	}
	if authorsMatch([]string{"Ann Lee"}, []string{"Ann Lee", "Staff"}) {
		t.Error("an extra predicted name should not match")
	}
	if authorsMatch([]string{"Ann Lee"}, nil) {
		t.Error("no prediction should not match")
	}
}

func TestSnippetCounts(t *testing.T) {
	body := "First paragraph   with\nodd spacing.\n\nSecond one."
	found, absent := snippetCounts(body,
		[]string{"paragraph with odd spacing", "Second  one", "missing text"},
		[]string{"Subscribe now", "First paragraph"})
	if found != 2 || absent != 1 {
		t.Errorf("found %d absent %d, want 2 and 1", found, absent)
	}
}
