package extract

import (
	"slices"
	"strings"
	"testing"
	"unicode"
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

// collapse must equal the plain rune-by-rune definition it speeds up.
func FuzzCollapse(f *testing.F) {
	for _, s := range []string{" a  b\t\nc ", "\u00a0x\u200by\u2028z\u0085", "\xff\xfe bad", "", "   ", "é  ü\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		space := false
		for _, r := range s {
			if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' {
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
		if got := collapse(s); got != b.String() {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, b.String())
		}
	})
}

func TestWordsOfTextWithoutSpaces(t *testing.T) {
	// Chinese and Japanese characters are words of their own; other
	// scripts' words run to the next space or mark.
	cases := map[string][]string{
		"東北新幹線、大雪":        {"東", "北", "新", "幹", "線", "大", "雪"},
		"JR東日本は12日":       {"jr", "東", "日", "本", "は", "12", "日"},
		"Grève à la SNCF": {"grève", "à", "la", "sncf"},
		"서울 시장 선거":        {"서울", "시장", "선거"}, // Korean spaces its words
	}
	for s, want := range cases {
		if got := words(s); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", s, got, want)
		}
		if n := countWords(s); n != len(want) {
			t.Errorf("countWords(%q) = %d, want %d", s, n, len(want))
		}
	}
}

func TestContainsFoldAgreesWithToLower(t *testing.T) {
	for _, c := range []struct{ s, w string }{
		{"The Council MET on Tuesday", "met"}, {"The Council met", "council"}, {"no match here", "council"},
		{"ÉCOLE Publique", "publique"}, {"Kelvin \u212Aey", "key"}, {"短い 文 Tokyo", "tokyo"}, {"école", "école"}, {"", "a"}, {"", ""}, {"ab", "abc"}, {"A-B 9", "a-b 9"},
	} {
		if got, want := containsFold(c.s, c.w), strings.Contains(strings.ToLower(c.s), c.w); got != want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", c.s, c.w, got, want)
		}
	}
}
