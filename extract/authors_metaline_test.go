package extract_test

import (
	"strings"
	"testing"
)

// A static blog theme writes its post's meta line without "By": the
// date, the reading time and the writer's name, parted by middle dots.
// The reading time marks the line; a section's or a button's word in it
// names no one.
func TestMetaLineAuthor(t *testing.T) {
	text := strings.Repeat("<p>The tram extension opened on Saturday, three months late, and carried about 11,000 passengers.</p>", 5)
	cases := map[string]string{
		`<div class="post-meta">1 September 2025 · 4 min · Tom Ellery</div>`:           "Tom Ellery",
		`<div class="post-meta">Tom Ellery | 7 min read | Sep 1, 2025</div>`:           "Tom Ellery",
		`<div class="post-meta">4 min · Local Transport</div>`:                         "",
		`<div class="post-meta">1 September 2025 · 4 min · Share · Print</div>`:        "",
		`<div class="post-meta">4 min · Tom Ellery · Ann Lee · 1 September 2025</div>`: "",
	}
	for line, want := range cases {
		page := `<title>Tram extension opens</title><body><article><header><h1>Tram extension opens</h1>` + line + `</header>` + text + `</article>`
		a := parseAt(t, "https://blog.example/posts/tram/", page)
		if got := strings.Join(a.Authors, ";"); got != want {
			t.Errorf("%q: authors %q, want %q", line, got, want)
		}
	}
}
