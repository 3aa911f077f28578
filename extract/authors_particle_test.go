package extract_test

import (
	"strings"
	"testing"
)

// Some languages write "by" with a short word that is a name or a name's
// particle elsewhere: Swahili "Na", Tagalog "Ni", Romanian "de", Catalan
// "Per". The page's language decides; a Swedish "Per" stays a first name.
func TestBylineParticleByLanguage(t *testing.T) {
	text := strings.Repeat("<p>The council approved the new tram line on Monday after a long debate about its cost and its route through the old town.</p>", 4)
	cases := []struct{ lang, line, want string }{
		{"sw", "Na Juma Mwangi", "Juma Mwangi"},
		{"tl", "Ni Maria Santos", "Maria Santos"},
		{"ro", "de Andreea Popescu", "Andreea Popescu"},
		{"ca-ES", "Per Jordi Puig", "Jordi Puig"},
		{"sv", "Per Olof Andersson", ""},
		{"en", "Na Young-hee Kim", ""},
		{"sw", "Na leo mvua", ""},
	}
	for _, c := range cases {
		page := `<html lang="` + c.lang + `"><head><title>Tram line approved</title></head><body><article><h1>Tram line approved</h1><p class="writer">` + c.line + `</p><div class="text">` + text + `</div></article></body></html>`
		a := parseAt(t, "https://news.example/city/2025/11/03/tram", page)
		if got := strings.Join(a.Authors, ";"); got != c.want {
			t.Errorf("%s %q: authors %q, want %q", c.lang, c.line, got, c.want)
		}
		if c.want != "" && strings.Contains(a.Body, c.line) {
			t.Errorf("%s %q: byline left in the body", c.lang, c.line)
		}
	}
}
