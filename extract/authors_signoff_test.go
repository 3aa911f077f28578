package extract_test

import (
	"strings"
	"testing"
)

// A wire story prints no byline over its text: its reporters are named in
// the sign-off under it, beside the editors, who are not its authors.
// Additional reporting, the places they filed from, and an agency's name
// in the page's byline give way to the names.
func TestSignoffAuthors(t *testing.T) {
	text := strings.Repeat("<p>Grain exports resumed on Sunday after farmers ended a blockade of the border crossing, officials said.</p>", 5)
	cases := map[string]string{
		`(Reporting by Jane Doe and John Roe; Editing by Max Poe)`:                                         "Jane Doe;John Roe",
		`Reporting by Jane Doe in Kyiv, John Roe in Warsaw, with reporting by Ann Lee; editing by Max Poe`: "Jane Doe;John Roe",
		`(Writing by Jane Doe. Editing by Max Poe)`:                                                        "Jane Doe",
		`Additional reporting by Ann Lee`:                                                                  "",
	}
	for signoff, want := range cases {
		page := `<title>Border reopens</title><body><article><h1>Border reopens</h1><p class="byline">Reuters</p>` + text + `<p>` + signoff + `</p></article>`
		a := parseAt(t, "https://wire.example/world/border-reopens-2023-12-24/", page)
		got := strings.Join(a.Authors, ";")
		if want == "" {
			if strings.Contains(got, "Ann Lee") {
				t.Errorf("%q: authors %q, want no Ann Lee", signoff, got)
			}
			continue
		}
		if got != want {
			t.Errorf("%q: authors %q, want %q", signoff, got, want)
		}
	}
}
