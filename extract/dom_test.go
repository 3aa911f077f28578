package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// shortText must agree with textOf on every element: it only stops early.
func FuzzShortText(f *testing.F) {
	for _, s := range []string{
		"<p>  By <b>Ann\u00a0Smith</b>\n\n and <i>Bo</i></p>",
		"<div><h2>Related</h2><ul><li><a href=/a>One two three</a></li><li>x<br>y</li></ul></div>",
		"<span>" + strings.Repeat("word ", 80) + "</span><script>var x</script>",
		"<p>\u200b  <span>   </span>  </p><table><tr><td>a</td><td>b</td></tr></table>",
	} {
		f.Add(s, 40)
	}
	f.Fuzz(func(t *testing.T, doc string, max int) {
		// Parse decodes every page to valid UTF-8 first; only then are
		// text nodes whole runes, which shortText relies on.
		if max < 0 || max > 1000 || !utf8.ValidString(doc) {
			return
		}
		root, err := html.Parse(strings.NewReader(doc))
		if err != nil {
			return
		}
		each(root, func(n *html.Node) bool {
			want := textOf(n)
			got, ok := shortText(n, max)
			if ok != (len(want) <= max) || ok && got != want {
				t.Fatalf("shortText(%v, %d) = %q, %v; textOf = %q", n.Data, max, got, ok, want)
			}
			return true
		})
	})
}
