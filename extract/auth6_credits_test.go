package extract_test

import (
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/extract"
)

// Credits joined by a bare slash: a desk's initials with the agency, or
// an outlet with the agency, are one credit; a person's name beside the
// agency is still named alone.
func TestAuth6SlashCredits(t *testing.T) {
	body := `<p>` + strings.Repeat("The ferry service resumed on Monday after repairs, the operator said. ", 8) + `</p>`
	cases := map[string]string{
		`<h1>Ferry back</h1><p>Von: kel/apa</p>` + body:                                                    "kel/apa",
		`<h1>Ferry back</h1><p class="byline"><a href="/author/x">Reuters/The Harbour Post</a></p>` + body: "Reuters/The Harbour Post",
		`<h1>Ferry back</h1><p>Von Tanja Wolf/dpa</p>` + body:                                              "Tanja Wolf",
		`<h1>Ferry back</h1><p>By Ann Lee / Bo Chan</p>` + body:                                            "Ann Lee;Bo Chan",
	}
	for page, want := range cases {
		a, err := extract.Parse([]byte(`<title>Ferry back</title><body>`+page), extract.Options{URL: "https://news.example/a", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(a.Authors, ";"); got != want {
			t.Errorf("authors = %q, want %q for %.90q…", got, want, page)
		}
	}
}
