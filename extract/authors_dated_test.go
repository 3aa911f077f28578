package extract_test

import (
	"testing"
)

// A blog template prints the day and the writer on one line, the day
// first: "Posted on <date> by <name> in <category>".
func TestDatedBylineLine(t *testing.T) {
	body := `<p>The ferry will run two extra Sunday evening sailings this summer, the operator announced on Tuesday, after residents complained that the last boat left too early.</p><p>From 1 June, boats will leave the north pier at 19:30 and 21:00 on Sundays, returning half an hour later.</p>`
	for _, c := range []struct{ line, want string }{
		{`Posted on May 14, 2024 by Graham Whitfield in <a href="/news">News</a>`, "Graham Whitfield"},
		{`May 14, 2024 by Graham Whitfield · <a href="#comments">3 Comments</a>`, "Graham Whitfield"},
		{`Veröffentlicht am 14. Mai 2024 von Anna Berger <a href="#c">Ein Kommentar</a>`, "Anna Berger"},
		{`Publié le 14 mai 2024 par Claire Dubois`, "Claire Dubois"},
		{`Radiobeitrag vom 14.05.2024 von Anna Berger für Himmel und Erde`, ""},
	} {
		page := `<html><body><div class="post"><h2>Summer ferry timetable adds Sunday evening sailings</h2><div class="post-meta">` + c.line + `</div><div class="entry">` + body + `</div></div></body></html>`
		a := parseAt(t, "https://blog.example/2024/05/14/ferry/", page)
		got := ""
		if len(a.Authors) > 0 {
			got = a.Authors[0]
		}
		if got != c.want || len(a.Authors) > 1 {
			t.Errorf("%s: authors %q, want %q", c.line, a.Authors, c.want)
		}
	}
}
